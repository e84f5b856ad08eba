// "Check this signature": a detached signature made the way the AWS recipe makes them:
// `aws kms sign --message-type RAW --signing-algorithm ECDSA_SHA_512` over a message
// file, the DER signature in another file. The key is a PEM file, or a KMS key ARN or
// alias — pinned on this computer, or fetched and pinned when online. A PEM key says
// who signed only when it is a key pinned on this computer; otherwise a match shows
// only that the message fits that key, and the result says so. These
// signatures are made elsewhere, so both low and high S are accepted (as OpenSSL and
// Wycheproof do); the key must be EC P-521, the only key ECDSA_SHA_512 is made with here.
import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import { readFile, realpath } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { SignetError } from '../../shared/errors.js';
import { publicKeyOf, spkiFingerprint } from '../keyring/keyring.js';
import { isStrictDerEcdsaSignature } from '../signatures/derSignature.js';
import { ecdsaCurveOf } from '../signatures/lowS.js';
import type { SignetContext } from './context.js';
import { signerKey } from './learnKeys.js';

export interface SignatureCheck {
  keyDescription: string;
  fingerprint: string;
  /** How the key was known, in words; says so when the key came with the message. */
  how: string;
  /**
   * The key is one this computer knows for the organisation: pinned, or fetched from KMS
   * now. Only then does a match say who signed; with any other key it says only that the
   * message matches that key.
   */
  keyKnown: boolean;
  /** The key is a PEM file in the message's or the signature's folder: it shows only that they match, not who signed. */
  keyCameWithMessage: boolean;
}

async function readOrExplain(path: string, what: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch {
    throw new SignetError('INPUT_NOT_FOUND', `The ${what} ${path} can't be read.`);
  }
}

async function keyFor(ctx: SignetContext | undefined, keyRef: string, online: boolean): Promise<{ key: KeyObject; description: string; how: string; known: boolean; file?: string }> {
  if (!keyRef.startsWith('arn:') && !keyRef.startsWith('alias/')) {
    const pem = await readOrExplain(keyRef, 'public key file');
    let key: KeyObject;
    try {
      key = createPublicKey(pem);
    } catch {
      throw new SignetError('USAGE', `${keyRef} is not a PEM public key.`);
    }
    const fingerprint = spkiFingerprint(key.export({ type: 'spki', format: 'der' }));
    const pinned = ctx?.keyring.list().find((known) => known.fingerprint === fingerprint);
    const how = pinned ? `the public key in ${keyRef}, which is ${pinned.keyArn} as pinned on this computer on ${pinned.learnedAt}` : `the public key in ${keyRef}, which is not a key this computer knows for your organisation`;
    return { key, description: keyRef, how, known: pinned !== undefined, file: keyRef };
  }
  if (!ctx) throw new SignetError('CONFIG_INVALID', 'Naming a KMS key needs an organisation configuration (--config).');
  const { key, source } = await signerKey(ctx, keyRef, online);
  const how = source === 'pinned' ? `the key pinned on this computer on ${key.learnedAt}` : `the key fetched from AWS KMS and pinned on ${key.learnedAt}`;
  return { key: publicKeyOf(key), description: key.keyArn, how, known: true };
}

const CURVE_NAMES: Record<string, string> = { prime256v1: 'P-256', secp384r1: 'P-384', secp521r1: 'P-521', secp256k1: 'secp256k1' };

/** What kind of key `key` is, in words: "an RSA key (2048 bits)", "an EC key on P-256", "an Ed25519 key". */
function kindOf(key: KeyObject): string {
  const details = key.asymmetricKeyDetails;
  switch (key.asymmetricKeyType) {
    case 'rsa':
    case 'rsa-pss':
      return `an RSA key (${details?.modulusLength ?? '?'} bits)`;
    case 'ec':
      return `an EC key on ${CURVE_NAMES[details?.namedCurve ?? ''] ?? details?.namedCurve ?? 'an unknown curve'}`;
    case 'ed25519':
      return 'an Ed25519 key';
    default:
      return `a ${key.asymmetricKeyType ?? 'key of unknown type'} key`;
  }
}

/** The folder `path` really sits in, following links. */
const folderOf = async (path: string): Promise<string> => dirname(await realpath(path));

/** Checks `signaturePath` over `messagePath` with `keyRef`: a PEM file, or a KMS key ARN or alias. */
export async function checkSignature(ctx: SignetContext | undefined, messagePath: string, signaturePath: string, keyRef: string, online = true): Promise<SignatureCheck> {
  const [message, signature] = await Promise.all([readOrExplain(messagePath, 'message'), readOrExplain(signaturePath, 'signature')]);
  if (!isStrictDerEcdsaSignature(signature)) {
    throw new SignetError(
      'BAD_SIGNATURE',
      `Do not trust ${basename(messagePath)}: ${basename(signaturePath)} is not a well-formed ECDSA signature (strict DER), so it proves nothing. Ask the sender for the signature again.`,
    );
  }
  const { key, description, how, known, file } = await keyFor(ctx, keyRef, online);
  if (ecdsaCurveOf(key) !== 'P-521') {
    throw new SignetError(
      'USAGE',
      `${description} is ${kindOf(key)}, but a signature made with ECDSA_SHA_512 (as \`aws kms sign --signing-algorithm ECDSA_SHA_512\` makes) needs an EC P-521 key (KMS key spec ECC_NIST_P521). Check it with the sender's P-521 public key.`,
    );
  }
  // High S is accepted here: (r, n − s) proves no less than (r, s) about this message and key.
  if (!verify('sha512', message, key, signature)) {
    throw new SignetError(
      'BAD_SIGNATURE',
      `Do not trust ${basename(messagePath)}: its signature (${basename(signaturePath)}) does not match it with ${description} — the message or the signature was changed, or another key signed it. Ask the sender for the original.`,
    );
  }
  const keyFolder = file === undefined ? undefined : await folderOf(file);
  const [messageFolder, signatureFolder] = await Promise.all([folderOf(messagePath), folderOf(signaturePath)]);
  const cameWith = keyFolder === messageFolder ? 'the message' : keyFolder === signatureFolder ? 'the signature' : undefined;
  return {
    keyDescription: description,
    fingerprint: spkiFingerprint(key.export({ type: 'spki', format: 'der' })),
    how: cameWith && !known ? `${how}; it came with ${cameWith} — it proves only that the message matches that key, not who sent it` : how,
    keyKnown: known,
    keyCameWithMessage: cameWith !== undefined,
  };
}
