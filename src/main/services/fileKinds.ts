// What a file or a set of files is, decided in one place for the CLI and the app: a
// .signet seal or the AWS blog recipe's message.enc (services/recipe.ts) to open, an
// evidence folder or a key file to check or import, a message with its detached .sig,
// or else files to seal.
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { SignetError } from '../../shared/errors.js';
import type { ResponseOf } from '../../shared/ipc.js';
import { isEvidenceFolder } from './evidenceFolder.js';
import { readHeader } from '../engine/open.js';

/**
 * The sizes the recipe's message.enc can have. It is what KMS Encrypt returns for an RSA
 * key with RSAES_OAEP_SHA_256: the raw RSA-OAEP ciphertext, exactly as long as the
 * key's modulus — 512 bytes for the recipe's RSA_4096 key, 256 and 384 for an
 * organisation's RSA_2048 and RSA_3072 recipient keys.
 */
const RECIPE_CIPHERTEXT_SIZES = new Set([256, 384, 512]);

export type SealedFormat = 'signet' | 'aws-recipe';

/** Text is never an RSA ciphertext: one of 256 random bytes or more is all printable ASCII with a chance below 2^-100. */
const isPrintableText = (bytes: Buffer): boolean => bytes.every((b) => (b >= 0x20 && b < 0x7f) || b === 0x09 || b === 0x0a || b === 0x0d);

async function looksLikeRecipeCiphertext(path: string): Promise<boolean> {
  const size = await stat(path).then(
    (s) => s.size,
    () => -1,
  );
  if (!RECIPE_CIPHERTEXT_SIZES.has(size)) return false;
  return readFile(path).then(
    (bytes) => bytes.length === size && !isPrintableText(bytes),
    () => false,
  );
}

/**
 * Which format the sealed file at `path` is in: a .signet file (its header reads), or
 * else one shaped as the recipe's KMS ciphertext (exactly an RSA modulus long, not
 * text; it does not begin with Signet's magic, or its header would have read; and it
 * is not named .signet, a name the recipe never gives its message.enc). Anything
 * else fails as reading the .signet header failed (NOT_A_SIGNET_FILE, TRUNCATED,
 * INPUT_NOT_FOUND, …), before any call to AWS.
 */
export async function sealedFormatOf(path: string): Promise<SealedFormat> {
  return readHeader(path).then(
    () => 'signet' as const,
    async (error: unknown) => {
      if (error instanceof SignetError && error.code === 'NOT_A_SIGNET_FILE' && !path.endsWith('.signet') && (await looksLikeRecipeCiphertext(path))) return 'aws-recipe' as const;
      throw error;
    },
  );
}

/** A message and its detached signature: "x" with "x.sig", or message.json with message.sig. */
export function signaturePair(paths: string[]): { message: string; signature: string } | undefined {
  if (paths.length !== 2) return undefined;
  const [a, b] = paths as [string, string];
  const signature = a.endsWith('.sig') ? a : b.endsWith('.sig') ? b : undefined;
  const message = signature === a ? b : a;
  if (!signature || message.endsWith('.sig')) return undefined;
  const stem = (p: string) => basename(p).replace(/\.[^.]*$/, '');
  return basename(signature) === `${basename(message)}.sig` || stem(signature) === stem(message) ? { message, signature } : undefined;
}

export type DropKind = ResponseOf<'files:classify'>['kind'];

/** A trust file from IT (`signet admin export`): its name ends .signet-trust, or it says it is one. */
const isTrustFile = (path: string): Promise<boolean> =>
  path.endsWith('.signet-trust')
    ? Promise.resolve(true)
    : readFile(path, 'utf8').then(
        (text) => path.endsWith('.json') && text.includes('"signet-trust/1"'),
        () => false,
      );

/** What dropped files are for: one seal (a .signet, or a recipe's .enc) to open, evidence, a trust file, a message with its signature, or files to seal. */
export async function classifyDrop(paths: string[]): Promise<DropKind> {
  if (paths.length === 1) {
    const only = paths[0]!;
    if (only.endsWith('.signet')) return 'open';
    if (only.endsWith('.enc') && (await sealedFormatOf(only).then((format) => format === 'aws-recipe', () => false))) return 'open';
    if (await isEvidenceFolder(only)) return 'evidence';
    if (await isTrustFile(only)) return 'trust';
  }
  if (signaturePair(paths)) return 'detached';
  return 'seal';
}
