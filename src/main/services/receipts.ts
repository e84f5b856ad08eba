// Receipts: what this computer proved when it opened a seal — the signed manifest and
// its signature — kept in SIGNET_HOME/opened under the seal's header hash, one receipt
// per seal. With its receipt a seal can be checked again later — offline, without
// decrypting anything — against the signer key pinned on this computer.
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { SignetError } from '../../shared/errors.js';
import { headerId, readHeader, type OpenResult } from '../engine/open.js';
import { verifyManifestSignature, type Verified } from '../engine/signature.js';
import { writeFileAtomic } from '../fs/atomicWrite.js';
import type { SignatureBlock } from '../format/manifest.js';
import type { SignetContext } from './context.js';
import { signerKeyLookup } from './learnKeys.js';

const ReceiptSchema = z.object({ version: z.literal(1), openedAt: z.string(), input: z.string(), manifest: z.string(), signature: z.string(), kmsRequestId: z.string() }).strict();

type Receipt = z.infer<typeof ReceiptSchema>;

const folder = (home: string): string => join(home, 'opened');

/** Keeps the receipt of `result`, the open of the seal at `input`. */
export async function keepReceipt(home: string, input: string, result: OpenResult): Promise<void> {
  await mkdir(folder(home), { recursive: true, mode: 0o700 });
  const receipt: Receipt = {
    version: 1,
    openedAt: new Date().toISOString(),
    input,
    manifest: result.manifestBytes.toString('base64'),
    signature: result.signature.toString('base64'),
    kmsRequestId: result.signatureBlock.kmsRequestId,
  };
  await writeFileAtomic(join(folder(home), `${result.headerSha256}.json`), JSON.stringify(receipt));
}

export interface ReceiptCheck extends Verified {
  openedAt: string;
}

/** The receipt in `path`; a damaged one is CONFIG_INVALID naming the file and what to do. */
function parseReceipt(text: string, path: string): Receipt {
  try {
    return ReceiptSchema.parse(JSON.parse(text));
  } catch {
    throw new SignetError('CONFIG_INVALID', `The record of an earlier open, ${path}, is damaged. Delete it and open the .signet file again to check it.`);
  }
}

/** Checks a seal this computer opened before, offline, against its receipt. */
export async function checkReceipt(ctx: SignetContext, sealedPath: string): Promise<ReceiptCheck> {
  const id = headerId(await readHeader(sealedPath));
  const path = join(folder(ctx.home), `${id}.json`);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new SignetError('NOT_OPENED_HERE');
  }
  const receipt = parseReceipt(text, path);
  const manifestBytes = Buffer.from(receipt.manifest, 'base64');
  const signature = Buffer.from(receipt.signature, 'base64');
  const { manifest, signer } = await verifyManifestSignature(manifestBytes, signature, signerKeyLookup(ctx, false));
  const signatureBlock: SignatureBlock = {
    format: 'signet-signature/1',
    keyArn: manifest.signer.keyArn,
    signingAlgorithm: 'ECDSA_SHA_512',
    messageType: 'DIGEST',
    signature: receipt.signature,
    kmsRequestId: receipt.kmsRequestId,
  };
  return { manifest, manifestBytes, signature, signatureBlock, signer, openedAt: receipt.openedAt };
}
