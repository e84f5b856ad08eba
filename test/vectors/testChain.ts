// A minimal certificate chain for the version 2 test vectors and engine tests: a root
// and an issuing CA (EC P-521, SHA-512) and end-entity certificates for given keys.
// Only what a seal needs to carry and a test's trust decision needs to check; the
// certificate profiles proper (docs/TRUST.md) are the PKI code's and its tests'.
import 'reflect-metadata';
import { X509Certificate, createPublicKey, webcrypto, type KeyObject } from 'node:crypto';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto as Crypto);

const ECDSA_P521 = { name: 'ECDSA', namedCurve: 'P-521' };
const SIGNING = { name: 'ECDSA', hash: 'SHA-512' };
const NOT_BEFORE = new Date('2026-01-01T00:00:00Z');
const NOT_AFTER = new Date('2036-01-01T00:00:00Z');

async function cryptoKeys(privateKey: KeyObject): Promise<CryptoKeyPair> {
  const pkcs8 = privateKey.export({ type: 'pkcs8', format: 'der' });
  const spki = createPublicKey(privateKey).export({ type: 'spki', format: 'der' });
  return {
    privateKey: await webcrypto.subtle.importKey('pkcs8', pkcs8, ECDSA_P521, true, ['sign']),
    publicKey: await webcrypto.subtle.importKey('spki', spki, ECDSA_P521, true, ['verify']),
  };
}

async function publicCryptoKey(key: KeyObject): Promise<CryptoKey> {
  const spki = key.export({ type: 'spki', format: 'der' });
  if (key.asymmetricKeyType === 'rsa') return webcrypto.subtle.importKey('spki', spki, { name: 'RSA-OAEP', hash: 'SHA-256' }, true, ['encrypt']);
  return webcrypto.subtle.importKey('spki', spki, ECDSA_P521, true, ['verify']);
}

/** A CA's private key and certificate (DER). */
export interface TestCa {
  privateKey: KeyObject;
  der: Buffer;
  name: string;
}

export async function makeRoot(privateKey: KeyObject, name = 'CN=Signet Test Root CA, O=Signet Test'): Promise<TestCa> {
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '01',
    name,
    notBefore: NOT_BEFORE,
    notAfter: NOT_AFTER,
    signingAlgorithm: SIGNING,
    keys: await cryptoKeys(privateKey),
    extensions: [new x509.BasicConstraintsExtension(true, undefined, true), new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true)],
  });
  return { privateKey, der: Buffer.from(cert.rawData), name };
}

/** What an issued certificate is: an end entity, an issuing CA (path length 0), or a time-stamping authority (RFC 3161 profile). */
export type Profile = 'end-entity' | 'ca' | 'timestamping';

const PROFILE_EXTENSIONS: Record<Profile, () => x509.Extension[]> = {
  'end-entity': () => [new x509.BasicConstraintsExtension(false, undefined, true)],
  ca: () => [new x509.BasicConstraintsExtension(true, 0, true), new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign | x509.KeyUsageFlags.digitalSignature, true)],
  timestamping: () => [
    new x509.BasicConstraintsExtension(false, undefined, true),
    new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
    new x509.ExtendedKeyUsageExtension(['1.3.6.1.5.5.7.3.8'], true),
  ],
};

/** A certificate for `subjectKey` (public or private) issued by `issuer`, with `profile`'s extensions (`true`: an issuing CA). */
export async function issue(issuer: TestCa, subjectKey: KeyObject, name: string, serialNumber: string, profile: Profile | boolean = 'end-entity'): Promise<Buffer> {
  const extensions = PROFILE_EXTENSIONS[profile === true ? 'ca' : profile === false ? 'end-entity' : profile]();
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber,
    subject: name,
    issuer: issuer.name,
    notBefore: NOT_BEFORE,
    notAfter: NOT_AFTER,
    signingAlgorithm: SIGNING,
    publicKey: await publicCryptoKey(createPublicKey(subjectKey)),
    signingKey: (await cryptoKeys(issuer.privateKey)).privateKey,
    extensions,
  });
  return Buffer.from(cert.rawData);
}

/**
 * A stand-in for the app's trust decision, for tests only: accepts a chain whose last
 * certificate is issued by `root` and each other by the one after it, and gives the
 * first certificate's key. No validity, usage or revocation checks (src/main/pki does those).
 */
export function chainsTo(root: Buffer): (certificates: Buffer[]) => KeyObject | undefined {
  const anchor = new X509Certificate(root);
  return (certificates) => {
    const chain = certificates.map((der) => new X509Certificate(der));
    const issuers = [...chain.slice(1), anchor];
    const linked = chain.every((cert, i) => cert.checkIssued(issuers[i]!) && cert.verify(issuers[i]!.publicKey));
    return linked ? chain[0]!.publicKey : undefined;
  };
}

export const pemOf = (der: Buffer): string => new X509Certificate(der).toString();
export const derOf = (pem: string): Buffer => Buffer.from(new X509Certificate(pem).raw);
