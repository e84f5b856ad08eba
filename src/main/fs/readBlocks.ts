// Reads a file in large blocks into two buffers it reuses, reading the next block while
// the caller works on this one: no allocation per block, and the disk and the CPU
// overlap. Sealing and opening read everything through here.
import type { FileHandle } from 'node:fs/promises';

export const BLOCK_SIZE = 1024 * 1024;

/**
 * The bytes of `handle` from `start`, `length` at most (else to the end), as views
 * that are only valid until the next block is asked for. Stops early if `signal` aborts.
 */
export async function* readBlocks(handle: FileHandle, start = 0, length = Number.MAX_SAFE_INTEGER, signal?: AbortSignal): AsyncGenerator<Buffer> {
  let mine = Buffer.allocUnsafe(BLOCK_SIZE);
  let theirs = Buffer.allocUnsafe(BLOCK_SIZE);
  let position = start;
  let remaining = length;
  const read = async (buffer: Buffer): Promise<number> => {
    const want = Math.min(buffer.length, remaining);
    return want > 0 ? (await handle.read(buffer, 0, want, position)).bytesRead : 0;
  };
  let current: Promise<number> | undefined = read(mine);
  try {
    for (;;) {
      const bytes = await current;
      current = undefined;
      if (bytes === 0) return;
      signal?.throwIfAborted();
      position += bytes;
      remaining -= bytes;
      [mine, theirs] = [theirs, mine];
      // `mine` was handed out the time before, and the caller is done with it.
      current = read(mine);
      yield theirs.subarray(0, bytes);
    }
  } finally {
    // Never leave a read running into a handle the caller is about to close.
    await current?.catch(() => undefined);
  }
}
