// Seal → open round trips and refusals through the real format code, file system and
// streams. The KMS boundary is faked on purpose (local keys, see test/support/localKeys.ts);
// test/main/services/sealOpenSandbox.test.ts does the same through the sandbox.
import { mkdir, mkdtemp, readFile, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHUNK_SIZE } from '../../../src/main/format/constants.js';
import { openSealed } from '../../../src/main/services/open.js';
import { seal } from '../../../src/main/services/seal.js';
import { SignetError } from '../../../src/shared/errors.js';
import { localRecipient, localSigner, localUnwrapper, type LocalRecipient } from '../../support/localKeys.js';

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

describe('releasing in one step (docs/FORMAT.md, "Releasing")', () => {
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
