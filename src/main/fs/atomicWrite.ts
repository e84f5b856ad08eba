// Atomic file replacement and the temporaries it needs. Bytes go to a temporary file
// beside the target, are flushed to disk, and only then take the final name, so a
// crash or a full disk leaves either the old file or the new one, never a half file
// under the final name (fs/publish.ts gives it that name). Temporaries carry the id of
// the process that made them, so a later run can remove those whose process died
// (killed mid-seal, mid-open) without touching another live Signet's work.
import { randomBytes } from 'node:crypto';
import { open, readdir, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { publishFile } from './publish.js';

const TEMPORARY = /^\.(?:.*\.)?signet-(\d+)-[0-9a-f]{12}(?:\.tmp)?$/;

/** A name in the same folder as `target`, unique to this call, hidden from casual listings. */
export function temporarySibling(target: string): string {
  return join(dirname(target), `.${basename(target)}.signet-${process.pid}-${randomBytes(6).toString('hex')}.tmp`);
}

/** A temporary folder name inside `dir`, for opening. */
export function temporaryFolderName(): string {
  return `.signet-${process.pid}-${randomBytes(6).toString('hex')}`;
}

function isAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes temporaries in `dir` left by Signet processes that no longer run. Returns what was removed. */
export async function removeStaleTemporaries(dir: string): Promise<string[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const stale = names.filter((name) => {
    const pid = Number(TEMPORARY.exec(name)?.[1]);
    return Number.isInteger(pid) && pid > 0 && !isAlive(pid);
  });
  for (const name of stale) await rm(join(dir, name), { recursive: true, force: true });
  return stale.map((name) => join(dir, name));
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
    await publishFile(temporary, target, { overwrite: true });
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
