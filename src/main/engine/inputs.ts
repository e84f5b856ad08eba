// What a seal will contain: the chosen files and folders walked into entries with
// their names inside the seal. Links, devices, sockets and pipes are refused, and so
// is any name Signet would refuse on opening. Each file is later opened as the very
// file seen here (device and inode), never through a link put in its place since.
import { constants as fsConstants, type BigIntStats } from 'node:fs';
import { lstat, open, readdir, type FileHandle } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { SignetError } from '../../shared/errors.js';
import { MAX_ENTRIES } from '../format/constants.js';
import { collisionKey, unsafeNameReason, visibleName } from '../format/names.js';

/** A file to seal as it was when the entries were collected. */
export interface SealFile {
  type: 'file';
  path: string;
  source: string;
  size: number;
  dev: bigint;
  ino: bigint;
  mtimeNs: bigint;
}

export type SealEntry = { type: 'folder'; path: string } | SealFile;

// O_NOFOLLOW makes open() fail rather than follow a link put where the file was, and
// O_NONBLOCK keeps a pipe put there from blocking the open (reads from a regular file
// ignore it). Windows has neither: there the device and inode check stands alone.
const OPEN_AS_SEEN = fsConstants.O_RDONLY | (fsConstants.O_NOFOLLOW ?? 0) | (fsConstants.O_NONBLOCK ?? 0);

function refuse(source: string, why: string): SignetError {
  return new SignetError('INPUT_NOT_FOUND', `${visibleName(source)} can't be sealed: ${why}.`);
}

function changed(source: string): SignetError {
  return new SignetError('IO_ERROR', `${visibleName(source)} changed while it was being sealed: it was moved or replaced. Nothing was saved; try again.`);
}

const sameFile = (a: BigIntStats, b: { dev: bigint; ino: bigint }): boolean => a.dev === b.dev && a.ino === b.ino;

function checkName(name: string, source: string): void {
  const reason = unsafeNameReason(name);
  if (reason) throw refuse(source, `${reason}; rename it and try again`);
}

async function walk(source: string, name: string, out: SealEntry[]): Promise<void> {
  let stats;
  try {
    stats = await lstat(source, { bigint: true });
  } catch (error) {
    throw new SignetError('INPUT_NOT_FOUND', `${visibleName(source)} doesn't exist or can't be read.`, (error as Error).message);
  }
  checkName(name, source);
  if (out.length >= MAX_ENTRIES) throw refuse(source, `a seal holds at most ${MAX_ENTRIES} entries`);
  if (stats.isSymbolicLink()) throw refuse(source, 'it is a link (seal what it points to instead)');
  if (stats.isFile()) {
    out.push({ type: 'file', path: name, source, size: Number(stats.size), dev: stats.dev, ino: stats.ino, mtimeNs: stats.mtimeNs });
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
  // Node cannot list a folder it holds open, nor open a file relative to one (no openat),
  // so a folder swapped for a link while it is walked is caught by looking at it again
  // once its contents are collected. One swapped and swapped back between the two looks
  // is not caught here; each file in it is still opened no-follow and checked against
  // the device and inode seen when it was collected.
  const after = await lstat(source, { bigint: true }).catch(() => undefined);
  if (!after?.isDirectory() || !sameFile(after, stats)) throw changed(source);
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

/**
 * Opens `file` for reading as the file seen when the entries were collected: refuses
 * (IO_ERROR, "changed while it was being sealed") a link, or any other file or folder,
 * that has taken its place since. The caller closes the handle.
 */
export async function openAsSeen(file: SealFile): Promise<FileHandle> {
  const handle = await open(file.source, OPEN_AS_SEEN).catch((error: NodeJS.ErrnoException) => {
    // A link where the file was: ELOOP on Linux and macOS, EMLINK on FreeBSD.
    throw error.code === 'ELOOP' || error.code === 'EMLINK' ? changed(file.source) : error;
  });
  try {
    const now = await handle.stat({ bigint: true });
    if (!now.isFile() || !sameFile(now, file)) throw changed(file.source);
    return handle;
  } catch (error) {
    await handle.close();
    throw error;
  }
}
