// Atomic file replacement: the bytes go to a temporary file beside the target, are
// flushed to disk, and only then renamed over the final name. A crash or a full disk
// leaves either the old file or the new one, never a half-written file under the
// final name (DESIGN.md, "Writes are atomic").
import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** A name in the same folder as `target`, unique to this call, hidden from casual listings. */
export function temporarySibling(target: string): string {
  return join(dirname(target), `.${basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
}

/** Replaces `target` with `data`, or leaves it untouched if anything fails. */
export async function writeFileAtomic(target: string, data: string | Uint8Array, mode = 0o600): Promise<void> {
  const temporary = temporarySibling(target);
  try {
    const handle = await open(temporary, 'wx', mode);
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, target);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
