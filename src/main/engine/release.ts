// Release: the checked entries of an open take their final names in one rename or
// link (docs/FORMAT.md, "Releasing"), so a process killed at any point leaves none of
// them under a final name or all of them, and nothing with contents is replaced unless
// asked.
import { randomBytes } from 'node:crypto';
import { lstat, rename, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { SignetError } from '../../shared/errors.js';
import { exists, publishFile, publishFolder } from '../fs/publish.js';

const appeared = (path: string): SignetError => new SignetError('OUTPUT_EXISTS', `${path} appeared while opening. Nothing was saved.`);

/** "report" for report.signet: the folder several entries are released into. */
const folderNameFor = (input: string): string => basename(input).replace(/\.signet$/i, '') || 'Opened';

/** Renames the folder `from`, whole, to `name` in `parent`, or to "name 2", "name 3"… when that is taken. */
async function renameToFreeName(from: string, parent: string, name: string): Promise<string> {
  for (let n = 1; n < 1000; n++) {
    const to = join(parent, n === 1 ? name : `${name} ${n}`);
    if (await exists(to)) continue;
    try {
      await publishFolder(from, to, appeared);
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
 * a file replaces a file in one rename; anything else is first moved aside beside it —
 * under a name of its own that no sweep of temporaries removes, so a process killed
 * in between leaves the old entry there, not lost — put back if the entry cannot take
 * its place, and removed once it has.
 */
async function releaseOne(root: string, destination: string, top: string, overwrite: boolean): Promise<void> {
  const from = join(root, top);
  const to = join(destination, top);
  const existing = await lstat(to).catch(() => undefined);
  if (existing && !overwrite) throw new SignetError('OUTPUT_EXISTS', `${to} already exists. Replace it, or choose another folder. Nothing was saved.`);
  const isFolder = (await lstat(from)).isDirectory();
  if (existing?.isFile() && !isFolder) return publishFile(from, to, { overwrite: true });
  const aside = join(destination, `${top} (being replaced by Signet ${randomBytes(4).toString('hex')})`);
  if (existing) await rename(to, aside);
  try {
    if (isFolder) await publishFolder(from, to, appeared);
    else await publishFile(from, to, { taken: appeared });
  } catch (error) {
    if (existing) await rename(aside, to).catch(() => undefined);
    throw error;
  }
  if (existing) await rm(aside, { recursive: true, force: true }).catch(() => undefined);
}

export interface Release {
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
export async function release(r: Release): Promise<string> {
  if (r.fresh) {
    await publishFolder(r.root, r.destination, appeared);
    return r.destination;
  }
  if (r.topLevel.length > 1) return renameToFreeName(r.root, r.destination, folderNameFor(r.input));
  for (const top of r.topLevel) await releaseOne(r.root, r.destination, top, r.overwrite);
  return r.destination;
}
