// Opening: a .signet file's bytes → its files, released only once everything checks
// out (docs/FORMAT.md, "Opening, in order"). The file key comes from
// the injected Unwrapper; the header MAC, every chunk, the manifest signature (version
// 1: with the signer's pinned key; version 2: with the key the injected trust decision
// gives for the certificate the seal carries), the recipient binding and every file
// hash are checked while
// the contents sit in a temporary folder beside or inside the destination. Only then
// does the result take its final name, in one rename or link (docs/FORMAT.md,
// "Releasing"), so a process killed at any point leaves either none of the seal under
// a final name or all of it. Any failure removes the temporary folder and leaves the
// destination exactly as it was. checkSealed runs the same checks and writes nothing:
// the entries are hashed and dropped (hashingSink.ts).
import { createHash } from 'node:crypto';
import { mkdir, open, rm, stat, type FileHandle } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { SignetError } from '../../shared/errors.js';
import { removeStaleTemporaries, temporaryFolderName, temporarySibling } from '../fs/atomicWrite.js';
import { asSignetError } from '../fs/ioErrors.js';
import { exists } from '../fs/publish.js';
import { readBlocks } from '../fs/readBlocks.js';
import { ContainerReader, type ContainerSink } from '../format/container.js';
import { HEADER_PREFIX_SIZE, headerMacMatches, headerRemainder, parseHeader, shortPrefixError, type Header } from '../format/header.js';
import { PAYLOAD_CHUNK_SIZE, type FormatVersion } from '../format/constants.js';
import { payloadKey } from '../format/keySchedule.js';
import { canonicalJson, parseSignatureBlockV1, parseSignatureBlockV2, type Manifest, type ManifestEntry } from '../format/manifest.js';
import { ChunkOpener } from '../format/streamAead.js';
import { isCutShort } from './cutShort.js';
import { mark } from '../platform/timings.js';
import { HashingSink } from './hashingSink.js';
import { throttledProgress, type Progress, type ProgressListener } from './progress.js';
import type { Unwrapper } from './recipients.js';
import { release } from './release.js';
import {
  verifyCertifiedSignature,
  verifyManifestSignature,
  type SignerKeyLookup,
  type SignerTrust,
  type TrustedSigner,
  type Verified,
  type VerifiedV2,
} from './signature.js';
import { TemporaryTree } from './temporaryTree.js';

/** What checking a seal needs: opening it needs a destination as well (OpenRequest). */
export interface CheckRequest<T extends TrustedSigner = TrustedSigner> {
  input: string;
  unwrap: Unwrapper;
  /** Version 1 seals: the signer's pinned key. */
  signerKey: SignerKeyLookup;
  /** Version 2 seals: the trust decision on the signer's certificate. Without it a version 2 seal is refused (UNSUPPORTED_VERSION) before any key is unwrapped. */
  trust?: SignerTrust<T>;
  onProgress?: ProgressListener;
  signal?: AbortSignal;
}

export interface OpenRequest<T extends TrustedSigner = TrustedSigner> extends CheckRequest<T> {
  /**
   * Where the sealed entries go. A folder that does not exist yet becomes the folder
   * holding them; into an existing folder a single entry goes directly, several go
   * together into a new folder named after the seal.
   */
  destination: string;
  /** Replace an existing entry of the same name (a single entry in an existing folder). */
  overwrite?: boolean;
}

/** What an open did, whichever the version. */
export interface Released {
  /** SHA-256 of the header (magic to MAC): names this seal, unique to it. */
  headerSha256: string;
  /** The folder that holds the released entries: the destination, or the new folder named after the seal inside it. */
  destination: string;
  /** The top-level entries released, as full paths. */
  released: string[];
  recipientKeyArn: string;
}

export type OpenResultV1 = Verified & Released;
export type OpenResultV2<T extends TrustedSigner = TrustedSigner> = VerifiedV2<T> & Released;
export type OpenResult<T extends TrustedSigner = TrustedSigner> = OpenResultV1 | OpenResultV2<T>;

export const headerId = (header: Header): string => createHash('sha256').update(header.authenticated).update(header.mac).digest('hex');

export async function readHeader(input: string): Promise<Header> {
  let handle: FileHandle;
  try {
    handle = await open(input, 'r');
  } catch (error) {
    throw new SignetError('INPUT_NOT_FOUND', `${input} doesn't exist or can't be read.`, (error as Error).message);
  }
  try {
    const prefix = Buffer.alloc(HEADER_PREFIX_SIZE);
    const { bytesRead } = await handle.read(prefix, 0, prefix.length, 0);
    if (bytesRead < prefix.length) throw shortPrefixError(prefix.subarray(0, bytesRead));
    const rest = Buffer.alloc(headerRemainder(prefix));
    const more = await handle.read(rest, 0, rest.length, prefix.length);
    if (more.bytesRead < rest.length) throw new SignetError('TRUNCATED', undefined, 'the file ends inside the header');
    return parseHeader(Buffer.concat([prefix, rest]));
  } finally {
    await handle.close();
  }
}

/** Checks that the entries written are exactly the manifest's, and that the key that unwrapped the file key is among its recipients. */
function checkEntriesAndRecipient(manifest: Manifest, entries: ManifestEntry[], recipientKeyArn: string): void {
  if (canonicalJson(entries) !== canonicalJson(manifest.entries)) {
    const bad = manifest.entries.find((m, i) => canonicalJson(m) !== canonicalJson(entries[i]));
    throw new SignetError('TAMPERED', undefined, `contents differ from the signed manifest${bad ? ` at ${JSON.stringify(bad.path)}` : ''}`);
  }
  if (!manifest.recipients.some((r) => r.keyArn === recipientKeyArn)) {
    throw new SignetError('NOT_ADDRESSED_TO_YOU', undefined, `the signed manifest does not name ${recipientKeyArn} among its recipients`);
  }
}

/** Version 1: the signature (pinned key), then every entry against the signed manifest, then that this recipient is named in it. */
async function verifyVersion1(manifestBytes: Buffer, signatureBytes: Buffer, recipientKeyArn: string, entries: ManifestEntry[], signerKey: SignerKeyLookup): Promise<Verified> {
  const signatureBlock = parseSignatureBlockV1(signatureBytes);
  const signature = Buffer.from(signatureBlock.signature, 'base64');
  const { manifest, signer } = await verifyManifestSignature(manifestBytes, signature, signerKey);
  if (signatureBlock.keyArn !== manifest.signer.keyArn) throw new SignetError('TAMPERED', undefined, 'the signature names another key than the manifest');
  checkEntriesAndRecipient(manifest, entries, recipientKeyArn);
  return { manifest, manifestBytes, signatureBlock, signature, signer };
}

/** Version 2: the certificate and signature (verifyCertifiedSignature), then every entry, then that this recipient is named. */
async function verifyVersion2<T extends TrustedSigner>(manifestBytes: Buffer, signatureBytes: Buffer, recipientKeyArn: string, entries: ManifestEntry[], trust: SignerTrust<T>): Promise<VerifiedV2<T>> {
  const verified = await verifyCertifiedSignature(manifestBytes, parseSignatureBlockV2(signatureBytes), trust);
  checkEntriesAndRecipient(verified.manifest, entries, recipientKeyArn);
  return verified;
}

type ContentsCheck<T extends TrustedSigner> = (manifestBytes: Buffer, signatureBytes: Buffer, recipientKeyArn: string, entries: ManifestEntry[]) => Promise<Verified | VerifiedV2<T>>;

/** How the contents of a seal of `version` are checked; a version 2 seal without a trust decision is refused here, before any key is unwrapped. */
function contentsCheck<T extends TrustedSigner>(version: FormatVersion, request: CheckRequest<T>): ContentsCheck<T> {
  if (version === 1) return (manifestBytes, signatureBytes, recipientKeyArn, entries) => verifyVersion1(manifestBytes, signatureBytes, recipientKeyArn, entries, request.signerKey);
  const trust = request.trust;
  if (!trust) throw new SignetError('UNSUPPORTED_VERSION', undefined, 'a version 2 seal, and this caller cannot check signer certificates');
  return (manifestBytes, signatureBytes, recipientKeyArn, entries) => verifyVersion2(manifestBytes, signatureBytes, recipientKeyArn, entries, trust);
}

/**
 * Decrypts the payload of the seal at `request.input` into `sink`: every chunk
 * authenticated, the last one as last, and the container read whole. Returns the
 * manifest and signature bytes it carried, not yet checked.
 */
async function decryptInto(sink: ContainerSink, request: CheckRequest, header: Header, fileKey: Buffer, progress: (p: Progress) => void): Promise<{ manifest: Buffer; signature: Buffer; bytesTotal: number }> {
  const reader = new ContainerReader(sink);
  const opener = new ChunkOpener(payloadKey(fileKey, header.payloadNonce), PAYLOAD_CHUNK_SIZE[header.version]);
  const bytesTotal = (await stat(request.input)).size;
  let bytesDone = header.payloadOffset;
  const input = await open(request.input, 'r');
  try {
    for await (const block of readBlocks(input, header.payloadOffset, undefined, request.signal)) {
      bytesDone += block.length;
      progress({ phase: 'opening', bytesDone, bytesTotal });
      for (const plaintext of opener.open(block)) await reader.write(plaintext);
    }
    let last: Buffer;
    try {
      last = opener.finish();
    } catch (error) {
      if (await isCutShort(reader, opener.refusedLastChunk())) throw new SignetError('TRUNCATED', undefined, 'the file ends before its contents do: cut short inside its last chunk');
      throw error;
    }
    await reader.write(last);
    reader.end();
  } finally {
    await input.close();
  }
  return { manifest: reader.manifest!, signature: reader.signature!, bytesTotal };
}

export type Checked<T extends TrustedSigner = TrustedSigner> = (Verified | VerifiedV2<T>) & { headerSha256: string; recipientKeyArn: string };

/**
 * Checks a seal exactly as openSealed does — the header MAC, every chunk, the
 * signature, the recipient and every file's hash — with every byte decrypted and
 * hashed in memory and nothing written.
 */
export async function checkSealed<T extends TrustedSigner>(request: CheckRequest<T>): Promise<Checked<T>> {
  const header = await readHeader(request.input);
  const verifyContents = contentsCheck(header.version, request);
  const { fileKey, stanza } = await request.unwrap(header.stanzas);
  const sink = new HashingSink();
  try {
    if (!headerMacMatches(header, fileKey)) throw new SignetError('TAMPERED', undefined, 'the header MAC does not match');
    const { manifest, signature } = await decryptInto(sink, request, header, fileKey, throttledProgress(request.onProgress));
    const verified = await verifyContents(manifest, signature, stanza.keyArn, sink.entries);
    if (request.signal?.aborted) throw new SignetError('CANCELLED');
    return { ...verified, headerSha256: headerId(header), recipientKeyArn: stanza.keyArn };
  } catch (error) {
    throw asSignetError(error, request.signal);
  } finally {
    fileKey.fill(0);
    await sink.close();
  }
}

/**
 * Opens a seal into `request.destination`, releasing nothing unless every check passes.
 * Without `trust` only version 1 seals open, and the result says so in its type.
 */
export function openSealed(request: OpenRequest & { trust?: undefined }): Promise<OpenResultV1>;
export function openSealed<T extends TrustedSigner>(request: OpenRequest<T>): Promise<OpenResult<T>>;
export async function openSealed<T extends TrustedSigner>(request: OpenRequest<T>): Promise<OpenResult<T>> {
  const header = await readHeader(request.input);
  const verifyContents = contentsCheck(header.version, request);
  const { fileKey, stanza } = await request.unwrap(header.stanzas);
  mark('file key unwrapped (KMS Decrypt)');
  try {
    if (!headerMacMatches(header, fileKey)) throw new SignetError('TAMPERED', undefined, 'the header MAC does not match');
    // A new destination is made whole beside its final name; otherwise the work happens inside it.
    const fresh = !(await exists(request.destination));
    const workFolder = fresh ? dirname(request.destination) : request.destination;
    await mkdir(workFolder, { recursive: true });
    await removeStaleTemporaries(workFolder);
    const root = fresh ? temporarySibling(request.destination) : join(request.destination, temporaryFolderName());
    await mkdir(root, { mode: 0o700 });
    const tree = new TemporaryTree(root);
    const progress = throttledProgress(request.onProgress);
    let done: { verified: Verified | VerifiedV2<T>; folder: string; bytesTotal: number };
    try {
      const { manifest, signature, bytesTotal } = await decryptInto(tree, request, header, fileKey, progress);
      mark('contents decrypted, hashed, written');
      const verified = await verifyContents(manifest, signature, stanza.keyArn, tree.entries);
      if (request.signal?.aborted) throw new SignetError('CANCELLED');
      mark('signature and hashes checked');
      const folder = await release({ root, fresh, destination: request.destination, input: request.input, topLevel: tree.topLevel, overwrite: request.overwrite ?? false });
      done = { verified, folder, bytesTotal };
    } catch (error) {
      await tree.abandon();
      await tree.close();
      await rm(root, { recursive: true, force: true });
      throw error;
    }
    // The files are in place: nothing after this may turn the open into a refusal. What
    // is left to tidy and cannot be now is removed by the next open's sweep.
    mark('released into place');
    await tree.close().catch(() => undefined);
    await rm(root, { recursive: true, force: true }).catch(() => undefined);
    try {
      progress({ phase: 'opening', bytesDone: done.bytesTotal, bytesTotal: done.bytesTotal }, true);
    } catch {
      // A listener that fails (a window closed meanwhile) says nothing about the open.
    }
    const released = tree.topLevel.map((top) => join(done.folder, top));
    return { ...done.verified, headerSha256: headerId(header), destination: done.folder, released, recipientKeyArn: stanza.keyArn };
  } catch (error) {
    throw asSignetError(error, request.signal);
  } finally {
    fileKey.fill(0);
  }
}
