// "Also check the documents": compares each document a seal held, in the folder it was
// opened into, with the SHA-256 the signed manifest lists for it (the verdict of a
// checked evidence folder, checkEvidence.ts). A changed or missing document is a
// refusal naming it; files the seal did not hold are listed, not refused.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { SignetError } from '../../shared/errors.js';
import type { SealVerdict } from '../../shared/ipc.js';
import { unsafeNameReason } from '../format/names.js';

export interface CheckedDocuments {
  folder: string;
  /** The documents the signed manifest lists, each found in `folder` with the same SHA-256. */
  checked: string[];
  /** Files in `folder` the seal did not hold: nothing about them was checked. */
  extra: string[];
}

async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path), hash);
  return hash.digest('hex');
}

/** Every file under `folder`, as paths relative to it with '/' between names. */
async function filesUnder(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => relative(folder, join(e.parentPath, e.name)).split(sep).join('/'));
}

/** What is wrong with the document at `path` (listed as `expected`), or undefined when it is the one sealed. */
async function problemWith(path: string, expected: { path: string; size: number; sha256: string }): Promise<string | undefined> {
  const found = await stat(path).catch(() => undefined);
  if (!found?.isFile()) return `${expected.path} is missing`;
  if (found.size !== expected.size || (await sha256Of(path)) !== expected.sha256) return `${expected.path} has changed since it was sealed (its SHA-256 is not the one in the signed manifest)`;
  return undefined;
}

/** Checks the documents in `folder` against the signed list in `verdict`; a changed or missing one is TAMPERED naming every such file. */
export async function checkDocuments(folder: string, verdict: SealVerdict): Promise<CheckedDocuments> {
  const isFolder = await stat(folder).then(
    (s) => s.isDirectory(),
    () => false,
  );
  if (!isFolder) throw new SignetError('INPUT_NOT_FOUND', `${folder} is not a folder. Name the folder the sealed files were opened into.`);
  const problems: string[] = [];
  for (const file of verdict.files) {
    // The list is signed, and the names in it were checked when it was opened; a name that could reach outside the folder is still never read.
    const unsafe = unsafeNameReason(file.path);
    if (unsafe) throw new SignetError('UNSAFE_NAME', undefined, `${JSON.stringify(file.path)}: ${unsafe}`);
    const problem = await problemWith(join(folder, file.path), file);
    if (problem) problems.push(problem);
  }
  if (problems.length > 0) {
    const what = problems.join('; ');
    throw new SignetError('TAMPERED', `Do not trust these documents: ${what}.`, `in ${folder}: ${what}`);
  }
  const listed = new Set(verdict.files.map((f) => f.path));
  return { folder, checked: verdict.files.map((f) => f.path), extra: (await filesUnder(folder)).filter((path) => !listed.has(path)).sort() };
}
