// Open: a .signet file → its files, released only once everything checks out (DESIGN.md,
// "Nothing is released before it is proven"). The file key is unwrapped through KMS
// with a stanza this person may use; the header MAC, every chunk, the manifest
// signature (from the pinned signer key), the recipient binding and every file hash
// are checked while the contents sit in a temporary folder beside or inside the
// destination. Only then does the result take its final name, in one rename or link
// (docs/FORMAT.md, "Releasing"), so a process killed at any point leaves either none of
// the seal under a final name or all of it. Any failure removes the temporary folder
// and leaves the destination exactly as it was.
import { createHash, verify as verifySignature, type KeyObject } from 'node:crypto';
import { link, lstat, mkdir, open, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { removeStaleTemporaries, temporaryFolderName, temporarySibling } from '../fs/atomicWrite.js';
import { DurableFile } from '../fs/durableFile.js';
import { readBlocks } from '../fs/readBlocks.js';
import { FileHashes, type FileHash } from '../hashing/sha256Worker.js';
import { SignetError } from '../../shared/errors.js';
import { ContainerReader, type ContainerSink } from '../format/container.js';
import { HEADER_PREFIX_SIZE, headerMacMatches, headerRemainder, parseHeader, type Header, type Stanza } from '../format/header.js';
import { payloadKey } from '../format/keySchedule.js';
import { canonicalJson, parseManifest, parseSignatureBlock, type Manifest, type ManifestEntry, type SignatureBlock } from '../format/manifest.js';
import { ChunkOpener } from '../format/streamAead.js';
import { isLowS } from '../signatures/lowS.js';
import { mark } from '../platform/timings.js';
import { asSignetError } from './ioErrors.js';
import { throttledProgress, type ProgressListener } from './progress.js';

export interface Unwrapped {
  fileKey: Buffer;
  stanza: Stanza;
}

/** Finds a stanza this person can unwrap (KMS Decrypt) and returns the file key. */
export type Unwrapper = (stanzas: Stanza[]) => Promise<Unwrapped>;

export interface SignerKey {
  publicKey: KeyObject;
  fingerprint: string;
  /** How the key was known: pinned earlier, or fetched and pinned during this open. */
  source: 'pinned' | 'fetched';
  learnedAt: string;
}

/** The signer's public key for an ARN: pinned, or fetched and pinned; fails SIGNER_UNKNOWN or SIGNER_KEY_CHANGED. */
export type SignerKeyLookup = (keyArn: string) => Promise<SignerKey>;

export interface OpenRequest {
  input: string;
  /**
   * Where the sealed entries go. A folder that does not exist yet becomes the folder
   * holding them; into an existing folder a single entry goes directly, several go
   * together into a new folder named after the seal.
   */
  destination: string;
  /** Replace an existing entry of the same name (a single entry in an existing folder). */
  overwrite?: boolean;
  unwrap: Unwrapper;
  signerKey: SignerKeyLookup;
  onProgress?: ProgressListener;
  signal?: AbortSignal;
}

export interface Verified {
  manifest: Manifest;
  /** The exact signed bytes. */
  manifestBytes: Buffer;
  signatureBlock: SignatureBlock;
  /** DER ECDSA signature, low S. */
  signature: Buffer;
  signer: SignerKey;
}

export interface OpenResult extends Verified {
  /** SHA-256 of the header (magic to MAC): names this seal, unique to it. */
  headerSha256: string;
  /** The folder that holds the released entries: the destination, or the new folder named after the seal inside it. */
  destination: string;
  /** The top-level entries released, as full paths. */
  released: string[];
  recipientKeyArn: string;
}

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
    if (bytesRead < prefix.length) throw new SignetError('NOT_A_SIGNET_FILE', undefined, 'the file is shorter than a header');
    const rest = Buffer.alloc(headerRemainder(prefix));
    const more = await handle.read(rest, 0, rest.length, prefix.length);
    if (more.bytesRead < rest.length) throw new SignetError('TRUNCATED', undefined, 'the file ends inside the header');
    return parseHeader(Buffer.concat([prefix, rest]));
  } finally {
    await handle.close();
  }
}

const exists = (path: string): Promise<boolean> =>
  lstat(path).then(
    () => true,
    () => false,
  );

/**
 * Writes entries into the temporary folder, hashing files as they arrive. Whether a
 * top-level name is free in the destination is decided at release: only then is it
 * known whether the seal holds one entry or several.
 */
class TemporaryTree implements ContainerSink {
  readonly entries: ManifestEntry[] = [];
  readonly topLevel: string[] = [];
  private current?: { file: DurableFile; path: string; size: number; hash: FileHash };
  private readonly hashes = new FileHashes();

  constructor(private readonly root: string) {}

  private claim(path: string): void {
    const top = path.split('/')[0]!;
    if (!this.topLevel.includes(top)) this.topLevel.push(top);
  }

  async folder(path: string): Promise<void> {
    this.claim(path);
    await mkdir(join(this.root, path), { recursive: true, mode: 0o700 });
    this.entries.push({ type: 'folder', path });
  }

  async fileStart(path: string, size: number): Promise<void> {
    this.claim(path);
    const target = join(this.root, path);
    await mkdir(dirname(target), { recursive: true, mode: 0o700 });
    this.current = { file: await DurableFile.create(target, 0o600), path, size, hash: this.hashes.forFile(size) };
  }

  /** `data` is freshly decrypted and never reused, so the file may write it later. */
  async fileData(data: Buffer): Promise<void> {
    const file = this.current!;
    await file.hash.update(data);
    await file.file.write(data);
  }

  async fileEnd(): Promise<void> {
    const file = this.current!;
    this.current = undefined;
    await file.file.finish();
    this.entries.push({ type: 'file', path: file.path, size: file.size, sha256: await file.hash.digest() });
  }

  /** Stops the hashing thread; the tree is done with. */
  async close(): Promise<void> {
    await this.hashes.close();
  }

  async abandon(): Promise<void> {
    await this.current?.file.abandon();
    this.current = undefined;
  }
}

/** Checks the DER signature over the manifest bytes with the signer's pinned (or fetched) key, and that it is low S. */
export async function verifyManifestSignature(manifestBytes: Buffer, signature: Buffer, signerKey: SignerKeyLookup): Promise<{ manifest: Manifest; signer: SignerKey }> {
  const manifest = parseManifest(manifestBytes);
  const signer = await signerKey(manifest.signer.keyArn);
  if (!verifySignature('sha512', manifestBytes, signer.publicKey, signature)) {
    if (signer.fingerprint !== manifest.signer.publicKeySha256) {
      throw new SignetError('SIGNER_KEY_CHANGED', undefined, `sealed with key ${manifest.signer.publicKeySha256}; this computer knows ${signer.fingerprint}`);
    }
    throw new SignetError('BAD_SIGNATURE', undefined, `the manifest signature does not verify with ${manifest.signer.keyArn}`);
  }
  if (signer.fingerprint !== manifest.signer.publicKeySha256) {
    throw new SignetError('SIGNER_KEY_CHANGED', undefined, `the manifest names key ${manifest.signer.publicKeySha256}; this computer knows ${signer.fingerprint}`);
  }
  // (r, n − s) verifies as well as (r, s) and anyone can make it; Signet stores only low S.
  if (!isLowS(signature, 'P-521')) {
    throw new SignetError(
      'BAD_SIGNATURE',
      'Do not trust this file: its signature is not in the form Signet makes — it may have been altered, or sealed by an older Signet. Ask the sender to seal it again. Nothing from it was saved.',
      'the manifest signature verifies but its S is high (s > n/2); Signet seals and accepts only low-S signatures',
    );
  }
  return { manifest, signer };
}

/** Checks the signature, every entry against the signed manifest, and that this recipient is named in it. */
async function verifyContents(
  manifestBytes: Buffer,
  signatureBytes: Buffer,
  recipientKeyArn: string,
  entries: ManifestEntry[],
  signerKey: SignerKeyLookup,
): Promise<Verified> {
  const signatureBlock = parseSignatureBlock(signatureBytes);
  const signature = Buffer.from(signatureBlock.signature, 'base64');
  const { manifest, signer } = await verifyManifestSignature(manifestBytes, signature, signerKey);
  if (signatureBlock.keyArn !== manifest.signer.keyArn) throw new SignetError('TAMPERED', undefined, 'the signature names another key than the manifest');
  if (canonicalJson(entries) !== canonicalJson(manifest.entries)) {
    const bad = manifest.entries.find((m, i) => canonicalJson(m) !== canonicalJson(entries[i]));
    throw new SignetError('TAMPERED', undefined, `contents differ from the signed manifest${bad ? ` at ${JSON.stringify(bad.path)}` : ''}`);
  }
  if (!manifest.recipients.some((r) => r.keyArn === recipientKeyArn)) {
    throw new SignetError('NOT_ADDRESSED_TO_YOU', undefined, `the signed manifest does not name ${recipientKeyArn} among its recipients`);
  }
  return { manifest, manifestBytes, signatureBlock, signature, signer };
}

const appeared = (path: string): SignetError => new SignetError('OUTPUT_EXISTS', `${path} appeared while opening. Nothing was saved.`);

/**
 * Gives the folder `from` the free name `to` in one rename. rename(2) refuses when a
 * file or a folder with contents holds the name; it would replace an empty folder made
 * in the instant after the check — nothing with contents is ever replaced.
 */
async function renameFolderIfFree(from: string, to: string): Promise<void> {
  if (await exists(to)) throw appeared(to);
  await rename(from, to).catch(async (error: unknown) => {
    if (await exists(to)) throw appeared(to);
    throw error;
  });
}

/** "report" for report.signet: the folder several entries are released into. */
const folderNameFor = (input: string): string => basename(input).replace(/\.signet$/i, '') || 'Opened';

/** Renames the folder `from`, whole, to `name` in `parent`, or to "name 2", "name 3"… when that is taken. */
async function renameToFreeName(from: string, parent: string, name: string): Promise<string> {
  for (let n = 1; n < 1000; n++) {
    const to = join(parent, n === 1 ? name : `${name} ${n}`);
    if (await exists(to)) continue;
    try {
      await renameFolderIfFree(from, to);
      return to;
    } catch (error) {
      if (!(error instanceof SignetError && error.code === 'OUTPUT_EXISTS')) throw error;
    }
  }
  throw new SignetError('OUTPUT_EXISTS', `${join(parent, name)} and the names after it up to "${name} 999" are taken. Choose another folder. Nothing was saved.`);
}

/**
 * Puts a seal's only top-level entry into an existing folder in one step: a link (a
 * file) or a rename (a folder), neither of which replaces anything. Asked to replace,
 * a file replaces a file in one rename; anything else is first moved aside into the
 * temporary folder, and put back if the entry cannot take its place.
 */
async function releaseOne(root: string, destination: string, top: string, overwrite: boolean): Promise<void> {
  const from = join(root, top);
  const to = join(destination, top);
  const existing = await lstat(to).catch(() => undefined);
  if (existing && !overwrite) throw new SignetError('OUTPUT_EXISTS', `${to} already exists. Replace it, or choose another folder. Nothing was saved.`);
  const isFolder = (await lstat(from)).isDirectory();
  if (existing?.isFile() && !isFolder) return rename(from, to);
  const aside = join(root, temporaryFolderName());
  if (existing) await rename(to, aside);
  try {
    if (isFolder) await renameFolderIfFree(from, to);
    else {
      await link(from, to).catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'EEXIST') throw appeared(to);
        throw error;
      });
    }
  } catch (error) {
    if (existing) await rename(aside, to).catch(() => undefined);
    throw error;
  }
}

interface Release {
  /** The temporary folder holding the checked entries. */
  root: string;
  /** The destination did not exist when the open began; the temporary folder is beside it. */
  fresh: boolean;
  destination: string;
  /** The .signet file: names the folder several entries go into. */
  input: string;
  topLevel: string[];
  overwrite: boolean;
}

/**
 * Gives the checked entries their final names in one rename or link, so that a process
 * killed at any point leaves none of them under a final name or all of them
 * (docs/FORMAT.md, "Releasing"). Returns the folder that holds them.
 */
async function release(r: Release): Promise<string> {
  if (r.fresh) {
    await renameFolderIfFree(r.root, r.destination);
    return r.destination;
  }
  if (r.topLevel.length > 1) return renameToFreeName(r.root, r.destination, folderNameFor(r.input));
  for (const top of r.topLevel) await releaseOne(r.root, r.destination, top, r.overwrite);
  return r.destination;
}

export async function openSealed(request: OpenRequest): Promise<OpenResult> {
  const header = await readHeader(request.input);
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
    try {
      const reader = new ContainerReader(tree);
      const opener = new ChunkOpener(payloadKey(fileKey, header.payloadNonce));
      const bytesTotal = (await stat(request.input)).size;
      const progress = throttledProgress(request.onProgress);
      let bytesDone = header.payloadOffset;
      const input = await open(request.input, 'r');
      try {
        for await (const block of readBlocks(input, header.payloadOffset, undefined, request.signal)) {
          bytesDone += block.length;
          progress({ phase: 'opening', bytesDone, bytesTotal });
          for (const plaintext of opener.open(block)) await reader.write(plaintext);
        }
        await reader.write(opener.finish());
        reader.end();
      } finally {
        await input.close();
      }
      mark('contents decrypted, hashed, written');
      const verified = await verifyContents(reader.manifest!, reader.signature!, stanza.keyArn, tree.entries, request.signerKey);
      if (request.signal?.aborted) throw new SignetError('CANCELLED');
      mark('signature and hashes checked');
      const folder = await release({ root, fresh, destination: request.destination, input: request.input, topLevel: tree.topLevel, overwrite: request.overwrite ?? false });
      mark('released into place');
      progress({ phase: 'opening', bytesDone: bytesTotal, bytesTotal }, true);
      const released = tree.topLevel.map((top) => join(folder, top));
      return { ...verified, headerSha256: headerId(header), destination: folder, released, recipientKeyArn: stanza.keyArn };
    } catch (error) {
      await tree.abandon();
      await rm(root, { recursive: true, force: true });
      throw error;
    } finally {
      await tree.close();
      await rm(root, { recursive: true, force: true });
    }
  } catch (error) {
    throw asSignetError(error, request.signal);
  } finally {
    fileKey.fill(0);
  }
}
