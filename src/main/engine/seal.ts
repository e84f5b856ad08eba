// Sealing: files and folders → the bytes of one .signet file (docs/FORMAT.md), in one
// pass over the input. Every file is hashed as it is encrypted; the manifest that
// binds the hashes, the signer and the recipients is signed once, at the end, by the
// injected DigestSigner (KMS Sign in the app), and travels inside the encryption. The
// output is written to a temporary file beside the destination and only takes its
// final name when complete; an existing file is never replaced unless asked.
import { randomBytes } from 'node:crypto';
import { rm, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { SignetError } from '../../shared/errors.js';
import { removeStaleTemporaries, temporarySibling } from '../fs/atomicWrite.js';
import { DurableFile } from '../fs/durableFile.js';
import { asSignetError } from '../fs/ioErrors.js';
import { exists, publishFile } from '../fs/publish.js';
import { readBlocks } from '../fs/readBlocks.js';
import { FileHashes } from '../hashing/sha256Worker.js';
import { FILE_KEY_SIZE, PAYLOAD_NONCE_SIZE } from '../format/constants.js';
import { RECORD, blobRecord, fileRecordHeader, folderRecord } from '../format/container.js';
import { encodeHeader, type Stanza } from '../format/header.js';
import { payloadKey } from '../format/keySchedule.js';
import { ManifestSchema, encodeCanonical, issueText, manifestDigest, type Manifest, type ManifestEntry, type SignatureBlock } from '../format/manifest.js';
import { ChunkSealer } from '../format/streamAead.js';
import { toLowS } from '../signatures/lowS.js';
import { mark } from '../platform/timings.js';
import { collectEntries, openAsSeen, type SealEntry } from './inputs.js';
import { throttledProgress, type ProgressListener } from './progress.js';
import type { Wrapper } from './recipients.js';

export interface SealRecipient {
  /** The name people know them by ("Legal"). */
  name: string;
  keyArn: string;
  /** Wraps the file key for them (with their pinned public key in the app). */
  wrap: Wrapper;
}

export interface SignerIdentity {
  keyArn: string;
  /** SPKI SHA-256 of the signing key's public key, as pinned. */
  publicKeySha256: string;
  sessionArn: string;
  sourceIdentity?: string;
  accountId: string;
}

/** Signs the manifest's SHA-512 digest (KMS Sign in the app; a local key in format tests). */
export type DigestSigner = (digest: Buffer) => Promise<{ signature: Buffer; requestId: string }>;

export interface SealRequest {
  inputs: string[];
  recipients: SealRecipient[];
  output: string;
  overwrite?: boolean;
  signer: SignerIdentity;
  sign: DigestSigner;
  onProgress?: ProgressListener;
  signal?: AbortSignal;
  /** Test-only: fixed clock. */
  now?: () => Date;
}

export interface SealResult {
  output: string;
  manifest: Manifest;
  bytesIn: number;
  bytesOut: number;
}

/**
 * The container's bytes, in order; fills `sealed.manifest` once the manifest is signed.
 * A yielded buffer is only valid until the next one is asked for.
 */
async function* plaintext(
  request: SealRequest,
  entries: SealEntry[],
  sealed: { manifest?: Manifest },
  hashes: FileHashes,
  report: (bytes: number, current: string) => void,
): AsyncGenerator<Buffer> {
  const done: ManifestEntry[] = [];
  for (const entry of entries) {
    if (entry.type === 'folder') {
      done.push({ type: 'folder', path: entry.path });
      yield folderRecord(entry.path);
      continue;
    }
    yield fileRecordHeader(entry.path, entry.size);
    const hash = hashes.forFile(entry.size);
    let read = 0;
    const source = await openAsSeen(entry);
    try {
      for await (const block of readBlocks(source, 0, entry.size, request.signal)) {
        read += block.length;
        await hash.update(block);
        report(block.length, entry.path);
        yield block;
      }
    } finally {
      await source.close();
    }
    const after = await stat(entry.source, { bigint: true });
    if (read !== entry.size || after.size !== BigInt(entry.size) || after.mtimeNs !== entry.mtimeNs) {
      throw new SignetError('IO_ERROR', `${entry.source} changed while it was being sealed. Nothing was saved; try again when it is not in use.`);
    }
    done.push({ type: 'file', path: entry.path, size: entry.size, sha256: await hash.digest() });
  }
  const manifest: Manifest = {
    format: 'signet-manifest/1',
    createdAt: (request.now?.() ?? new Date()).toISOString(),
    signer: manifestSigner(request.signer),
    recipients: request.recipients.map((r) => ({ name: r.name, keyArn: r.keyArn })),
    entries: done,
  };
  const manifestBytes = encodeCanonical(manifest);
  mark('contents read, hashed, encrypted');
  const signed = await request.sign(manifestDigest(manifestBytes));
  mark('manifest signed (KMS Sign)');
  // KMS may return either of the two valid forms; the seal holds the low-S one only.
  const signature = toLowS(signed.signature, 'P-521');
  const block: SignatureBlock = {
    format: 'signet-signature/1',
    keyArn: request.signer.keyArn,
    signingAlgorithm: 'ECDSA_SHA_512',
    messageType: 'DIGEST',
    signature: signature.toString('base64'),
    kmsRequestId: signed.requestId,
  };
  yield blobRecord(RECORD.manifest, manifestBytes);
  yield blobRecord(RECORD.signature, encodeCanonical(block));
  sealed.manifest = manifest;
}

/** Refuses to go on if `output` exists and replacing it was not asked for. */
async function checkOutputFree(output: string, overwrite: boolean | undefined): Promise<void> {
  if (overwrite) return;
  if (await exists(output)) throw new SignetError('OUTPUT_EXISTS', `${output} already exists. Replace it, or choose another name.`);
}

/** The manifest's signer part for `signer`. */
const manifestSigner = (signer: SignerIdentity): Manifest['signer'] => ({
  keyArn: signer.keyArn,
  signingAlgorithm: 'ECDSA_SHA_512',
  publicKeySha256: signer.publicKeySha256,
  sessionArn: signer.sessionArn,
  // An empty source identity is left out (canonical JSON drops undefined members).
  sourceIdentity: signer.sourceIdentity || undefined,
  accountId: signer.accountId,
});

/** Refuses, before anything is read, a signer or recipients that opening would refuse in the manifest (docs/FORMAT.md, "Manifest"). */
function checkParties(request: SealRequest): void {
  const signer = ManifestSchema.shape.signer.safeParse(manifestSigner(request.signer));
  const recipients = ManifestSchema.shape.recipients.safeParse(request.recipients.map((r) => ({ name: r.name, keyArn: r.keyArn })));
  const problem = !signer.success ? `signer.${issueText(signer.error)}` : !recipients.success ? `recipients.${issueText(recipients.error)}` : undefined;
  if (problem) {
    throw new SignetError('SERVICE_ERROR', "Signet can't seal with this sign-in or these recipients: AWS or your organisation's settings gave a name or key of an unexpected shape. Nothing was saved — ask IT.", problem);
  }
}

export async function seal(request: SealRequest): Promise<SealResult> {
  if (request.recipients.length === 0) throw new SignetError('USAGE', 'Choose at least one person or team to seal for.');
  checkParties(request);
  const entries = await collectEntries(request.inputs);
  await checkOutputFree(request.output, request.overwrite);
  await removeStaleTemporaries(dirname(request.output));
  const bytesTotal = entries.reduce((sum, e) => sum + (e.type === 'file' ? e.size : 0), 0);

  const fileKey = randomBytes(FILE_KEY_SIZE);
  const payloadNonce = randomBytes(PAYLOAD_NONCE_SIZE);
  const stanzas: Stanza[] = request.recipients.map((r) => ({ keyArn: r.keyArn, wrappedKey: r.wrap(fileKey) }));
  const header = encodeHeader(stanzas, payloadNonce, fileKey);

  const temporary = temporarySibling(request.output);
  const progress = throttledProgress(request.onProgress);
  let bytesDone = 0;
  let bytesOut = 0;
  const sealed: { manifest?: Manifest } = {};
  const hashes = new FileHashes();
  const sealer = new ChunkSealer(payloadKey(fileKey, payloadNonce));
  let file: DurableFile | undefined;
  try {
    file = await DurableFile.create(temporary, 0o644);
    const out = file;
    await out.write(header);
    bytesOut += header.length;
    const contents = plaintext(request, entries, sealed, hashes, (n, current) => {
      bytesDone += n;
      progress({ phase: 'sealing', current, bytesDone, bytesTotal });
    });
    // Sealing copies what it keeps, so each block of plaintext is done with here.
    for await (const bytes of contents) {
      const parts = sealer.seal(bytes);
      for (const part of parts) bytesOut += part.length;
      await out.write(...parts);
    }
    const last = sealer.finish();
    for (const part of last) bytesOut += part.length;
    await out.write(...last);
    request.signal?.throwIfAborted();
    file = undefined;
    await out.finish();
    mark('written and flushed to disk');
    await publishFile(temporary, request.output, { overwrite: request.overwrite });
  } catch (error) {
    await file?.abandon();
    await rm(temporary, { force: true });
    throw asSignetError(error, request.signal);
  } finally {
    await hashes.close();
    fileKey.fill(0);
  }
  progress({ phase: 'sealing', bytesDone, bytesTotal }, true);
  return { output: request.output, manifest: sealed.manifest!, bytesIn: bytesDone, bytesOut };
}
