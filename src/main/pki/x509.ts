// The one door to @peculiar/x509. The library resolves its algorithms through a
// decorator registry that needs 'reflect-metadata' loaded first, and it does its
// cryptography through whatever WebCrypto it is given: here Node's, so ECDSA P-521
// with SHA-512 and RSA keys work. Every other module imports X.509 types from here,
// so that set-up happens exactly once, before any certificate is read.
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import type { Certificate } from '@peculiar/asn1-x509';
import { PemConverter, X509Certificate, cryptoProvider } from '@peculiar/x509';

cryptoProvider.set(webcrypto as typeof globalThis.crypto);

/** A certificate that also shows the ASN.1 structure it was read into, so strict checks need no second parse. */
export class ParsedCertificate extends X509Certificate {
  get structure(): Certificate {
    return this.asn;
  }
}

export {
  AuthorityKeyIdentifierExtension,
  BasicConstraintsExtension,
  CRLDistributionPointsExtension,
  ExtendedKeyUsageExtension,
  Extension,
  KeyUsageFlags,
  KeyUsagesExtension,
  Name,
  PemConverter,
  Pkcs10CertificateRequest,
  SubjectAlternativeNameExtension,
  SubjectKeyIdentifierExtension,
  X509Certificate,
  X509CertificateGenerator,
  X509Crl,
  X509CrlEntry,
  X509CrlGenerator,
  X509CrlReason,
} from '@peculiar/x509';

/** DER bytes as PEM text under `label` ("CERTIFICATE", "X509 CRL"), ending with a newline. */
export const pemOf = (der: ArrayBuffer | Uint8Array, label: string): string => `${PemConverter.encode(new Uint8Array(der).buffer, label)}\n`;
