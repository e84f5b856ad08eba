// Local stand-ins for KMS keys, for unit tests of the format and engine that fake the
// KMS boundary on purpose (signing and unwrapping with keys held in the test). The
// integration tests use the sandbox through the real SDK instead.
import { constants, createPublicKey, generateKeyPairSync, privateDecrypt, type KeyObject } from 'node:crypto';
import { p521 } from '@noble/curves/nist.js';
import { spkiFingerprint } from '../../src/main/keyring/keyring.js';
import type { SealRecipient, SignerIdentity, DigestSigner } from '../../src/main/engine/seal.js';
import { pinnedKeyWrapper, unwrapFirst, type Unwrapper } from '../../src/main/engine/recipients.js';
import type { SignerKeyLookup } from '../../src/main/engine/signature.js';
import { SignetError } from '../../src/shared/errors.js';

export interface LocalSigner {
  identity: SignerIdentity;
  sign: DigestSigner;
  publicKey: KeyObject;
  privateKey: KeyObject;
  lookup: SignerKeyLookup;
}

export function localSigner(
  keyArn = 'arn:aws:kms:us-east-1:111122223333:key/00000000-0000-4000-8000-00000000000a',
  privateKey: KeyObject = generateKeyPairSync('ec', { namedCurve: 'P-521' }).privateKey,
): LocalSigner {
  const publicKey = createPublicKey(privateKey);
  const fingerprint = spkiFingerprint(publicKey.export({ type: 'spki', format: 'der' }));
  return {
    publicKey,
    privateKey,
    identity: { keyArn, publicKeySha256: fingerprint, sessionArn: 'arn:aws:sts::111122223333:assumed-role/SignetSender/alice', sourceIdentity: 'alice', accountId: '111122223333' },
    // Signing the digest locally stands in for KMS Sign with MessageType DIGEST: the
    // result is the same DER ECDSA signature over SHA-512(manifest).
    sign: async (digest) => ({
      signature: Buffer.from(p521.sign(digest, Buffer.from(privateKey.export({ format: 'jwk' }).d!, 'base64url'), { prehash: false, format: 'der' })),
      requestId: 'local-test-request',
    }),
    lookup: async (arn) => {
      if (arn !== keyArn) throw new SignetError('SIGNER_UNKNOWN');
      return { publicKey, fingerprint, source: 'pinned', learnedAt: '2026-11-28T00:00:00.000Z' };
    },
  };
}

export interface LocalRecipient extends SealRecipient {
  privateKey: KeyObject;
}

export function localRecipient(name: string, keyArn: string): LocalRecipient {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { name, keyArn, wrap: pinnedKeyWrapper(publicKey), privateKey };
}

/** Unwraps with whichever of `mine` matches a stanza, as KMS Decrypt would for keys this person may use. */
export function localUnwrapper(mine: LocalRecipient[]): Unwrapper {
  return async (stanzas) => {
    const unwrapped = await unwrapFirst(stanzas, async (stanza) => {
      const key = mine.find((r) => r.keyArn === stanza.keyArn);
      if (!key) return undefined;
      try {
        return privateDecrypt({ key: key.privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, stanza.wrappedKey);
      } catch {
        return undefined;
      }
    });
    if (!unwrapped) throw new SignetError('NOT_FOR_YOU');
    return unwrapped;
  };
}
