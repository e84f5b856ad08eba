// Walking the chosen folders for a seal: a folder swapped for a link while it is walked
// is refused. Node cannot hold a folder open and list it (no openat), so the swap
// cannot be timed from outside: here `readdir` is wrapped to make the swap just before
// one folder is listed, and every other file-system call is the real one.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { renameSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { collectEntries } from '../../../src/main/engine/inputs.js';
import { SignetError } from '../../../src/shared/errors.js';

const beforeListing = vi.hoisted(() => ({ folder: '', swap: undefined as (() => void) | undefined, swapped: false }));

vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs/promises')>();
  const readdir = (async (path: string, ...rest: unknown[]) => {
    if (path === beforeListing.folder && beforeListing.swap && !beforeListing.swapped) {
      beforeListing.swapped = true;
      beforeListing.swap();
    }
    return (real.readdir as (...args: unknown[]) => unknown)(path, ...rest);
  }) as typeof real.readdir;
  return { ...real, readdir, default: { ...real, readdir } };
});

let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'signet-inputs-'));
});
afterAll(() => rm(work, { recursive: true, force: true }));

describe('collectEntries', () => {
  it('refuses a folder swapped for a link to another folder while it is walked', async () => {
    const chosen = join(work, 'chosen');
    await mkdir(join(chosen, 'sub'), { recursive: true });
    await writeFile(join(chosen, 'sub', 'mine.txt'), 'mine');
    await mkdir(join(work, 'elsewhere'));
    await writeFile(join(work, 'elsewhere', 'secret.txt'), 'secret');
    beforeListing.folder = join(chosen, 'sub');
    beforeListing.swap = () => {
      renameSync(join(chosen, 'sub'), join(work, 'sub-moved'));
      symlinkSync(join(work, 'elsewhere'), join(chosen, 'sub'));
    };
    const error = await collectEntries([chosen]).then(
      (entries) => entries.map((e) => e.path),
      (e: unknown) => e,
    );
    expect(beforeListing.swapped, 'the swap happened during the walk').toBe(true);
    expect(error, 'the walk went on through the link').toBeInstanceOf(SignetError);
    expect((error as SignetError).code).toBe('IO_ERROR');
    expect((error as SignetError).message).toContain('sub changed while it was being sealed');
  });

  it('collects a folder left alone while it is walked', async () => {
    const chosen = join(work, 'untouched');
    await mkdir(join(chosen, 'sub'), { recursive: true });
    await writeFile(join(chosen, 'sub', 'mine.txt'), 'mine');
    beforeListing.folder = '';
    const entries = await collectEntries([chosen]);
    expect(entries.map((e) => `${e.type}:${e.path}`)).toEqual(['folder:untouched', 'folder:untouched/sub', 'file:untouched/sub/mine.txt']);
  });
});
