// Seal → open round trips and refusals through the real format code, file system and
// streams. The KMS boundary is faked on purpose (local keys, see test/support/localKeys.ts);
// test/main/services/sealOpenSandbox.test.ts does the same through the sandbox.
import { execFileSync } from 'node:child_process';
import { constants as fsConstants, existsSync, renameSync, rmSync, symlinkSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PAYLOAD_CHUNK_SIZE } from '../../../src/main/format/constants.js';
import { openSealed } from '../../../src/main/engine/open.js';
import { seal, type DigestSigner } from '../../../src/main/engine/seal.js';
import { SignetError } from '../../../src/shared/errors.js';
import { isHighS, sTwin } from '../../support/highS.js';
import { localRecipient, localSigner, localUnwrapper, type LocalRecipient } from '../../support/localKeys.js';

// These seals are version 1 (localSigner names its key, not a certificate).
const CHUNK_SIZE = PAYLOAD_CHUNK_SIZE[1];

let work: string;
const signer = localSigner();
let legal: LocalRecipient;
let finance: LocalRecipient;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'signet-engine-'));
  legal = localRecipient('Legal', 'arn:aws:kms:us-east-1:111122223333:key/00000000-0000-4000-8000-00000000000b');
  finance = localRecipient('Finance', 'arn:aws:kms:us-east-1:111122223333:key/00000000-0000-4000-8000-00000000000c');
});
afterAll(() => rm(work, { recursive: true, force: true }));

let counter = 0;
const fresh = async (name: string): Promise<string> => {
  const dir = join(work, `${counter++}-${name}`);
  await mkdir(dir, { recursive: true });
  return dir;
};

async function sealFor(inputs: string[], output: string, recipients = [legal]) {
  return seal({ inputs, output, recipients, signer: signer.identity, sign: signer.sign });
}

async function openAs(input: string, destination: string, mine = [legal]) {
  return openSealed({ input, destination, unwrap: localUnwrapper(mine), signerKey: signer.lookup });
}

async function expectCode(promise: Promise<unknown>, code: string): Promise<SignetError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error, `expected ${code}`).toBeInstanceOf(SignetError);
  expect((error as SignetError).code).toBe(code);
  return error as SignetError;
}

describe('round trips', () => {
  for (const size of [0, 1, CHUNK_SIZE - 1, CHUNK_SIZE, CHUNK_SIZE + 1, 2 * CHUNK_SIZE, 2 * CHUNK_SIZE + 500, 3 * 1024 * 1024 + 7]) {
    it(`seals and opens a ${size}-byte file`, async () => {
      const dir = await fresh(`size-${size}`);
      const content = Buffer.alloc(size);
      for (let i = 0; i < size; i++) content[i] = (i * 31 + 7) & 0xff;
      await writeFile(join(dir, 'data.bin'), content);
      const sealed = await sealFor([join(dir, 'data.bin')], join(dir, 'data.bin.signet'));
      expect(sealed.manifest.entries).toEqual([{ type: 'file', path: 'data.bin', size, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) }]);
      const result = await openAs(join(dir, 'data.bin.signet'), join(dir, 'out'));
      expect(result.released).toEqual([join(dir, 'out', 'data.bin')]);
      expect((await readFile(join(dir, 'out', 'data.bin'))).equals(content)).toBe(true);
      expect(await readdir(join(dir, 'out'))).toEqual(['data.bin']);
    });
  }

  it('seals folders with nested files, empty folders and several files, for several recipients who can each open', async () => {
    const dir = await fresh('tree');
    await mkdir(join(dir, 'project', 'docs', 'empty'), { recursive: true });
    await writeFile(join(dir, 'project', 'docs', 'a.txt'), 'alpha');
    await writeFile(join(dir, 'project', 'b.txt'), 'beta');
    await writeFile(join(dir, 'memo.txt'), 'memo');
    const sealed = await sealFor([join(dir, 'project'), join(dir, 'memo.txt')], join(dir, 'x.signet'), [legal, finance]);
    expect(sealed.manifest.entries.map((e) => `${e.type}:${e.path}`)).toEqual([
      'folder:project',
      'file:project/b.txt',
      'folder:project/docs',
      'file:project/docs/a.txt',
      'folder:project/docs/empty',
      'file:memo.txt',
    ]);
    expect(sealed.manifest.recipients.map((r) => r.name)).toEqual(['Legal', 'Finance']);
    for (const [who, keys] of [['legal', [legal]], ['finance', [finance]]] as const) {
      const out = join(dir, `out-${who}`);
      await openAs(join(dir, 'x.signet'), out, [...keys]);
      expect(await readFile(join(out, 'project', 'docs', 'a.txt'), 'utf8')).toBe('alpha');
      expect(await readFile(join(out, 'memo.txt'), 'utf8')).toBe('memo');
      expect(await readdir(join(out, 'project', 'docs', 'empty'))).toEqual([]);
    }
  });
});

describe('the signature', () => {
  it('is stored in its low-S form when KMS returns the high-S one, and still opens', async () => {
    const dir = await fresh('high-s-from-kms');
    await writeFile(join(dir, 'a.txt'), 'signed with high S');
    let returned: Buffer | undefined;
    const highS: DigestSigner = async (digest) => {
      const made = await signer.sign(digest);
      returned = isHighS(made.signature) ? made.signature : sTwin(made.signature);
      return { ...made, signature: returned };
    };
    await seal({ inputs: [join(dir, 'a.txt')], output: join(dir, 'a.signet'), recipients: [legal], signer: signer.identity, sign: highS });
    const opened = await openAs(join(dir, 'a.signet'), join(dir, 'out'));
    expect(isHighS(returned!)).toBe(true);
    expect(opened.signature.equals(sTwin(returned!))).toBe(true);
    expect(isHighS(Buffer.from(opened.signatureBlock.signature, 'base64'))).toBe(false);
  });
});

describe('releasing in one step (docs/FORMAT.md, "Releasing")', () => {
  it('reports the open as done when a progress listener fails once the files are in place', async () => {
    const dir = await fresh('listener-after-release');
    await writeFile(join(dir, 'a.txt'), 'in place');
    await sealFor([join(dir, 'a.txt')], join(dir, 'a.signet'));
    let failedAfterRelease = false;
    const opened = await openSealed({
      input: join(dir, 'a.signet'),
      destination: join(dir, 'out'),
      unwrap: localUnwrapper([legal]),
      signerKey: signer.lookup,
      onProgress: () => {
        if (!existsSync(join(dir, 'out', 'a.txt'))) return;
        failedAfterRelease = true;
        throw new Error('the window that listened is gone');
      },
    });
    expect(failedAfterRelease, 'the listener was called after release, and failed').toBe(true);
    expect(opened.released).toEqual([join(dir, 'out', 'a.txt')]);
    expect(await readFile(join(dir, 'out', 'a.txt'), 'utf8')).toBe('in place');
  });

  it('opens several entries into a new folder as that folder, and into an existing folder inside a new folder named after the seal, never over anything', async () => {
    const dir = await fresh('several');
    await mkdir(join(dir, 'in', 'case'), { recursive: true });
    await writeFile(join(dir, 'in', 'case', 'brief.txt'), 'brief');
    await writeFile(join(dir, 'in', 'cover.txt'), 'cover');
    await sealFor([join(dir, 'in', 'case'), join(dir, 'in', 'cover.txt')], join(dir, 'bundle.signet'));

    const created = await openAs(join(dir, 'bundle.signet'), join(dir, 'new', 'out'));
    expect(created.destination).toBe(join(dir, 'new', 'out'));
    expect(created.released).toEqual([join(dir, 'new', 'out', 'case'), join(dir, 'new', 'out', 'cover.txt')]);
    expect(await readdir(join(dir, 'new'))).toEqual(['out']);

    // Beside the seal, where cover.txt and a file named "bundle" already are: a new folder, "bundle 2".
    await writeFile(join(dir, 'cover.txt'), 'mine');
    await writeFile(join(dir, 'bundle'), 'a file, not a folder');
    const first = await openAs(join(dir, 'bundle.signet'), dir);
    expect(first.destination).toBe(join(dir, 'bundle 2'));
    expect(first.released).toEqual([join(dir, 'bundle 2', 'case'), join(dir, 'bundle 2', 'cover.txt')]);
    expect(await readFile(join(dir, 'bundle 2', 'case', 'brief.txt'), 'utf8')).toBe('brief');
    const again = await openAs(join(dir, 'bundle.signet'), dir);
    expect(again.destination).toBe(join(dir, 'bundle 3'));
    expect(await readFile(join(dir, 'cover.txt'), 'utf8')).toBe('mine');
    expect(await readFile(join(dir, 'bundle'), 'utf8')).toBe('a file, not a folder');
    expect((await readdir(dir)).sort()).toEqual(['bundle', 'bundle 2', 'bundle 3', 'bundle.signet', 'cover.txt', 'in', 'new']);
  });

  it('replaces a single file or folder only when asked, and then whole', async () => {
    const dir = await fresh('replace');
    await mkdir(join(dir, 'in', 'case'), { recursive: true });
    await writeFile(join(dir, 'in', 'case', 'new.txt'), 'new');
    await sealFor([join(dir, 'in', 'case')], join(dir, 'case.signet'));
    await mkdir(join(dir, 'out', 'case'), { recursive: true });
    await writeFile(join(dir, 'out', 'case', 'old.txt'), 'old');
    const refused = await expectCode(openAs(join(dir, 'case.signet'), join(dir, 'out')), 'OUTPUT_EXISTS');
    expect(refused.message).toBe(`${join(dir, 'out', 'case')} already exists. Replace it, or choose another folder. Nothing was saved.`);
    expect(await readdir(join(dir, 'out', 'case'))).toEqual(['old.txt']);
    const replaced = await openSealed({ input: join(dir, 'case.signet'), destination: join(dir, 'out'), overwrite: true, unwrap: localUnwrapper([legal]), signerKey: signer.lookup });
    expect(replaced.released).toEqual([join(dir, 'out', 'case')]);
    expect(await readdir(join(dir, 'out', 'case'))).toEqual(['new.txt']);
    expect(await readdir(join(dir, 'out'))).toEqual(['case']);
  });
});

describe('refusals that lose nothing', () => {
  it('will not overwrite an existing sealed file or opened file unless asked', async () => {
    const dir = await fresh('exists');
    await writeFile(join(dir, 'a.txt'), 'new');
    await writeFile(join(dir, 'a.txt.signet'), 'old');
    await expectCode(sealFor([join(dir, 'a.txt')], join(dir, 'a.txt.signet')), 'OUTPUT_EXISTS');
    expect(await readFile(join(dir, 'a.txt.signet'), 'utf8')).toBe('old');
    await sealFor([join(dir, 'a.txt')], join(dir, 'b.signet'));
    await mkdir(join(dir, 'out'));
    await writeFile(join(dir, 'out', 'a.txt'), 'keep me');
    await expectCode(openAs(join(dir, 'b.signet'), join(dir, 'out')), 'OUTPUT_EXISTS');
    expect(await readFile(join(dir, 'out', 'a.txt'), 'utf8')).toBe('keep me');
    expect(await readdir(join(dir, 'out'))).toEqual(['a.txt']);
    await openSealed({ input: join(dir, 'b.signet'), destination: join(dir, 'out'), overwrite: true, unwrap: localUnwrapper([legal]), signerKey: signer.lookup });
    expect(await readFile(join(dir, 'out', 'a.txt'), 'utf8')).toBe('new');
  });

  it('refuses links and leaves no output', async () => {
    const dir = await fresh('links');
    await writeFile(join(dir, 'real.txt'), 'x');
    await symlink(join(dir, 'real.txt'), join(dir, 'link.txt'));
    await expectCode(sealFor([join(dir, 'link.txt')], join(dir, 'l.signet')), 'INPUT_NOT_FOUND');
    expect(await readdir(dir)).toEqual(['link.txt', 'real.txt']);
  });

  /**
   * Seals first.txt then second.txt from `dir`, calling `swap` (once, synchronously) while
   * first.txt is being read: after second.txt was looked at, before it is opened.
   */
  async function sealWhileSwapping(dir: string, swap: () => void): Promise<SignetError> {
    let swapped = false;
    const sealing = seal({
      inputs: [join(dir, 'first.txt'), join(dir, 'second.txt')],
      output: join(dir, 's.signet'),
      recipients: [legal],
      signer: signer.identity,
      sign: signer.sign,
      onProgress: () => {
        if (swapped) return;
        swapped = true;
        swap();
      },
    });
    const error = await expectCode(sealing, 'IO_ERROR');
    expect(swapped, 'the swap happened during the seal').toBe(true);
    expect(error.message).toContain('second.txt changed while it was being sealed');
    expect(error.message).toContain('try again');
    return error;
  }

  /** first.txt, and second.txt and other.txt with the same size and times, so only what they are tells them apart. */
  async function swapCase(name: string): Promise<string> {
    const dir = await fresh(name);
    await writeFile(join(dir, 'first.txt'), 'first');
    await writeFile(join(dir, 'second.txt'), 'decoy');
    await writeFile(join(dir, 'other.txt'), 'other');
    const when = new Date('2026-01-02T03:04:05Z');
    for (const file of ['second.txt', 'other.txt']) await utimes(join(dir, file), when, when);
    return dir;
  }

  it('refuses a file swapped for a link after it was looked at and before it is opened, and saves nothing', async () => {
    const dir = await swapCase('swap-link');
    await sealWhileSwapping(dir, () => {
      rmSync(join(dir, 'second.txt'));
      symlinkSync(join(dir, 'other.txt'), join(dir, 'second.txt'));
    });
    expect((await readdir(dir)).sort()).toEqual(['first.txt', 'other.txt', 'second.txt']);
  });

  it('refuses a file replaced by another file after it was looked at and before it is opened, and saves nothing', async () => {
    const dir = await swapCase('swap-file');
    await sealWhileSwapping(dir, () => renameSync(join(dir, 'other.txt'), join(dir, 'second.txt')));
    expect((await readdir(dir)).sort()).toEqual(['first.txt', 'second.txt']);
  });

  it.runIf(fsConstants.O_NOFOLLOW !== undefined)('refuses a link put in place of a file even when it leads to that same file (no-follow open, where the platform has one)', async () => {
    const dir = await swapCase('swap-same');
    await sealWhileSwapping(dir, () => {
      renameSync(join(dir, 'second.txt'), join(dir, 'moved.txt'));
      symlinkSync(join(dir, 'moved.txt'), join(dir, 'second.txt'));
    });
    expect((await readdir(dir)).sort()).toEqual(['first.txt', 'moved.txt', 'other.txt', 'second.txt']);
  });

  it.runIf(process.platform !== 'win32')('refuses a file swapped for a named pipe without waiting on the pipe (not on Windows, which has no mkfifo)', async () => {
    const dir = await swapCase('swap-pipe');
    await sealWhileSwapping(dir, () => {
      rmSync(join(dir, 'second.txt'));
      execFileSync('mkfifo', [join(dir, 'second.txt')]);
    });
    expect((await readdir(dir)).sort()).toEqual(['first.txt', 'other.txt', 'second.txt']);
  }, 10_000);

  it('keeps names in any script, including the joiners Persian and emoji need', async () => {
    const dir = await fresh('names');
    const names = ['Café.txt', '会議：議事録.txt', 'نامه\u200cها.txt', '\u{1F468}\u200d\u{1F469}\u200d\u{1F467}.txt', '½ report.txt', 'ｆｕｌｌｗｉｄｔｈ.txt'];
    await mkdir(join(dir, 'in'));
    for (const name of names) await writeFile(join(dir, 'in', name), name);
    await sealFor([join(dir, 'in')], join(dir, 'n.signet'));
    await openAs(join(dir, 'n.signet'), join(dir, 'out'));
    expect((await readdir(join(dir, 'out', 'in'))).sort()).toEqual([...names].sort());
    for (const name of names) expect(await readFile(join(dir, 'out', 'in', name), 'utf8')).toBe(name);
  });

  it('refuses to seal a name that passes for another, saying which character and what to do', async () => {
    const dir = await fresh('deceptive');
    for (const [name, why] of [
      ['invoice\u202efdp.exe', /invoice<U\+202E>fdp\.exe can't be sealed: the name has an invisible or direction-changing character \(U\+202E\)/],
      ['Legal\u2215memo.pdf', /looks like a slash but is not one \(U\+2215\)/],
      ['\u2025', /passes for "\.\."/],
      ['ＣＯＮ.txt', /passes for "CON.txt": "CON.txt" is a reserved device name/],
    ] as const) {
      await writeFile(join(dir, name), 'x');
      const error = await expectCode(sealFor([join(dir, name)], join(dir, 'd.signet')), 'INPUT_NOT_FOUND');
      expect(error.message).toMatch(why);
      expect(error.message).toContain("can't be sealed");
      expect(error.message).toContain('rename it and try again');
      expect(error.message, 'the message shows invisible characters as code points').not.toMatch(/[\u202e]/u);
      await rm(join(dir, name));
    }
    expect(await readdir(dir)).toEqual([]);
  });

  it('refuses two names in one seal that pass for each other', async () => {
    const dir = await fresh('twins');
    await mkdir(join(dir, 'in'));
    await writeFile(join(dir, 'in', 'file.txt'), 'a');
    await writeFile(join(dir, 'in', 'ｆｉｌｅ.txt'), 'b');
    const error = await expectCode(sealFor([join(dir, 'in')], join(dir, 't.signet')), 'INPUT_NOT_FOUND');
    expect(error.message).toMatch(/same name/);
    expect(await readdir(dir)).toEqual(['in']);
  });

  it('refuses names that differ only by final sigma or by ß and ss, in a folder and at the top of a seal', async () => {
    for (const [one, other] of [
      ['οδοσ.txt', 'οδος.txt'],
      ['Straße.txt', 'strasse.txt'],
      ['ẞ.txt', 'ss.txt'],
    ] as const) {
      const dir = await fresh('folded-twins');
      await mkdir(join(dir, 'in'));
      await writeFile(join(dir, 'in', one), 'a');
      await writeFile(join(dir, 'in', other), 'b');
      const inFolder = await expectCode(sealFor([join(dir, 'in')], join(dir, 't.signet')), 'INPUT_NOT_FOUND');
      expect(inFolder.message, `${one} / ${other} in a folder`).toMatch(/same name/);
      await mkdir(join(dir, 'elsewhere'));
      await rm(join(dir, 'in', other));
      await writeFile(join(dir, 'elsewhere', other), 'b');
      const atTop = await expectCode(sealFor([join(dir, 'in', one), join(dir, 'elsewhere', other)], join(dir, 't.signet')), 'USAGE');
      expect(atTop.message, `${one} / ${other} at the top`).toMatch(/same name/);
      expect((await readdir(dir)).sort()).toEqual(['elsewhere', 'in']);
    }
  });

  it('still seals names that are close but different (οδος and οδοι, İ and i, ss and s)', async () => {
    const dir = await fresh('not-twins');
    await mkdir(join(dir, 'in'));
    for (const name of ['οδος.txt', 'οδοι.txt', 'İ.txt', 'i.txt', 'ss.txt', 's.txt']) await writeFile(join(dir, 'in', name), name);
    const sealed = await sealFor([join(dir, 'in')], join(dir, 't.signet'));
    expect(sealed.manifest.entries.filter((e) => e.type === 'file')).toHaveLength(6);
    const result = await openAs(join(dir, 't.signet'), join(dir, 'out'));
    expect(result.released).toHaveLength(1);
    expect((await readdir(join(dir, 'out', 'in'))).sort()).toEqual(['i.txt', 's.txt', 'ss.txt', 'İ.txt', 'οδοι.txt', 'οδος.txt'].sort());
  });

  it('says NOT_FOR_YOU to someone with none of the keys, and releases nothing', async () => {
    const dir = await fresh('not-for-you');
    await writeFile(join(dir, 'a.txt'), 'x');
    await sealFor([join(dir, 'a.txt')], join(dir, 'a.signet'), [legal]);
    await expectCode(openAs(join(dir, 'a.signet'), join(dir, 'out'), [finance]), 'NOT_FOR_YOU');
    expect(await readdir(dir)).toEqual(['a.signet', 'a.txt']);
  });

  it('refuses a file that is not a seal', async () => {
    const dir = await fresh('not-signet');
    await writeFile(join(dir, 'x.signet'), 'hello, this is not sealed');
    await expectCode(openAs(join(dir, 'x.signet'), join(dir, 'out')), 'NOT_A_SIGNET_FILE');
  });
});
