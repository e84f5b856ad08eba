// Checking a detached signature the way the AWS recipe makes them:
// `aws kms sign --message-type RAW --signing-algorithm ECDSA_SHA_512` over a message
// file, the DER signature in another file. The key is a PEM file, or a KMS key ARN or
// alias — pinned on this computer, or fetched and pinned when online.
import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { SignetError } from '../../shared/errors.js';
import { publicKeyOf, spkiFingerprint } from '../keyring/keyring.js';
import { isStrictDerEcdsaSignature } from '../signatures/derSignature.js';
import type { SignetContext } from './context.js';
import { learnKey } from './keys.js';

export interface DetachedResult {
  keyDescription: string;
  fingerprint: string;
  how: string;
}

async function readOrExplain(path: string, what: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch {
    throw new SignetError('INPUT_NOT_FOUND', `The ${what} ${path} can't be read.`);
  }
}

async function keyFor(ctx: SignetContext | undefined, keyRef: string, online: boolean): Promise<{ key: KeyObject; description: string; how: string }> {
  if (!keyRef.startsWith('arn:') && !keyRef.startsWith('alias/')) {
    const pem = await readOrExplain(keyRef, 'public key file');
    try {
      return { key: createPublicKey(pem), description: keyRef, how: `the public key in ${keyRef}` };
    } catch {
      throw new SignetError('USAGE', `${keyRef} is not a PEM public key.`);
    }
  }
  if (!ctx) throw new SignetError('CONFIG_INVALID', 'Naming a KMS key needs an organisation configuration (--config).');
  const pinned = ctx.keyring.find(keyRef);
  if (pinned) return { key: publicKeyOf(pinned), description: pinned.keyArn, how: `the key pinned on this computer on ${pinned.learnedAt}` };
  if (!online) throw new SignetError('SIGNER_UNKNOWN', undefined, `${keyRef} is not pinned on this computer`);
  try {
    const { key } = await learnKey(ctx, 'receiver', keyRef, 'SIGNER_KEY_CHANGED');
    return { key: publicKeyOf(key), description: key.keyArn, how: `the key fetched from AWS KMS and pinned on ${key.learnedAt}` };
  } catch (error) {
    if (error instanceof SignetError && ['OFFLINE', 'NOT_SIGNED_IN', 'SESSION_EXPIRED', 'NEEDS_RECEIVER_ACCESS', 'ACCESS_DENIED'].includes(error.code)) {
      throw new SignetError('SIGNER_UNKNOWN', undefined, `${keyRef} is not pinned and could not be fetched: ${error.code}`);
    }
    throw error;
  }
}

export async function verifyDetached(ctx: SignetContext | undefined, messagePath: string, signaturePath: string, keyRef: string, online = true): Promise<DetachedResult> {
  const [message, signature] = await Promise.all([readOrExplain(messagePath, 'message'), readOrExplain(signaturePath, 'signature')]);
  if (!isStrictDerEcdsaSignature(signature)) {
    throw new SignetError('BAD_SIGNATURE', 'Do not trust this file: the signature is not a well-formed ECDSA signature (strict DER).');
  }
  const { key, description, how } = await keyFor(ctx, keyRef, online);
  if (!verify('sha512', message, key, signature)) throw new SignetError('BAD_SIGNATURE');
  return { keyDescription: description, fingerprint: spkiFingerprint(key.export({ type: 'spki', format: 'der' })), how };
}
