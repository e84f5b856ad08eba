// The pinned keys on disk: a damaged key cache is refused with words that name the
// file and say what to do, never read as empty and never an internal error.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Keyring } from '../../../src/main/keyring/keyring.js';

let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'signet-keyring-'));
});
afterAll(() => rm(work, { recursive: true, force: true }));

describe('the key cache', () => {
  it.each([
    ['cut short', '{"version":1,"keys":['],
    ['of another shape', '{"version":2,"keys":[]}'],
  ])('a key cache %s is CONFIG_INVALID naming the file', async (_what, text) => {
    const path = join(work, `keyring-${text.length}.json`);
    await writeFile(path, text);
    await expect(Keyring.open(path)).rejects.toMatchObject({ code: 'CONFIG_INVALID', message: expect.stringContaining(`${path} is damaged. Move it aside`) });
  });
});
