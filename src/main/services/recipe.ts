// Opening what the AWS Security Blog recipe "Combining encryption and signing with AWS
// asymmetric keys" makes: message.enc = KMS Encrypt (RSAES_OAEP_SHA_256) of a tar.gz
// holding message.json and message.sig, the signature being KMS Sign
// (ECDSA_SHA_512, RAW) over message.json. Decrypted through KMS with receiver access,
// unpacked with strict limits (two regular files of known names, bounded sizes, no
// links), verified with the organisation's signing key, and only then written out.
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { verify } from 'node:crypto';
import { Readable } from 'node:stream';
import { gunzipSync } from 'node:zlib';
import tar from 'tar-stream';
import { SignetError } from '../../shared/errors.js';
import { unwrapFirst } from '../engine/recipients.js';
import { temporarySibling } from '../fs/atomicWrite.js';
import { publishFile } from '../fs/publish.js';
import type { Stanza } from '../format/header.js';
import { publicKeyOf } from '../keyring/keyring.js';
import { isStrictDerEcdsaSignature } from '../signatures/derSignature.js';
import type { SignetContext } from './context.js';
import { learnKey } from './learnKeys.js';

const MAX_MEMBER = 64 * 1024;
const MEMBERS = ['message.json', 'message.sig'] as const;

export interface RecipeResult {
  signerKeyArn: string;
  fingerprint: string;
  written: string[];
  /** The recipient (by name) whose key decrypted the message, and that key. */
  decryptedWith: string;
  decryptedWithKey: string;
}

async function unpack(tarGz: Buffer): Promise<Record<(typeof MEMBERS)[number], Buffer>> {
  let tarBytes: Buffer;
  try {
    tarBytes = gunzipSync(tarGz, { maxOutputLength: 4 * MAX_MEMBER });
  } catch {
    throw new SignetError('TAMPERED', undefined, 'the decrypted message is not a gzip archive');
  }
  const found: Partial<Record<(typeof MEMBERS)[number], Buffer>> = {};
  const extract = tar.extract();
  const done = new Promise<void>((resolve, reject) => {
    extract.on('entry', (header, stream, next) => {
      const name = header.name.replace(/^\.\//, '') as (typeof MEMBERS)[number];
      if (header.type !== 'file' || !MEMBERS.includes(name) || found[name] || (header.size ?? 0) > MAX_MEMBER) {
        stream.resume();
        reject(new SignetError('UNSAFE_NAME', undefined, `unexpected archive member ${JSON.stringify(header.name)} (${header.type})`));
        return;
      }
      const parts: Buffer[] = [];
      stream.on('data', (d) => parts.push(d as Buffer));
      stream.on('end', () => {
        found[name] = Buffer.concat(parts);
        next();
      });
    });
    extract.on('finish', resolve);
    extract.on('error', () => reject(new SignetError('TAMPERED', undefined, 'the decrypted message is not a valid tar archive')));
  });
  Readable.from([tarBytes]).pipe(extract);
  await done;
  if (!found['message.json'] || !found['message.sig']) throw new SignetError('TAMPERED', undefined, 'the archive lacks message.json or message.sig');
  return found as Record<(typeof MEMBERS)[number], Buffer>;
}

/** Opens the AWS recipe's message.enc at `input` into `destination` (fileKinds.ts tells it from a .signet file). */
export async function openRecipeMessage(ctx: SignetContext, input: string, destination: string, overwrite = false): Promise<RecipeResult> {
  const ciphertext = await readFile(input);
  // The message is tried as if it held one stanza for each of the organisation's recipient keys.
  const candidates: Stanza[] = ctx.config.recipients.map((recipient) => ({ keyArn: recipient.key, wrappedKey: ciphertext }));
  const decrypted = await unwrapFirst(candidates, (stanza) =>
    ctx.kms.decrypt(stanza.keyArn, stanza.wrappedKey).catch((error: unknown) => {
      // A recipient key of another kind (or that cannot decrypt this) is not the one.
      if (error instanceof SignetError && error.code === 'SERVICE_ERROR') return undefined;
      throw error;
    }),
  );
  if (!decrypted) throw new SignetError('NOT_FOR_YOU', undefined, `none of the organisation's recipient keys decrypts ${input}`);
  const decryptedWith = ctx.config.recipients[candidates.indexOf(decrypted.stanza)]!.name;
  const { 'message.json': message, 'message.sig': signature } = await unpack(decrypted.fileKey);
  if (!isStrictDerEcdsaSignature(signature)) throw new SignetError('BAD_SIGNATURE', undefined, 'message.sig is not strict DER');
  const { key } = await learnKey(ctx, 'receiver', ctx.config.signingKey, 'SIGNER_KEY_CHANGED');
  if (!verify('sha512', message, publicKeyOf(key), signature)) throw new SignetError('BAD_SIGNATURE');
  await mkdir(destination, { recursive: true });
  const written: string[] = [];
  try {
    for (const [name, bytes] of [['message.json', message], ['message.sig', signature]] as const) {
      const target = join(destination, name);
      const temporary = temporarySibling(target);
      await writeFile(temporary, bytes, { flag: 'wx', mode: 0o600 });
      try {
        await publishFile(temporary, target, { overwrite, taken: () => new SignetError('OUTPUT_EXISTS', `${target} already exists. Replace it, or choose another folder. Nothing was saved.`) });
      } finally {
        await rm(temporary, { force: true });
      }
      written.push(target);
    }
  } catch (error) {
    for (const path of written) await rm(path, { force: true });
    throw error;
  }
  return { signerKeyArn: key.keyArn, fingerprint: key.fingerprint, written, decryptedWith, decryptedWithKey: decrypted.stanza.keyArn };
}
