// Checking the signature on a certificate or a CRL with the issuer's key
// (docs/TRUST.md, "Checking a certificate", steps 3 and 8). OpenSSL, through Node's
// crypto, does the arithmetic: a P-521 check costs a fraction of a millisecond there
// against about 6 ms through WebCrypto. Keys WebCrypto could not use (curves other
// than P-256, P-384 and P-521; key types other than RSA and EC) and CRL signature
// algorithms outside the table below still go through @peculiar/x509, so what verifies
// is exactly what verified before. A result depends only on the bytes of the two
// objects, so it is remembered by their SHA-256 for the life of the process.
import { X509Certificate as NodeCertificate, verify, type KeyObject } from 'node:crypto';
import { certificateSha256 } from './certificates.js';
import type { X509Certificate } from './x509.js';

/** What a signature covers and how it was made, read from a signed X.509 structure. */
export interface SignedPart {
  /** The DER of the to-be-signed part, as received. */
  tbs: Buffer;
  /** The signature algorithm's OID. */
  algorithm: string;
  /** The signature value: DER ECDSA-Sig-Value for ECDSA, the raw block for RSA. */
  signature: Buffer;
}

/** The signature algorithms OpenSSL checks here, by OID: the hash and the key type they need. */
const NATIVE_ALGORITHMS: Record<string, { hash: string; keyType: 'ec' | 'rsa' } | undefined> = {
  '1.2.840.10045.4.3.2': { hash: 'sha256', keyType: 'ec' },
  '1.2.840.10045.4.3.3': { hash: 'sha384', keyType: 'ec' },
  '1.2.840.10045.4.3.4': { hash: 'sha512', keyType: 'ec' },
  '1.2.840.113549.1.1.11': { hash: 'sha256', keyType: 'rsa' },
  '1.2.840.113549.1.1.12': { hash: 'sha384', keyType: 'rsa' },
  '1.2.840.113549.1.1.13': { hash: 'sha512', keyType: 'rsa' },
};
/** The curves WebCrypto implements, in OpenSSL's names. */
const WEBCRYPTO_CURVES = new Set(['prime256v1', 'secp384r1', 'secp521r1']);
/** Far above the certificates and CRLs one process meets; only a bound on memory. */
const MAX_REMEMBERED = 10_000;

interface Facts {
  sha256: string;
  node: NodeCertificate;
}

const facts = new WeakMap<X509Certificate, Facts>();
const results = new Map<string, boolean>();

function factsOf(cert: X509Certificate): Facts {
  let found = facts.get(cert);
  if (!found) {
    found = { sha256: certificateSha256(cert), node: new NodeCertificate(Buffer.from(cert.rawData)) };
    facts.set(cert, found);
  }
  return found;
}

/** The issuer's key when OpenSSL can check with it as WebCrypto would; undefined for any other key. */
function nativeKey(issuer: Facts): KeyObject | undefined {
  const key = issuer.node.publicKey;
  if (key.asymmetricKeyType === 'rsa') return key;
  if (key.asymmetricKeyType === 'ec' && WEBCRYPTO_CURVES.has(key.asymmetricKeyDetails?.namedCurve ?? '')) return key;
  return undefined;
}

async function remembered(key: string, check: () => Promise<boolean>): Promise<boolean> {
  const known = results.get(key);
  if (known !== undefined) return known;
  const result = await check().catch(() => false);
  if (results.size >= MAX_REMEMBERED) results.clear();
  results.set(key, result);
  return result;
}

/** Whether `cert`'s signature verifies with `issuer`'s public key. Nothing else about either is checked. */
export function certificateSignedBy(cert: X509Certificate, issuer: X509Certificate): Promise<boolean> {
  const [child, parent] = [factsOf(cert), factsOf(issuer)];
  return remembered(`certificate ${child.sha256} ${parent.sha256}`, async () => {
    const key = nativeKey(parent);
    return key ? child.node.verify(key) : cert.verify({ publicKey: issuer, signatureOnly: true });
  });
}

/**
 * Whether a CRL's signature verifies with `issuer`'s public key. `signed` is undefined
 * when the CRL's two algorithm fields differ, which nothing verifies; `library` is the
 * @peculiar/x509 check, used for keys and algorithms OpenSSL is not asked about here.
 */
export function crlSignedBy(crlSha256: string, signed: SignedPart | undefined, issuer: X509Certificate, library: () => Promise<boolean>): Promise<boolean> {
  const parent = factsOf(issuer);
  return remembered(`crl ${crlSha256} ${parent.sha256}`, async () => {
    if (!signed) return false;
    const algorithm = NATIVE_ALGORITHMS[signed.algorithm];
    const key = nativeKey(parent);
    if (!algorithm || !key) return library();
    return key.asymmetricKeyType === algorithm.keyType && verify(algorithm.hash, signed.tbs, key, signed.signature);
  });
}
