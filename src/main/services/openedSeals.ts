// What this computer proved when it opened a seal: the signed manifest and its
// signature, kept in SIGNET_HOME/opened under the seal's header hash. With them a seal
// can be checked again later — offline, without decrypting anything — against the
// signer key pinned on this computer.
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { SignetError } from '../../shared/errors.js';
import { headerId, readHeader, type OpenResult } from '../engine/open.js';
import { verifyManifestSignature, type Verified } from '../engine/signature.js';
import { writeFileAtomic } from '../fs/atomicWrite.js';
import type { SignatureBlock } from '../format/manifest.js';
import type { SignetContext } from './context.js';
import { signerKeyLookup } from './keys.js';

const KeptSchema = z.object({ version: z.literal(1), openedAt: z.string(), input: z.string(), manifest: z.string(), signature: z.string(), kmsRequestId: z.string() }).strict();

const folder = (home: string): string => join(home, 'opened');

export async function keepOpened(home: string, input: string, result: OpenResult): Promise<void> {
  await mkdir(folder(home), { recursive: true, mode: 0o700 });
  const kept: z.infer<typeof KeptSchema> = {
    version: 1,
    openedAt: new Date().toISOString(),
    input,
    manifest: result.manifestBytes.toString('base64'),
    signature: result.signature.toString('base64'),
    kmsRequestId: result.signatureBlock.kmsRequestId,
  };
  await writeFileAtomic(join(folder(home), `${result.headerSha256}.json`), JSON.stringify(kept));
}

export interface KeptCheck extends Verified {
  openedAt: string;
}

/** Checks a seal this computer opened before, offline, from what it kept then. */
export async function verifyKept(ctx: SignetContext, sealedPath: string): Promise<KeptCheck> {
  const id = headerId(await readHeader(sealedPath));
  let text: string;
  try {
    text = await readFile(join(folder(ctx.home), `${id}.json`), 'utf8');
  } catch {
    throw new SignetError('NOT_OPENED_HERE');
  }
  const kept = KeptSchema.parse(JSON.parse(text));
  const manifestBytes = Buffer.from(kept.manifest, 'base64');
  const signature = Buffer.from(kept.signature, 'base64');
  const { manifest, signer } = await verifyManifestSignature(manifestBytes, signature, signerKeyLookup(ctx, false));
  const signatureBlock: SignatureBlock = {
    format: 'signet-signature/1',
    keyArn: manifest.signer.keyArn,
    signingAlgorithm: 'ECDSA_SHA_512',
    messageType: 'DIGEST',
    signature: kept.signature,
    kmsRequestId: kept.kmsRequestId,
  };
  return { manifest, manifestBytes, signature, signatureBlock, signer, openedAt: kept.openedAt };
}
