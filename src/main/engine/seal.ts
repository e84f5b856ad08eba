// Sealing: files and folders → the bytes of one .signet file (docs/FORMAT.md), in one
// pass over the input. A signer with a certificate chain gets a version 2 seal (the
// manifest binds the signer's and each recipient's certificate, the chain travels in
// the signature block); a signer named only by its key gets version 1. Every file is
// hashed as it is encrypted; the manifest that binds the hashes, the signer and the
// recipients is signed once, at the end, by the injected DigestSigner (KMS Sign in the
// app); a version 2 seal may then get a trusted timestamp over that signature from the
// injected Timestamper, kept in the signature block. Both travel inside the
// encryption. The output is written to a temporary file beside the destination and
// only takes its final name when complete; an existing file is never replaced unless
// asked.
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
import { FILE_KEY_SIZE, PAYLOAD_CHUNK_SIZE, PAYLOAD_NONCE_SIZE, type FormatVersion } from '../format/constants.js';
import { RECORD, blobRecord, fileRecordHeader, folderRecord } from '../format/container.js';
import { encodeHeader, type Stanza } from '../format/header.js';
import { payloadKey } from '../format/keySchedule.js';
import {
  ManifestV1Schema,
  ManifestV2Schema,
  SignatureBlockV2Schema,
  encodeCanonical,
  issueText,
  manifestDigest,
  type Manifest,
  type ManifestEntry,
  type SignatureBlock,
} from '../format/manifest.js';
import { ChunkSealer } from '../format/streamAead.js';
import { toLowS } from '../signatures/lowS.js';
import { mark } from '../platform/timings.js';
import { collectEntries, openAsSeen, type SealEntry } from './inputs.js';
import { throttledProgress, type ProgressListener } from './progress.js';
import type { Wrapper } from './recipients.js';
import { certificateSha256 } from './signature.js';

export interface SealRecipient {
  /** The name people know them by ("Legal"). */
  name: string;
  keyArn: string;
  /** Wraps the file key for them (with their pinned public key in the app). */
  wrap: Wrapper;
  /** Version 2 (required with a CertifiedSigner): SHA-256 hex of their certificate's DER, whose key `wrap` uses. */
  certificateSha256?: string;
}

/** The sender's claims about the KMS Sign call: which session made it. */
interface SignerSession {
  keyArn: string;
  sessionArn: string;
  sourceIdentity?: string;
  accountId: string;
}

/** Version 1: the signer named by the SHA-256 of its key's SubjectPublicKeyInfo, as pinned. */
export interface SignerIdentity extends SignerSession {
  publicKeySha256: string;
}

/** Version 2: the signer named by its certificate; `certificates` is DER, [0] the signer's own, then intermediates up to (not including) the root. */
export interface CertifiedSigner extends SignerSession {
  certificates: Buffer[];
}

/** Signs the manifest's SHA-512 digest (KMS Sign in the app; a local key in format tests). */
export type DigestSigner = (digest: Buffer) => Promise<{ signature: Buffer; requestId: string }>;

/** Gets a trusted timestamp over the DER signature: an RFC 3161 TimeStampToken, DER (a TSA over HTTP in the app). */
export type Timestamper = (signature: Buffer) => Promise<Buffer>;

export interface SealRequest {
  inputs: string[];
  recipients: SealRecipient[];
  output: string;
  overwrite?: boolean;
  /** A CertifiedSigner seals version 2; a SignerIdentity, version 1. */
  signer: SignerIdentity | CertifiedSigner;
  sign: DigestSigner;
  /** Version 2 only: asked once the manifest is signed; its token goes in the signature block. A failure fails the seal. */
  timestamp?: Timestamper;
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
  /** The trusted timestamp the seal carries (RFC 3161 token, DER), when one was asked for. */
  timestamp?: Buffer;
}

/**
 * The container's bytes, in order; fills `sealed.manifest` once the manifest is signed.
 * A yielded buffer is only valid until the next one is asked for.
 */
async function* plaintext(
  request: SealRequest,
  entries: SealEntry[],
  sealed: { manifest?: Manifest; timestamp?: Buffer },
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
  const manifest = manifestOf(request, (request.now?.() ?? new Date()).toISOString(), done);
  const manifestBytes = encodeCanonical(manifest);
  mark('contents read, hashed, encrypted');
  const signed = await request.sign(manifestDigest(manifestBytes));
  mark('manifest signed (KMS Sign)');
  // KMS may return either of the two valid forms; the seal holds the low-S one only.
  const signature = toLowS(signed.signature, 'P-521');
  const token = request.timestamp && isCertified(request.signer) ? await request.timestamp(signature) : undefined;
  if (token) mark('trusted timestamp (TSA)');
  const block = signatureBlockOf(request.signer, signature, signed.requestId, token);
  yield blobRecord(RECORD.manifest, manifestBytes);
  yield blobRecord(RECORD.signature, encodeCanonical(block));
  sealed.manifest = manifest;
  sealed.timestamp = token;
}

/** Refuses to go on if `output` exists and replacing it was not asked for. */
async function checkOutputFree(output: string, overwrite: boolean | undefined): Promise<void> {
  if (overwrite) return;
  if (await exists(output)) throw new SignetError('OUTPUT_EXISTS', `${output} already exists. Replace it, or choose another name.`);
}

const isCertified = (signer: SignerIdentity | CertifiedSigner): signer is CertifiedSigner => 'certificates' in signer;
const versionOf = (request: SealRequest): FormatVersion => (isCertified(request.signer) ? 2 : 1);

/** The manifest, version 2 for a CertifiedSigner and 1 otherwise; an empty source identity is left out (canonical JSON drops undefined members). */
function manifestOf(request: SealRequest, createdAt: string, entries: ManifestEntry[]): Manifest {
  const { signer } = request;
  const session = { keyArn: signer.keyArn, signingAlgorithm: 'ECDSA_SHA_512' as const, sessionArn: signer.sessionArn, sourceIdentity: signer.sourceIdentity || undefined, accountId: signer.accountId };
  if (!isCertified(signer)) {
    const recipients = request.recipients.map((r) => ({ name: r.name, keyArn: r.keyArn }));
    return { format: 'signet-manifest/1', createdAt, signer: { ...session, publicKeySha256: signer.publicKeySha256 }, recipients, entries };
  }
  // A recipient without a certificate hash gets an empty one, which checkParties refuses.
  const recipients = request.recipients.map((r) => ({ name: r.name, keyArn: r.keyArn, certificateSha256: r.certificateSha256 ?? '' }));
  return { format: 'signet-manifest/2', createdAt, signer: { ...session, certificateSha256: certificateSha256(signer.certificates[0] ?? Buffer.alloc(0)) }, recipients, entries };
}

function signatureBlockOf(signer: SignerIdentity | CertifiedSigner, signature: Buffer, kmsRequestId: string, timestamp: Buffer | undefined): SignatureBlock {
  const common = { keyArn: signer.keyArn, signingAlgorithm: 'ECDSA_SHA_512' as const, messageType: 'DIGEST' as const, signature: signature.toString('base64'), kmsRequestId };
  if (!isCertified(signer)) return { format: 'signet-signature/1', ...common };
  return { format: 'signet-signature/2', ...common, certificates: signer.certificates.map((der) => der.toString('base64')), timestamp: timestamp?.toString('base64') };
}

/**
 * Refuses, before anything is read, a signer or recipients that opening would refuse
 * in the manifest or the signature block (docs/FORMAT.md, "Manifest"): the same
 * schemas, applied to a manifest with no entries and a signature block with a
 * stand-in signature.
 */
function checkParties(request: SealRequest): void {
  const probe = manifestOf(request, new Date(0).toISOString(), []);
  const manifest = (versionOf(request) === 2 ? ManifestV2Schema : ManifestV1Schema).safeParse(probe);
  const certificates = isCertified(request.signer) ? SignatureBlockV2Schema.shape.certificates.safeParse(request.signer.certificates.map((der) => der.toString('base64'))) : undefined;
  const problem = !manifest.success ? issueText(manifest.error) : certificates && !certificates.success ? `certificates.${issueText(certificates.error)}` : undefined;
  if (problem) {
    throw new SignetError('SERVICE_ERROR', "Signet can't seal with this sign-in or these recipients: AWS or your organisation's settings gave a name, key or certificate of an unexpected shape. Nothing was saved — ask IT.", problem);
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
  const version = versionOf(request);
  const stanzas: Stanza[] = request.recipients.map((r) => ({ keyArn: r.keyArn, wrappedKey: r.wrap(fileKey) }));
  const header = encodeHeader(version, stanzas, payloadNonce, fileKey);

  const temporary = temporarySibling(request.output);
  const progress = throttledProgress(request.onProgress);
  let bytesDone = 0;
  let bytesOut = 0;
  const sealed: { manifest?: Manifest; timestamp?: Buffer } = {};
  const hashes = new FileHashes();
  const sealer = new ChunkSealer(payloadKey(fileKey, payloadNonce), PAYLOAD_CHUNK_SIZE[version]);
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
  return { output: request.output, manifest: sealed.manifest!, bytesIn: bytesDone, bytesOut, timestamp: sealed.timestamp };
}
