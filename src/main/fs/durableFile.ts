// A new file written for speed and made durable before anyone sees it. Small writes
// are gathered into batches of about a megabyte; each batch goes out with one
// positional writev on a libuv thread, one after another (writes to one file queue on
// its lock anyway, spinning), so encrypting the next megabyte overlaps writing the
// last, and the caller waits only when too much is queued. Every so often a datasync runs in the background, so the disk writes while
// the CPU works and the sync at the end only waits for the tail (docs/PERFORMANCE.md).
import { open, type FileHandle } from 'node:fs/promises';

/** Bytes, or separate buffers, gathered before they are written. */
const BATCH = 1024 * 1024;
const BATCH_PARTS = 512;
/** Bytes written but not yet acknowledged before `write` waits. */
const MAX_IN_FLIGHT = 8 * 1024 * 1024;
/** Bytes written between background datasyncs. */
const WRITEBACK_EVERY = 64 * 1024 * 1024;

export class DurableFile {
  private batch: Buffer[] = [];
  private batchBytes = 0;
  private position = 0;
  private inFlight = 0;
  private readonly pending = new Set<Promise<void>>();
  /** The write that goes last; the next batch starts when it ends. */
  private tail: Promise<void> = Promise.resolve();
  private failure?: unknown;
  private sinceWriteback = 0;
  private writeback?: Promise<void>;

  private constructor(private readonly handle: FileHandle) {}

  /** Creates `path`, which must not exist yet. */
  static async create(path: string, mode: number): Promise<DurableFile> {
    return new DurableFile(await open(path, 'wx', mode));
  }

  /** Appends `parts`; they are written later, so they must not change afterwards. */
  async write(...parts: Buffer[]): Promise<void> {
    if (this.failure) throw this.failure;
    for (const part of parts) {
      if (part.length === 0) continue;
      this.batch.push(part);
      this.batchBytes += part.length;
    }
    if (this.batchBytes < BATCH && this.batch.length < BATCH_PARTS) return;
    this.submit();
    while (this.inFlight > MAX_IN_FLIGHT && !this.failure) await Promise.race(this.pending);
    if (this.failure) throw this.failure;
  }

  private submit(): void {
    const parts = this.batch;
    const bytes = this.batchBytes;
    const position = this.position;
    this.batch = [];
    this.batchBytes = 0;
    this.position += bytes;
    this.inFlight += bytes;
    const done = this.tail.then(() => (this.failure ? undefined : this.writeAll(parts, position))).then(
      () => {
        this.inFlight -= bytes;
        this.pending.delete(done);
        this.startWriteback(bytes);
      },
      (error: unknown) => {
        this.failure ??= error;
        this.pending.delete(done);
      },
    );
    this.pending.add(done);
    this.tail = done;
  }

  private async writeAll(parts: Buffer[], position: number): Promise<void> {
    let { bytesWritten } = await this.handle.writev(parts, position);
    // A short write (rare: a signal, a nearly full disk) continues where it stopped.
    for (const part of parts) {
      if (bytesWritten >= part.length) {
        bytesWritten -= part.length;
        position += part.length;
        continue;
      }
      for (let at = bytesWritten; at < part.length; ) {
        const more = await this.handle.write(part, at, part.length - at, position + at);
        at += more.bytesWritten;
      }
      bytesWritten = 0;
      position += part.length;
    }
  }

  private startWriteback(bytes: number): void {
    this.sinceWriteback += bytes;
    if (this.sinceWriteback < WRITEBACK_EVERY || this.writeback) return;
    this.sinceWriteback = 0;
    this.writeback = this.handle.datasync().then(
      () => {
        this.writeback = undefined;
      },
      (error: unknown) => {
        this.failure ??= error;
        this.writeback = undefined;
      },
    );
  }

  /** Writes what is gathered, waits for every write, flushes the file to disk and closes it. */
  async finish(): Promise<void> {
    try {
      if (!this.failure && this.batchBytes > 0) this.submit();
      await Promise.all([...this.pending, this.writeback]);
      if (this.failure) throw this.failure;
      await this.handle.sync();
    } finally {
      await this.handle.close().catch(() => undefined);
    }
  }

  /** Closes the file after a failure elsewhere; the caller removes it. */
  async abandon(): Promise<void> {
    await Promise.allSettled([...this.pending, this.writeback]);
    await this.handle.close().catch(() => undefined);
  }
}
