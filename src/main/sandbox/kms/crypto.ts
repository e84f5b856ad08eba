// The cryptography behind the sandbox's KMS keys: real ECDSA (DER signatures), RSA-PSS
// and PKCS#1 v1.5 signatures, RSA-OAEP encryption and AES-256-GCM for symmetric keys,
// so that anything the sandbox produces checks with OpenSSL and anything made locally
// with its public keys decrypts in it. KMS signs digests (MessageType DIGEST) as well
// as messages; Node's one-shot sign always hashes, so digest signing uses the audited
// @noble/curves for ECDSA and the RSA primitive with explicit padding for RSA.
import {
  constants,
  createCipheriv,
  createDecipheriv,
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPair,
  privateDecrypt,
  privateEncrypt,
  publicDecrypt,
  publicEncrypt,
  randomBytes,
  timingSafeEqual,
  type KeyObject,
} from 'node:crypto';
import { promisify } from 'node:util';
import { p256, p384, p521 } from '@noble/curves/nist.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import type { KeyRecord, KeySpec, KeyUsage } from '../core/state.js';

const generateKeyPairAsync = promisify(generateKeyPair);

export const KEY_USAGES: Record<KeySpec, KeyUsage[]> = {
  SYMMETRIC_DEFAULT: ['ENCRYPT_DECRYPT'],
  RSA_2048: ['ENCRYPT_DECRYPT', 'SIGN_VERIFY'],
  RSA_3072: ['ENCRYPT_DECRYPT', 'SIGN_VERIFY'],
  RSA_4096: ['ENCRYPT_DECRYPT', 'SIGN_VERIFY'],
  ECC_NIST_P256: ['SIGN_VERIFY'],
  ECC_NIST_P384: ['SIGN_VERIFY'],
  ECC_NIST_P521: ['SIGN_VERIFY'],
  ECC_SECG_P256K1: ['SIGN_VERIFY'],
};

const RSA_SIGNING = [
  'RSASSA_PSS_SHA_256',
  'RSASSA_PSS_SHA_384',
  'RSASSA_PSS_SHA_512',
  'RSASSA_PKCS1_V1_5_SHA_256',
  'RSASSA_PKCS1_V1_5_SHA_384',
  'RSASSA_PKCS1_V1_5_SHA_512',
];

export function signingAlgorithms(spec: KeySpec): string[] {
  switch (spec) {
    case 'ECC_NIST_P256':
    case 'ECC_SECG_P256K1':
      return ['ECDSA_SHA_256'];
    case 'ECC_NIST_P384':
      return ['ECDSA_SHA_384'];
    case 'ECC_NIST_P521':
      return ['ECDSA_SHA_512'];
    case 'SYMMETRIC_DEFAULT':
      return [];
    default:
      return RSA_SIGNING;
  }
}

export function encryptionAlgorithms(spec: KeySpec): string[] {
  if (spec === 'SYMMETRIC_DEFAULT') return ['SYMMETRIC_DEFAULT'];
  if (spec.startsWith('RSA_')) return ['RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256'];
  return [];
}

/** The hash an algorithm uses, and so the digest length KMS requires for MessageType DIGEST. */
export function hashOf(algorithm: string): { name: 'sha256' | 'sha384' | 'sha512'; length: number } {
  if (algorithm.endsWith('SHA_256')) return { name: 'sha256', length: 32 };
  if (algorithm.endsWith('SHA_384')) return { name: 'sha384', length: 48 };
  return { name: 'sha512', length: 64 };
}

const RSA_BITS: Partial<Record<KeySpec, number>> = { RSA_2048: 2048, RSA_3072: 3072, RSA_4096: 4096 };
const CURVES: Partial<Record<KeySpec, string>> = {
  ECC_NIST_P256: 'prime256v1',
  ECC_NIST_P384: 'secp384r1',
  ECC_NIST_P521: 'secp521r1',
  ECC_SECG_P256K1: 'secp256k1',
};
const NOBLE = { ECC_NIST_P256: p256, ECC_NIST_P384: p384, ECC_NIST_P521: p521, ECC_SECG_P256K1: secp256k1 } as const;

/** Largest plaintext RSA-OAEP takes: modulus bytes − 2·hash length − 2 (446 for RSA_4096/SHA-256). */
export function maxOaepPlaintext(spec: KeySpec, algorithm: string): number {
  const modulusBytes = (RSA_BITS[spec] ?? 0) / 8;
  const hashBytes = algorithm === 'RSAES_OAEP_SHA_1' ? 20 : 32;
  return modulusBytes - 2 * hashBytes - 2;
}

export async function generateKeyMaterial(spec: KeySpec): Promise<Pick<KeyRecord, 'privateKeyPem' | 'secretKey'>> {
  if (spec === 'SYMMETRIC_DEFAULT') return { secretKey: randomBytes(32).toString('base64') };
  const bits = RSA_BITS[spec];
  const encoding = { privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } } as const;
  const pair = bits
    ? await generateKeyPairAsync('rsa', { modulusLength: bits, ...encoding })
    : await generateKeyPairAsync('ec', { namedCurve: CURVES[spec]!, ...encoding });
  // promisify's overloads lose the PEM encoding; the options above make it a string.
  return { privateKeyPem: pair.privateKey as unknown as string };
}

function privateKeyOf(record: KeyRecord): KeyObject {
  if (!record.privateKeyPem) throw new Error(`key ${record.keyId} has no private key`);
  return createPrivateKey(record.privateKeyPem);
}

/** The DER SubjectPublicKeyInfo KMS GetPublicKey returns. */
export function publicKeyDer(record: KeyRecord): Buffer {
  return createPublicKey(privateKeyOf(record)).export({ type: 'spki', format: 'der' });
}

export function digest(algorithm: string, message: Uint8Array): Buffer {
  return createHash(hashOf(algorithm).name).update(message).digest();
}

function ecSecret(record: KeyRecord): Uint8Array {
  const jwk = privateKeyOf(record).export({ format: 'jwk' });
  return Buffer.from(jwk.d!, 'base64url');
}

function ecPublic(record: KeyRecord): Uint8Array {
  const jwk = createPublicKey(privateKeyOf(record)).export({ format: 'jwk' });
  return Buffer.concat([Buffer.from([4]), Buffer.from(jwk.x!, 'base64url'), Buffer.from(jwk.y!, 'base64url')]);
}

// DER DigestInfo prefixes (RFC 8017 §9.2, note 1) for PKCS#1 v1.5 signatures.
const DIGEST_INFO: Record<string, string> = {
  sha256: '3031300d060960864801650304020105000420',
  sha384: '3041300d060960864801650304020205000430',
  sha512: '3051300d060960864801650304020305000440',
};

function mgf1(seed: Buffer, length: number, hash: string): Buffer {
  const blocks: Buffer[] = [];
  for (let counter = 0; blocks.length * seed.length < length + seed.length; counter++) {
    const c = Buffer.alloc(4);
    c.writeUInt32BE(counter);
    blocks.push(createHash(hash).update(seed).update(c).digest());
  }
  return Buffer.concat(blocks).subarray(0, length);
}

/** EMSA-PSS encoding (RFC 8017 §9.1.1) with salt length = hash length, as KMS uses. */
function pssEncode(mHash: Buffer, emBits: number, hash: string, salt: Buffer): Buffer {
  const hLen = mHash.length;
  const emLen = Math.ceil(emBits / 8);
  const h = createHash(hash).update(Buffer.alloc(8)).update(mHash).update(salt).digest();
  const db = Buffer.concat([Buffer.alloc(emLen - salt.length - hLen - 2), Buffer.from([1]), salt]);
  const masked = mgf1(h, emLen - hLen - 1, hash);
  for (let i = 0; i < db.length; i++) db[i]! ^= masked[i]!;
  db[0]! &= 0xff >> (8 * emLen - emBits);
  return Buffer.concat([db, h, Buffer.from([0xbc])]);
}

function pssVerify(mHash: Buffer, em: Buffer, emBits: number, hash: string): boolean {
  const hLen = mHash.length;
  const emLen = Math.ceil(emBits / 8);
  if (em.length !== emLen || em[emLen - 1] !== 0xbc) return false;
  const db = Buffer.from(em.subarray(0, emLen - hLen - 1));
  const h = em.subarray(emLen - hLen - 1, emLen - 1);
  const masked = mgf1(h, db.length, hash);
  for (let i = 0; i < db.length; i++) db[i]! ^= masked[i]!;
  db[0]! &= 0xff >> (8 * emLen - emBits);
  const salt = db.subarray(db.length - hLen);
  const expected = pssEncode(mHash, emBits, hash, salt);
  return timingSafeEqual(expected, em);
}

function modulusBits(key: KeyObject): number {
  return key.asymmetricKeyDetails?.modulusLength ?? 0;
}

/** Signs a digest of the algorithm's hash length. ECDSA signatures are DER, as KMS returns them. */
export function signDigest(record: KeyRecord, algorithm: string, mHash: Buffer): Buffer {
  const hash = hashOf(algorithm).name;
  if (algorithm.startsWith('ECDSA')) {
    const curve = NOBLE[record.spec as keyof typeof NOBLE];
    return Buffer.from(curve.sign(mHash, ecSecret(record), { prehash: false, format: 'der', lowS: false }));
  }
  const key = privateKeyOf(record);
  if (algorithm.startsWith('RSASSA_PKCS1')) {
    return privateEncrypt({ key, padding: constants.RSA_PKCS1_PADDING }, Buffer.concat([Buffer.from(DIGEST_INFO[hash]!, 'hex'), mHash]));
  }
  const bits = modulusBits(key);
  const em = pssEncode(mHash, bits - 1, hash, randomBytes(mHash.length));
  const padded = Buffer.concat([Buffer.alloc(bits / 8 - em.length), em]);
  return privateEncrypt({ key, padding: constants.RSA_NO_PADDING }, padded);
}

export function verifyDigest(record: KeyRecord, algorithm: string, mHash: Buffer, signature: Buffer): boolean {
  const hash = hashOf(algorithm).name;
  try {
    if (algorithm.startsWith('ECDSA')) {
      const curve = NOBLE[record.spec as keyof typeof NOBLE];
      return curve.verify(signature, mHash, ecPublic(record), { prehash: false, format: 'der', lowS: false });
    }
    const key = createPublicKey(privateKeyOf(record));
    const bits = modulusBits(key);
    if (signature.length !== bits / 8) return false;
    const opened = publicDecrypt(
      { key, padding: algorithm.startsWith('RSASSA_PKCS1') ? constants.RSA_PKCS1_PADDING : constants.RSA_NO_PADDING },
      signature,
    );
    if (algorithm.startsWith('RSASSA_PKCS1')) {
      const expected = Buffer.concat([Buffer.from(DIGEST_INFO[hash]!, 'hex'), mHash]);
      return opened.length === expected.length && timingSafeEqual(opened, expected);
    }
    const emLen = Math.ceil((bits - 1) / 8);
    return pssVerify(mHash, opened.subarray(opened.length - emLen), bits - 1, hash);
  } catch {
    return false;
  }
}

const oaepHash = (algorithm: string): string => (algorithm === 'RSAES_OAEP_SHA_1' ? 'sha1' : 'sha256');

export function rsaEncrypt(record: KeyRecord, algorithm: string, plaintext: Buffer): Buffer {
  return publicEncrypt({ key: createPublicKey(privateKeyOf(record)), padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: oaepHash(algorithm) }, plaintext);
}

/** Undefined when the ciphertext does not decrypt under this key and algorithm. */
export function rsaDecrypt(record: KeyRecord, algorithm: string, ciphertext: Buffer): Buffer | undefined {
  try {
    return privateDecrypt({ key: privateKeyOf(record), padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: oaepHash(algorithm) }, ciphertext);
  } catch {
    return undefined;
  }
}

// Symmetric ciphertext blobs: version 1 ‖ key id (16 bytes of the UUID) ‖ 12-byte nonce ‖
// 16-byte tag ‖ ciphertext. The encryption context, canonicalised, is the GCM AAD, so a
// blob decrypts only with the same context, as in KMS.
const BLOB_VERSION = 1;

function contextAad(context: Record<string, string> | undefined): Buffer {
  const entries = Object.entries(context ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Buffer.from(JSON.stringify(entries));
}

const uuidBytes = (keyId: string): Buffer => Buffer.from(keyId.replace(/-/g, ''), 'hex');

export function symmetricEncrypt(record: KeyRecord, plaintext: Buffer, context?: Record<string, string>): Buffer {
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', Buffer.from(record.secretKey!, 'base64'), nonce);
  cipher.setAAD(contextAad(context));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([Buffer.from([BLOB_VERSION]), uuidBytes(record.keyId), nonce, cipher.getAuthTag(), body]);
}

/** The key id a symmetric blob names, or undefined if it is not one of ours. */
export function symmetricBlobKeyId(blob: Buffer): string | undefined {
  if (blob.length < 1 + 16 + 12 + 16 || blob[0] !== BLOB_VERSION) return undefined;
  const hex = blob.subarray(1, 17).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function symmetricDecrypt(record: KeyRecord, blob: Buffer, context?: Record<string, string>): Buffer | undefined {
  try {
    const decipher = createDecipheriv('aes-256-gcm', Buffer.from(record.secretKey!, 'base64'), blob.subarray(17, 29));
    decipher.setAAD(contextAad(context));
    decipher.setAuthTag(blob.subarray(29, 45));
    return Buffer.concat([decipher.update(blob.subarray(45)), decipher.final()]);
  } catch {
    return undefined;
  }
}
