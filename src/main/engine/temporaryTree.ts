// The temporary tree an open writes into: each entry of the container lands in a
// temporary folder as it is decrypted, every file hashed on the way, so nothing is
// under a final name until everything has been checked (engine/release.ts).
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { DurableFile } from '../fs/durableFile.js';
import { FileHashes, type FileHash } from '../hashing/sha256Worker.js';
import type { ContainerSink } from '../format/container.js';
import type { ManifestEntry } from '../format/manifest.js';

/**
 * Writes entries into the temporary folder, hashing files as they arrive. Whether a
 * top-level name is free in the destination is decided at release: only then is it
 * known whether the seal holds one entry or several.
 */
export class TemporaryTree implements ContainerSink {
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
