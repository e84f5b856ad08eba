// Receipts: what this computer proved when it opened a seal — the signed manifest and
// its signature (for a version 2 seal, the whole signature block with the sender's
// certificates) — kept in SIGNET_HOME/opened under the seal's header hash, one receipt
// per seal. With its receipt a seal's signature can be checked again later — offline,
// without decrypting anything: a version 1 seal against the organisation's key pinned
// here, a version 2 seal against the organisation's root and the revocation lists held
// here. The receipt is found by the seal's header alone, so such a check says nothing
// about the contents (`signet verify --offline` says so); verifySeal.ts reads them.
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { SignetError } from '../../shared/errors.js';
import { headerId, readHeader, type OpenResult } from '../engine/open.js';
import { verifyCertifiedSignature, verifyManifestSignature } from '../engine/signature.js';
import { writeFileAtomic } from '../fs/atomicWrite.js';
import { encodeCanonical, parseSignatureBlockV2, type SignatureBlockV1 } from '../format/manifest.js';
import type { SignetContext } from './context.js';
import { signerKeyLookup } from './learnKeys.js';
import { openingTrust, type ProvenSigner } from './trust.js';
import type { CheckedSeal } from './verdict.js';

const Base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/);
const ReceiptSchema = z.discriminatedUnion('version', [
  z.object({ version: z.literal(1), openedAt: z.string(), input: z.string(), manifest: Base64, signature: Base64, kmsRequestId: z.string() }).strict(),
  z.object({ version: z.literal(2), openedAt: z.string(), input: z.string(), manifest: Base64, signatureBlock: Base64 }).strict(),
]);

type Receipt = z.infer<typeof ReceiptSchema>;

const folder = (home: string): string => join(home, 'opened');

/** Keeps the receipt of `result`, the open of the seal at `input`. */
export async function keepReceipt(home: string, input: string, result: OpenResult<ProvenSigner>): Promise<void> {
  await mkdir(folder(home), { recursive: true, mode: 0o700 });
  const common = { openedAt: new Date().toISOString(), input, manifest: result.manifestBytes.toString('base64') };
  const receipt: Receipt =
    'certificates' in result
      ? { version: 2, ...common, signatureBlock: encodeCanonical(result.signatureBlock).toString('base64') }
      : { version: 1, ...common, signature: result.signature.toString('base64'), kmsRequestId: result.signatureBlock.kmsRequestId };
  await writeFileAtomic(join(folder(home), `${result.headerSha256}.json`), JSON.stringify(receipt));
}

/** A receipt checked: the seal as proven now, when it was opened, and the path it was opened from. */
export type ReceiptCheck = CheckedSeal & { openedAt: string; input: string };

/** The receipt in `path`; a damaged one is CONFIG_INVALID naming the file and what to do. */
function parseReceipt(text: string, path: string): Receipt {
  try {
    return ReceiptSchema.parse(JSON.parse(text));
  } catch {
    throw new SignetError('CONFIG_INVALID', `The record of an earlier open, ${path}, is damaged. Delete it and open the .signet file again to check it.`);
  }
}

/** Checks the signature of a seal this computer opened before, offline, against its receipt; the seal's contents are not read. */
export async function checkReceipt(ctx: SignetContext, sealedPath: string): Promise<ReceiptCheck> {
  return checkReceiptById(ctx, headerId(await readHeader(sealedPath)));
}

/**
 * The same check by the receipt's id (the seal's header hash, as the app's activity list
 * records it), for a seal that may be gone from this computer; a receipt that is gone
 * is NOT_OPENED_HERE.
 */
export async function checkReceiptById(ctx: SignetContext, id: string): Promise<ReceiptCheck> {
  if (!/^[0-9a-f]{64}$/.test(id)) throw new SignetError('USAGE', 'That is not the id of a record of an earlier open.');
  const path = join(folder(ctx.home), `${id}.json`);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new SignetError('NOT_OPENED_HERE');
  }
  const receipt = parseReceipt(text, path);
  const manifestBytes = Buffer.from(receipt.manifest, 'base64');
  if (receipt.version === 2) {
    const signatureBlock = parseSignatureBlockV2(Buffer.from(receipt.signatureBlock, 'base64'));
    return { ...(await verifyCertifiedSignature(manifestBytes, signatureBlock, openingTrust(ctx, false))), openedAt: receipt.openedAt, input: receipt.input };
  }
  const signature = Buffer.from(receipt.signature, 'base64');
  const { manifest, signer } = await verifyManifestSignature(manifestBytes, signature, signerKeyLookup(ctx, false));
  const signatureBlock: SignatureBlockV1 = {
    format: 'signet-signature/1',
    keyArn: manifest.signer.keyArn,
    signingAlgorithm: 'ECDSA_SHA_512',
    messageType: 'DIGEST',
    signature: receipt.signature,
    kmsRequestId: receipt.kmsRequestId,
  };
  return { manifest, manifestBytes, signature, signatureBlock, signer, openedAt: receipt.openedAt, input: receipt.input };
}
