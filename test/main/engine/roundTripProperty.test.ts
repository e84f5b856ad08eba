// Property: any tree of files and folders with any safe names, sealed for any set of
// recipients, opens for each of them to exactly the same tree. The KMS boundary is
// faked with local keys (test/support/localKeys.ts); files, format and streams are real.
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { unsafeNameReason, collisionKey } from '../../../src/main/format/names.js';
import { openSealed } from '../../../src/main/engine/open.js';
import { seal } from '../../../src/main/engine/seal.js';
import { localRecipient, localSigner, localUnwrapper, type LocalRecipient } from '../../support/localKeys.js';

let work: string;
const signer = localSigner();
const team: LocalRecipient[] = [];

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'signet-property-'));
  for (let i = 0; i < 3; i++) team.push(localRecipient(`Team ${i}`, `arn:aws:kms:us-east-1:111122223333:key/00000000-0000-4000-8000-00000000010${i}`));
});
afterAll(() => rm(work, { recursive: true, force: true }));

/** Names a person might use: letters from several scripts, spaces, dots, dashes. */
const name = fc
  .stringMatching(/^[A-Za-z0-9äöüéßЖжあ漢 ._-]{1,24}$/)
  .filter((n) => unsafeNameReason(n) === undefined);

type Tree = { [name: string]: Tree | Uint8Array };
const tree: fc.Arbitrary<Tree> = fc.letrec((tie) => ({
  node: fc.dictionary(name, fc.oneof({ maxDepth: 3 }, fc.uint8Array({ maxLength: 70_000 }), tie('node') as fc.Arbitrary<Tree>), { maxKeys: 4 }),
})).node as fc.Arbitrary<Tree>;

/** Drops names that would collide on a case-insensitive file system (Signet refuses those). */
function distinct(t: Tree): Tree {
  const seen = new Set<string>();
  const out: Tree = {};
  for (const [k, v] of Object.entries(t)) {
    if (seen.has(collisionKey(k))) continue;
    seen.add(collisionKey(k));
    out[k] = v instanceof Uint8Array ? v : distinct(v);
  }
  return out;
}

async function write(dir: string, t: Tree): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (const [k, v] of Object.entries(t)) {
    if (v instanceof Uint8Array) await writeFile(join(dir, k), v);
    else await write(join(dir, k), v);
  }
}

async function describeTree(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of (await readdir(dir)).sort()) {
    const path = join(dir, entry);
    if ((await stat(path)).isDirectory()) out.push(`${entry}/`, ...(await describeTree(path)).map((p) => `${entry}/${p}`));
    else out.push(`${entry} ${createHash('sha256').update(await readFile(path)).digest('hex')}`);
  }
  return out;
}

let n = 0;
it('any tree, sealed for any recipients, opens unchanged for each of them', async () => {
  await fc.assert(
    fc.asyncProperty(tree.map(distinct).filter((t) => Object.keys(t).length > 0), fc.subarray([0, 1, 2], { minLength: 1 }), async (t, chosen) => {
      const dir = join(work, `case-${n++}`);
      await write(join(dir, 'in', 'root'), t);
      const recipients = chosen.map((i) => team[i]!);
      await seal({ inputs: [join(dir, 'in', 'root')], output: join(dir, 'sealed.signet'), recipients, signer: signer.identity, sign: signer.sign });
      const expected = await describeTree(join(dir, 'in'));
      for (const recipient of recipients) {
        const out = join(dir, `out-${recipient.name}`);
        await openSealed({ input: join(dir, 'sealed.signet'), destination: out, unwrap: localUnwrapper([recipient]), signerKey: signer.lookup });
        expect(await describeTree(out)).toEqual(expected);
      }
      await rm(dir, { recursive: true, force: true });
    }),
    { numRuns: 40 },
  );
}, 120_000);
