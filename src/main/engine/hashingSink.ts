// The sink a check writes into: each entry of the container is recorded and every file
// hashed as it is decrypted, and nothing is written anywhere. `signet verify FILE.signet`
// runs the same checks as an open (engine/open.ts, checkSealed) with this in place of
// the temporary tree.
import { FileHashes, type FileHash } from '../hashing/sha256Worker.js';
import type { ContainerSink } from '../format/container.js';
import type { ManifestEntry } from '../format/manifest.js';

export class HashingSink implements ContainerSink {
  readonly entries: ManifestEntry[] = [];
  private current?: { path: string; size: number; hash: FileHash };
  private readonly hashes = new FileHashes();

  async folder(path: string): Promise<void> {
    this.entries.push({ type: 'folder', path });
  }

  async fileStart(path: string, size: number): Promise<void> {
    this.current = { path, size, hash: this.hashes.forFile(size) };
  }

  async fileData(data: Buffer): Promise<void> {
    await this.current!.hash.update(data);
  }

  async fileEnd(): Promise<void> {
    const file = this.current!;
    this.current = undefined;
    this.entries.push({ type: 'file', path: file.path, size: file.size, sha256: await file.hash.digest() });
  }

  /** Stops the hashing thread; the sink is done with. */
  async close(): Promise<void> {
    await this.hashes.close();
  }
}
