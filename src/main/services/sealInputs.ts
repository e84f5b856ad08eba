// What a seal will contain: the chosen files and folders walked into entries with
// their names inside the seal. Links, devices, sockets and pipes are refused, and so
// is any name Signet would refuse on opening.
import { lstat, readdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { SignetError } from '../../shared/errors.js';
import { MAX_ENTRIES } from '../format/constants.js';
import { collisionKey, unsafeNameReason, visibleName } from '../format/names.js';

export type SealEntry = { type: 'folder'; path: string } | { type: 'file'; path: string; source: string; size: number; mtimeMs: number };

function refuse(source: string, why: string): SignetError {
  return new SignetError('INPUT_NOT_FOUND', `${visibleName(source)} can't be sealed: ${why}.`);
}

function checkName(name: string, source: string): void {
  const reason = unsafeNameReason(name);
  if (reason) throw refuse(source, `${reason}; rename it and try again`);
}

async function walk(source: string, name: string, out: SealEntry[]): Promise<void> {
  let stats;
  try {
    stats = await lstat(source);
  } catch (error) {
    throw new SignetError('INPUT_NOT_FOUND', `${visibleName(source)} doesn't exist or can't be read.`, (error as Error).message);
  }
  checkName(name, source);
  if (out.length >= MAX_ENTRIES) throw refuse(source, `a seal holds at most ${MAX_ENTRIES} entries`);
  if (stats.isSymbolicLink()) throw refuse(source, 'it is a link (seal what it points to instead)');
  if (stats.isFile()) {
    out.push({ type: 'file', path: name, source, size: stats.size, mtimeMs: stats.mtimeMs });
    return;
  }
  if (!stats.isDirectory()) throw refuse(source, 'it is a device, socket or pipe, not a file or folder');
  out.push({ type: 'folder', path: name });
  const children = (await readdir(source)).sort();
  const siblings = new Map<string, string>();
  for (const child of children) {
    const twin = siblings.get(collisionKey(child));
    if (twin !== undefined) throw refuse(source, `"${visibleName(twin)}" and "${visibleName(child)}" in it would have the same name on Windows and macOS, or pass for each other; rename one`);
    siblings.set(collisionKey(child), child);
  }
  for (const child of children) await walk(join(source, child), `${name}/${child}`, out);
}

/** Entries for the given paths, each placed at the top of the seal under its own name. */
export async function collectEntries(inputs: string[]): Promise<SealEntry[]> {
  if (inputs.length === 0) throw new SignetError('USAGE', 'Choose at least one file or folder to seal.');
  const entries: SealEntry[] = [];
  const topNames = new Map<string, string>();
  for (const input of inputs) {
    const name = basename(input.replace(/[/\\]+$/, ''));
    const key = collisionKey(name);
    if (topNames.has(key)) throw new SignetError('USAGE', `${visibleName(topNames.get(key)!)} and ${visibleName(input)} have the same name; a seal can't hold both at the top. Put them in a folder.`);
    topNames.set(key, input);
    await walk(input, name, entries);
  }
  return entries;
}
