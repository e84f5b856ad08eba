// Certificate requests (PKCS #10) for the keys Signet certifies (docs/TRUST.md,
// "Certificate profiles"). A person's key lives in KMS and signs only digests, so
// buildCsr hands the SHA-512 of the request's CertificationRequestInfo to an external
// signer (KMS Sign, MessageType DIGEST, ECDSA_SHA_512) and wraps the DER signature it
// returns: the request proves the requester holds that key. A team's RSA key is for
// ENCRYPT_DECRYPT and cannot sign at all, so buildEncryptionKeyCsr signs with a
// throwaway P-521 key instead. Such a request's signature proves nothing about the
// team key — only that the request was not altered — so whoever issues from it must
// check the key itself: signet admin reads the public key from KMS with GetPublicKey
// and compares the issued certificate's key with KMS again.
import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import { CertificationRequest, CertificationRequestInfo } from '@peculiar/asn1-csr';
import { AlgorithmIdentifier, Name as AsnName, SubjectPublicKeyInfo } from '@peculiar/asn1-x509';
import { AsnConvert } from '@peculiar/asn1-schema';
import { SignetError } from '../../shared/errors.js';
import { Name, PemConverter, Pkcs10CertificateRequest } from './x509.js';

const ECDSA_WITH_SHA512 = '1.2.840.10045.4.3.4';

export interface CsrRequest {
  /** The subject as 'CN=…, OU=…, O=…'. */
  subject: string;
  /** The key to certify, as DER SubjectPublicKeyInfo (what KMS GetPublicKey returns). */
  publicKeySpki: Buffer;
}

/** Signs a SHA-512 digest with the key being certified; returns a DER ECDSA signature. */
export type DigestSigner = (sha512Digest: Buffer) => Promise<Buffer>;

/** The DER CertificationRequestInfo: version 1 (0), subject, public key, no attributes. */
function requestInfo({ subject, publicKeySpki }: CsrRequest): Buffer {
  const info = new CertificationRequestInfo({
    version: 0,
    subject: AsnConvert.parse(new Name(subject).toArrayBuffer(), AsnName),
    subjectPKInfo: AsnConvert.parse(publicKeySpki, SubjectPublicKeyInfo),
  });
  return Buffer.from(AsnConvert.serialize(info));
}

/** The PEM request around `info` and its ecdsa-with-SHA512 signature; refuses a signature that does not verify with the request's key. */
async function assemble(info: Buffer, signature: Buffer, verifyWith: 'own key' | 'throwaway key'): Promise<string> {
  const request = new CertificationRequest({
    certificationRequestInfo: AsnConvert.parse(info, CertificationRequestInfo),
    signatureAlgorithm: new AlgorithmIdentifier({ algorithm: ECDSA_WITH_SHA512 }),
    signature: new Uint8Array(signature).buffer,
  });
  const der = AsnConvert.serialize(request);
  if (verifyWith === 'own key' && !(await new Pkcs10CertificateRequest(der).verify())) {
    throw new SignetError('INTERNAL', undefined, "the signer's signature does not verify with the public key being certified: it signed with another key");
  }
  return `${PemConverter.encode(der, 'CERTIFICATE REQUEST')}\n`;
}

/** A PKCS #10 request for an ECDSA P-521 key, signed through `sign` over SHA-512 of the request info. */
export async function buildCsr(request: CsrRequest & { sign: DigestSigner }): Promise<string> {
  const info = requestInfo(request);
  const signature = await request.sign(createHash('sha512').update(info).digest());
  return assemble(info, signature, 'own key');
}

/**
 * A PKCS #10 request for a key that cannot sign (a team's RSA encryption key), signed
 * by a throwaway P-521 key that is discarded at once. The signature does not prove
 * possession of the key in the request; see this module's first comment.
 */
export async function buildEncryptionKeyCsr(request: CsrRequest): Promise<string> {
  const info = requestInfo(request);
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-521' });
  return assemble(info, sign('sha512', info, privateKey), 'throwaway key');
}
