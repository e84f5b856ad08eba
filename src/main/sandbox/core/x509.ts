// The X.509 toolkit the sandbox's certificate authorities share (ACM PCA and the
// offline root): @peculiar/x509 on Node's WebCrypto, private keys kept as PKCS#8 PEM
// and imported for one signature at a time, PEM conversion, and signed CRLs with a
// CRL number and the issuer's key identifier (RFC 5280, section 5).
import 'reflect-metadata';
import { createPublicKey, generateKeyPair, webcrypto } from 'node:crypto';
import { promisify } from 'node:util';
import { AsnConvert } from '@peculiar/asn1-schema';
import { CRLNumber, id_ce_cRLNumber } from '@peculiar/asn1-x509';
import { AuthorityKeyIdentifierExtension, Extension, PemConverter, X509Certificate, X509CrlGenerator, cryptoProvider, type X509CrlReason, type X509Crl } from '@peculiar/x509';

cryptoProvider.set(globalThis.crypto);

const generateKeyPairAsync = promisify(generateKeyPair);

/** How a private key signs: an ECDSA curve, or RSA with PKCS#1 v1.5. */
export type KeyFamily = { kind: 'ec'; curve: 'P-256' | 'P-384' | 'P-521' } | { kind: 'rsa'; bits: number };
export type Hash = 'SHA-256' | 'SHA-384' | 'SHA-512';

/** A new private key, PKCS#8 PEM. */
export async function generatePrivateKeyPem(family: KeyFamily): Promise<string> {
  const pair = family.kind === 'ec' ? await generateKeyPairAsync('ec', { namedCurve: family.curve }) : await generateKeyPairAsync('rsa', { modulusLength: family.bits });
  return pair.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
}

/** The SubjectPublicKeyInfo (DER) of a PKCS#8 private key. */
export const publicKeyInfo = (privateKeyPem: string): Buffer => createPublicKey(privateKeyPem).export({ type: 'spki', format: 'der' });

/** The WebCrypto algorithm a signature by `family` with `hash` uses. */
export const signingAlgorithm = (family: KeyFamily, hash: Hash): webcrypto.EcdsaParams | webcrypto.RsaHashedImportParams =>
  family.kind === 'ec' ? { name: 'ECDSA', hash } : { name: 'RSASSA-PKCS1-v1_5', hash };

/** The private and public halves of a PKCS#8 key as WebCrypto keys that sign (and verify) with `hash`. */
export async function signingKeys(privateKeyPem: string, family: KeyFamily, hash: Hash): Promise<webcrypto.CryptoKeyPair> {
  const algorithm = family.kind === 'ec' ? { name: 'ECDSA', namedCurve: family.curve } : { name: 'RSASSA-PKCS1-v1_5', hash };
  const der = PemConverter.decodeFirst(privateKeyPem);
  const [privateKey, publicKey] = await Promise.all([
    webcrypto.subtle.importKey('pkcs8', der, algorithm, false, ['sign']),
    webcrypto.subtle.importKey('spki', publicKeyInfo(privateKeyPem), algorithm, true, ['verify']),
  ]);
  return { privateKey, publicKey } as webcrypto.CryptoKeyPair;
}

/** The certificates in a PEM (or single DER) text, in order; throws when any does not parse. */
export function parseCertificates(data: Buffer): X509Certificate[] {
  const text = data.toString('latin1');
  if (!text.includes('-----BEGIN')) return [new X509Certificate(new Uint8Array(data))];
  const blocks = PemConverter.decodeWithHeaders(text);
  if (blocks.length === 0 || blocks.some((b) => b.type !== 'CERTIFICATE')) throw new Error('not a PEM certificate');
  return blocks.map((b) => new X509Certificate(b.rawData));
}

/** Certificates as AWS returns them: PEM blocks joined by newlines, no trailing newline. */
export const pemChain = (certificates: string[]): string => certificates.map((c) => c.trim()).join('\n');

/** A random positive serial number of 16 bytes, hex, as AWS Private CA issues them. */
export function newSerialHex(): string {
  const bytes = webcrypto.getRandomValues(new Uint8Array(16));
  bytes[0] = (bytes[0]! & 0x7f) | 0x01;
  return Buffer.from(bytes).toString('hex');
}

/** A serial number as written by people and tools (colons, upper case, leading zeros) in one form. */
export const normaliseSerial = (serial: string): string => serial.replace(/:/g, '').toLowerCase().replace(/^0+(?=.)/, '');

export interface RevokedEntry {
  serialHex: string;
  revokedAt: number;
  reason: X509CrlReason;
}

export interface CrlRequest {
  issuer: X509Certificate;
  issuerKeyPem: string;
  family: KeyFamily;
  hash: Hash;
  /** The CRL number: higher on every CRL the issuer publishes. */
  number: number;
  thisUpdate: number;
  nextUpdate: number;
  revoked: RevokedEntry[];
}

/** A CRL signed by `issuer`'s key, with its CRL number and authority key identifier. */
export async function signCrl(request: CrlRequest): Promise<X509Crl> {
  const { privateKey } = await signingKeys(request.issuerKeyPem, request.family, request.hash);
  return X509CrlGenerator.create({
    issuer: request.issuer.subjectName,
    thisUpdate: new Date(request.thisUpdate),
    nextUpdate: new Date(request.nextUpdate),
    signingAlgorithm: signingAlgorithm(request.family, request.hash),
    signingKey: privateKey,
    extensions: [
      await AuthorityKeyIdentifierExtension.create(request.issuer.publicKey),
      new Extension(id_ce_cRLNumber, false, AsnConvert.serialize(new CRLNumber(request.number))),
    ],
    entries: request.revoked.map((r) => ({ serialNumber: r.serialHex, revocationDate: new Date(r.revokedAt), reason: r.reason })),
  });
}

// Everything else the sandbox takes from @peculiar/x509 comes through here, so the
// reflect-metadata polyfill it needs is always loaded first.
export {
  AuthorityKeyIdentifierExtension,
  BasicConstraintsExtension,
  CRLDistributionPointsExtension,
  ExtendedKeyUsageExtension,
  KeyUsageFlags,
  KeyUsagesExtension,
  Name,
  Pkcs10CertificateRequest,
  Pkcs10CertificateRequestGenerator,
  SubjectAlternativeNameExtension,
  SubjectKeyIdentifierExtension,
  X509Certificate,
  X509CertificateGenerator,
  X509CrlReason,
  Extension,
  type JsonGeneralName,
} from '@peculiar/x509';
