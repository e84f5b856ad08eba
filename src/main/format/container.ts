// The sealed plaintext (docs/FORMAT.md, "Container"): a sequence of records — folder
// and file records (a file record's content follows it directly), then exactly one
// manifest record and one signature record, then nothing. Lengths are bounded before
// anything is allocated; a name is checked before any sink sees it.
import { SignetError } from '../../shared/errors.js';
import { MAX_ENTRIES, MAX_MANIFEST_BYTES, MAX_PATH_BYTES, MAX_SIGNATURE_BLOCK_BYTES } from './constants.js';
import { collisionKey, unsafeNameReason, visibleName } from './names.js';

export const RECORD = { file: 1, folder: 2, manifest: 3, signature: 4 } as const;

export function folderRecord(path: string): Buffer {
  const name = Buffer.from(path, 'utf8');
  const head = Buffer.alloc(3);
  head[0] = RECORD.folder;
  head.writeUInt16BE(name.length, 1);
  return Buffer.concat([head, name]);
}

/** The record header that precedes `size` bytes of file content. */
export function fileRecordHeader(path: string, size: number): Buffer {
  const name = Buffer.from(path, 'utf8');
  const head = Buffer.alloc(3 + name.length + 8);
  head[0] = RECORD.file;
  head.writeUInt16BE(name.length, 1);
  name.copy(head, 3);
  head.writeBigUInt64BE(BigInt(size), 3 + name.length);
  return head;
}

export function blobRecord(type: typeof RECORD.manifest | typeof RECORD.signature, bytes: Buffer): Buffer {
  const head = Buffer.alloc(5);
  head[0] = type;
  head.writeUInt32BE(bytes.length, 1);
  return Buffer.concat([head, bytes]);
}

/** Where the reader sends what it finds. Calls come in stream order and are awaited. */
export interface ContainerSink {
  folder(path: string): Promise<void>;
  fileStart(path: string, size: number): Promise<void>;
  fileData(data: Buffer): Promise<void>;
  fileEnd(): Promise<void>;
}

type State =
  | { kind: 'type' }
  | { kind: 'pathLength'; type: number }
  | { kind: 'path'; type: number }
  | { kind: 'size'; path: string }
  | { kind: 'data'; remaining: number }
  | { kind: 'blobLength'; type: number }
  | { kind: 'blob'; type: number }
  | { kind: 'done' };

const tampered = (why: string): SignetError => new SignetError('TAMPERED', undefined, `malformed contents: ${why}`);

/**
 * Parses the container as it streams by; `manifest` and `signature` are set at the end.
 * File data reaches the sink as views of the bytes given to `write`; what the reader
 * keeps across calls (a field cut in two) it copies.
 */
export class ContainerReader {
  manifest?: Buffer;
  signature?: Buffer;
  private state: State = { kind: 'type' };
  private need = 1;
  private field: Buffer[] = [];
  private fieldLength = 0;
  private entries = 0;
  private readonly seen = new Map<string, 'file' | 'folder'>();
  /** Every folder some entry lives in, so a later file of the same name is refused. */
  private readonly parents = new Set<string>();

  /** `checkNames` false: a fork's, which reads only the records' types and lengths. */
  constructor(
    private readonly sink: ContainerSink,
    private readonly checkNames = true,
  ) {}

  /** The signature record has been read: the container is whole. */
  get complete(): boolean {
    return this.state.kind === 'done';
  }

  /** The manifest or signature bytes read so far when the reader stopped inside one, else undefined (for cutShort.ts). */
  get blobSoFar(): Buffer | undefined {
    return this.state.kind === 'blob' ? Buffer.concat(this.field) : undefined;
  }

  /**
   * A copy of this reader at its place in the stream that sends nothing anywhere and
   * checks no names: it reads only record types and lengths, for telling a file cut
   * short from a changed one (engine/cutShort.ts).
   */
  fork(): ContainerReader {
    const nowhere = async (): Promise<void> => undefined;
    const copy = new ContainerReader({ folder: nowhere, fileStart: nowhere, fileData: nowhere, fileEnd: nowhere }, false);
    copy.manifest = this.manifest;
    copy.signature = this.signature;
    copy.state = { ...this.state };
    copy.need = this.need;
    copy.field = [...this.field];
    copy.fieldLength = this.fieldLength;
    copy.entries = this.entries;
    return copy;
  }

  /**
   * Fails TAMPERED unless the signature record has been read. Called once the payload's
   * last chunk has authenticated as last, so the file was not cut short: whoever made
   * it (someone holding the file key) wrote an incomplete container.
   */
  end(): void {
    if (this.state.kind !== 'done') throw tampered(`the contents end inside a ${this.state.kind} field`);
  }

  /** Reads the next bytes of the container, calling the sink for what they complete. */
  async write(chunk: Buffer): Promise<void> {
    let at = 0;
    while (at < chunk.length) {
      const state = this.state;
      if (state.kind === 'done') throw tampered('data after the signature');
      if (state.kind === 'data') {
        const n = Math.min(state.remaining, chunk.length - at);
        await this.sink.fileData(chunk.subarray(at, at + n));
        at += n;
        state.remaining -= n;
        if (state.remaining === 0) await this.endFile();
        continue;
      }
      const n = Math.min(this.need - this.fieldLength, chunk.length - at);
      this.field.push(Buffer.from(chunk.subarray(at, at + n)));
      this.fieldLength += n;
      at += n;
      if (this.fieldLength === this.need) await this.fieldComplete();
    }
  }

  private expect(state: State, need: number): void {
    this.state = state;
    this.need = need;
    this.field = [];
    this.fieldLength = 0;
  }

  private async endFile(): Promise<void> {
    await this.sink.fileEnd();
    this.expect({ kind: 'type' }, 1);
  }

  private async fieldComplete(): Promise<void> {
    const field = this.field.length === 1 ? this.field[0]! : Buffer.concat(this.field);
    const state = this.state;
    switch (state.kind) {
      case 'type': {
        const type = field[0]!;
        if (this.manifest && type !== RECORD.signature) throw tampered('the manifest is not followed by the signature');
        if (type === RECORD.file || type === RECORD.folder) {
          if (++this.entries > MAX_ENTRIES) throw new SignetError('LIMIT_EXCEEDED', undefined, `more than ${MAX_ENTRIES} entries`);
          this.expect({ kind: 'pathLength', type }, 2);
        } else if (type === RECORD.manifest || type === RECORD.signature) {
          if (type === RECORD.signature && !this.manifest) throw tampered('a signature without a manifest');
          this.expect({ kind: 'blobLength', type }, 4);
        } else throw tampered(`unknown record type ${type}`);
        return;
      }
      case 'pathLength': {
        const length = field.readUInt16BE();
        if (length < 1 || length > MAX_PATH_BYTES) throw tampered('a name length is out of bounds');
        this.expect({ kind: 'path', type: state.type }, length);
        return;
      }
      case 'path': {
        let path = '';
        if (this.checkNames) {
          try {
            path = new TextDecoder('utf-8', { fatal: true }).decode(field);
          } catch {
            throw new SignetError('UNSAFE_NAME', undefined, 'a name is not valid UTF-8');
          }
          this.checkName(path, state.type === RECORD.file ? 'file' : 'folder');
        }
        if (state.type === RECORD.folder) {
          await this.sink.folder(path);
          this.expect({ kind: 'type' }, 1);
        } else this.expect({ kind: 'size', path }, 8);
        return;
      }
      case 'size': {
        const size = field.readBigUInt64BE();
        if (size > BigInt(Number.MAX_SAFE_INTEGER)) throw tampered('a file size is out of bounds');
        await this.sink.fileStart(state.path, Number(size));
        if (size === 0n) await this.endFile();
        else this.expect({ kind: 'data', remaining: Number(size) }, 0);
        return;
      }
      case 'blobLength': {
        const length = field.readUInt32BE();
        const max = state.type === RECORD.manifest ? MAX_MANIFEST_BYTES : MAX_SIGNATURE_BLOCK_BYTES;
        const what = state.type === RECORD.manifest ? 'manifest' : 'signature';
        if (length < 1) throw tampered(`an empty ${what}`);
        if (length > max) throw new SignetError('LIMIT_EXCEEDED', undefined, `a ${length}-byte ${what} (at most ${max})`);
        this.expect({ kind: 'blob', type: state.type }, length);
        return;
      }
      case 'blob': {
        if (state.type === RECORD.manifest) {
          this.manifest = field;
          this.expect({ kind: 'type' }, 1);
        } else {
          this.signature = field;
          this.expect({ kind: 'done' }, 0);
        }
        return;
      }
      default:
        throw new Error(`container reader in state ${state.kind} with a complete field`);
    }
  }

  /** Refuses unsafe names, duplicates, case-insensitive collisions and a file used as a folder. */
  private checkName(path: string, kind: 'file' | 'folder'): void {
    const reason = unsafeNameReason(path);
    if (reason) throw new SignetError('UNSAFE_NAME', undefined, `${JSON.stringify(visibleName(path))}: ${reason}`);
    const key = collisionKey(path);
    if (this.seen.has(key)) throw new SignetError('UNSAFE_NAME', undefined, `${JSON.stringify(visibleName(path))} appears twice (or differs only in case or by look-alike characters)`);
    if (kind === 'file' && this.parents.has(key)) throw new SignetError('UNSAFE_NAME', undefined, `${JSON.stringify(visibleName(path))} is both a file and a folder`);
    const parts = key.split('/');
    for (let i = 1; i < parts.length; i++) {
      const parent = parts.slice(0, i).join('/');
      if (this.seen.get(parent) === 'file') throw new SignetError('UNSAFE_NAME', undefined, `${JSON.stringify(visibleName(path))} is inside something that is a file`);
      this.parents.add(parent);
    }
    this.seen.set(key, kind);
  }
}
