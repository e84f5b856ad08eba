// Failure modes lose nothing: a full disk, a cancelled seal or open, a file that
// changes while it is sealed. A disk that fills after the files are released cannot
// turn the open into a refusal. And memory stays bounded however large the file.
// The KMS boundary is faked with local keys (test/support/localKeys.ts), or is the
// sandbox where the app's and the command's own paths are driven; the disk is real —
// small tmpfs mounts, which need root. CI runs as root, so there the full-disk tests
// fail when not root; elsewhere they are skipped, saying why.
import { execFile } from 'node:child_process';
import { appendFile, mkdir, mkdtemp, open, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, type TestContext } from 'vitest';
import { createHandlers, dispatch } from '../../../src/main/ipc/handlers.js';
import { listActivity } from '../../../src/main/services/activity.js';
import type { SignetContext } from '../../../src/main/services/context.js';
import { openSealed } from '../../../src/main/engine/open.js';
import { seal } from '../../../src/main/engine/seal.js';
import { checkReceipt } from '../../../src/main/services/receipts.js';
import { openFile } from '../../../src/main/services/openFile.js';
import { sealFiles } from '../../../src/main/services/sealFiles.js';
import { SignetError } from '../../../src/shared/errors.js';
import { runSignet } from '../../support/cli.js';
import { localRecipient, localSigner, localUnwrapper, type LocalRecipient } from '../../support/localKeys.js';
import { signedInAs } from '../../support/people.js';
import { startTestSandbox, type TestSandbox } from '../../support/sandbox.js';
import { inCi, skipBecause } from '../../support/skipping.js';

const run = promisify(execFile);
const isRoot = process.getuid?.() === 0;
let work: string;
let small: string;
let big: string;
let bigSealed: string;
const signer = localSigner();
let legal: LocalRecipient;

async function writeSized(path: string, bytes: number): Promise<void> {
  const out = createWriteStream(path);
  const block = Buffer.alloc(1024 * 1024);
  for (let i = 0; i < block.length; i++) block[i] = (i * 131) & 0xff;
  for (let done = 0; done < bytes; done += block.length) {
    if (!out.write(block.subarray(0, Math.min(block.length, bytes - done)))) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'signet-failures-'));
  legal = localRecipient('Legal', 'arn:aws:kms:us-east-1:111122223333:key/00000000-0000-4000-8000-0000000000e1');
  big = join(work, 'big.bin');
  await writeSized(big, 64 * 1024 * 1024);
  bigSealed = join(work, 'big.signet');
  await seal({ inputs: [big], output: bigSealed, recipients: [legal], signer: signer.identity, sign: signer.sign });
  if (isRoot) {
    small = join(work, 'small-disk');
    await mkdir(small);
    await run('mount', ['-t', 'tmpfs', '-o', 'size=4m', 'tmpfs', small]);
  }
});
afterAll(async () => {
  if (isRoot) await run('umount', [small]).catch(() => undefined);
  await rm(work, { recursive: true, force: true });
});

const NEEDS_ROOT = 'needs root to mount a 4 MiB tmpfs as the full disk';

/** Lets a full-disk test run only as root: fails in CI (which runs as root), skips elsewhere. */
function requireRoot(context: TestContext): void {
  if (isRoot) return;
  if (inCi()) throw new Error(`This full-disk test ${NEEDS_ROOT}, and CI runs as root, but it runs as user ${process.getuid?.()} here. Run CI as root.`);
  skipBecause(context, `${NEEDS_ROOT}; not root here`);
}

async function code(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(SignetError);
  return (error as SignetError).code;
}

describe('a full disk', () => {
  it('leaves no sealed file, not even a temporary one', async (context) => {
    requireRoot(context);
    const result = await code(seal({ inputs: [big], output: join(small, 'big.signet'), recipients: [legal], signer: signer.identity, sign: signer.sign }));
    expect(result).toBe('DISK_FULL');
    expect(await readdir(small)).toEqual([]);
  });

  it('leaves the destination as it was when opening', async (context) => {
    requireRoot(context);
    await mkdir(join(small, 'dest'));
    await writeFile(join(small, 'dest', 'keep.txt'), 'keep');
    const result = await code(openSealed({ input: bigSealed, destination: join(small, 'dest'), unwrap: localUnwrapper([legal]), signerKey: signer.lookup }));
    expect(result).toBe('DISK_FULL');
    expect(await readdir(join(small, 'dest'))).toEqual(['keep.txt']);
    await rm(join(small, 'dest'), { recursive: true });
  });
});

describe('a disk that fills after the files are released', () => {
  let sandbox: TestSandbox;
  let alice: SignetContext;
  let bob: SignetContext;
  let sealed: string;
  const mounted: string[] = [];

  /** Mounts a 1 MiB tmpfs at `dir` and fills it, so that writing anything more there fails with ENOSPC. */
  async function fullDiskAt(dir: string): Promise<void> {
    await mkdir(dir, { recursive: true });
    await run('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', dir]);
    mounted.push(dir);
    const filler = await open(join(dir, 'filler'), 'w');
    const block = Buffer.alloc(64 * 1024, 1);
    try {
      for (;;) await filler.write(block);
    } catch (error) {
      expect((error as NodeJS.ErrnoException).code).toBe('ENOSPC');
    } finally {
      await filler.close();
    }
  }

  beforeAll(async () => {
    if (!isRoot) return;
    sandbox = await startTestSandbox();
    alice = await signedInAs(sandbox, 'alice', work);
    bob = await signedInAs(sandbox, 'bob', work);
    await writeFile(join(work, 'memo.txt'), 'the memo');
    sealed = join(work, 'memo.signet');
    await sealFiles(alice, { inputs: [join(work, 'memo.txt')], to: ['Legal'], output: sealed });
  });
  afterAll(async () => {
    for (const dir of mounted) await run('umount', [dir]).catch(() => undefined);
    await sandbox?.remove();
  });

  it('in the app: the record of the open cannot be kept, and the open is reported and listed as opened, with a warning', async (context) => {
    requireRoot(context);
    await fullDiskAt(join(bob.home, 'opened'));
    const inbox = join(work, 'app-inbox');
    await mkdir(inbox);
    const input = join(inbox, 'memo.signet');
    await writeFile(input, await readFile(sealed));
    const handlers = createHandlers({ ctx: bob, emit: () => undefined, openExternal: async () => undefined, reveal: () => undefined });
    const result = await dispatch(handlers, 'open:run', { operationId: 'op-fulldisk-1', path: input });
    expect(result).toMatchObject({ ok: true, value: { verdict: 'authentic', released: [join(inbox, 'memo.txt')] } });
    const { warning, warningDetail } = (result as { value: { warning?: string; warningDetail?: string } }).value;
    expect(warning).toContain("couldn't keep its record of this open (there isn't enough space on the disk)");
    expect(warningDetail, 'the cause, for Details').toMatch(/^DISK_FULL: /);
    expect(await readFile(join(inbox, 'memo.txt'), 'utf8')).toBe('the memo');
    expect((await listActivity(bob.home))[0]).toMatchObject({ action: 'opened', summary: 'memo.signet: authentic, sealed by Alice Example, Finance' });
    await run('umount', [join(bob.home, 'opened')]);
    mounted.pop();
  });

  it('with evidence: the evidence cannot be written, and the open succeeds, says how to write it later, and that way works', async (context) => {
    requireRoot(context);
    const disk = join(work, 'evidence-disk');
    await fullDiskAt(disk);
    const evidence = join(disk, 'evidence');
    const result = await openFile(bob, { input: sealed, destination: join(work, 'with-evidence'), evidence });
    expect(result.released).toEqual([join(work, 'with-evidence', 'memo.txt')]);
    expect(result.evidence).toBeUndefined();
    expect(result.warning).toBe(
      "The files are opened, checked and saved, but the evidence folder couldn't be written (there isn't enough space on the disk). Free some space, then open the file again with evidence to write it.",
    );
    expect(result.warningDetail).toMatch(/^DISK_FULL: /);
    expect(result.evidenceLater).toBe(`signet verify "${sealed}" --evidence "${evidence}"`);
    expect(await readFile(join(work, 'with-evidence', 'memo.txt'), 'utf8')).toBe('the memo');
    expect(await readdir(disk), 'no partial evidence folder').toEqual(['filler']);
    await rm(join(disk, 'filler'));
    expect((await checkReceipt(bob, sealed)).manifest.entries).toEqual([expect.objectContaining({ path: 'memo.txt' })]);
  });

  it('on the command line: exit 0, the files listed as saved, and the warning printed', async (context) => {
    requireRoot(context);
    const disk = join(work, 'cli-evidence-disk');
    await fullDiskAt(disk);
    const opened = await runSignet(['--config', sandbox.configPath, 'open', sealed, '-o', join(work, 'cli-out'), '--evidence', join(disk, 'evidence')], { SIGNET_HOME: bob.home });
    expect(opened.code, opened.stderr).toBe(0);
    expect(opened.stdout).toContain(`Saved: ${join(work, 'cli-out', 'memo.txt')}`);
    expect(opened.stdout).not.toContain('Evidence for a third party');
    expect(opened.stderr).toContain("Warning: The files are opened, checked and saved, but the evidence folder couldn't be written (there isn't enough space on the disk).");
    expect(opened.stderr).toContain(`Or write it without opening again: signet verify "${sealed}" --evidence "${join(disk, 'evidence')}" (DISK_FULL: `);
    expect(await readFile(join(work, 'cli-out', 'memo.txt'), 'utf8')).toBe('the memo');
  });
});

describe('cancelling', () => {
  it('a seal leaves nothing behind', async () => {
    const dir = await mkdtemp(join(work, 'cancel-seal-'));
    const controller = new AbortController();
    const result = await code(
      seal({ inputs: [big], output: join(dir, 'out.signet'), recipients: [legal], signer: signer.identity, sign: signer.sign, signal: controller.signal, onProgress: () => controller.abort() }),
    );
    expect(result).toBe('CANCELLED');
    expect(await readdir(dir)).toEqual([]);
  });

  it('an open releases nothing', async () => {
    const dir = await mkdtemp(join(work, 'cancel-open-'));
    const controller = new AbortController();
    const result = await code(
      openSealed({ input: bigSealed, destination: join(dir, 'out'), unwrap: localUnwrapper([legal]), signerKey: signer.lookup, signal: controller.signal, onProgress: () => controller.abort() }),
    );
    expect(result).toBe('CANCELLED');
    expect(await readdir(dir)).toEqual([]);
  });
});

it('refuses a file that changes while it is being sealed, and saves nothing', async () => {
  const dir = await mkdtemp(join(work, 'changing-'));
  const input = join(dir, 'growing.bin');
  await writeSized(input, 16 * 1024 * 1024);
  let appended = false;
  const result = seal({
    inputs: [input],
    output: join(dir, 'out.signet'),
    recipients: [legal],
    signer: signer.identity,
    sign: signer.sign,
    onProgress: () => {
      if (!appended) {
        appended = true;
        void appendFile(input, 'more');
      }
    },
  });
  const error = await result.then(() => undefined, (e: unknown) => e as SignetError);
  expect(error?.code).toBe('IO_ERROR');
  expect(error?.message).toContain('changed while it was being sealed');
  expect(await readdir(dir)).toEqual(['growing.bin']);
});

describe('memory', () => {
  const probe = fileURLToPath(new URL('../../support/rssProbe.ts', import.meta.url));
  const size = (process.env.SIGNET_LARGE_TESTS ? 3 * 1024 : 256) * 1024 * 1024;

  it(`seals and opens ${size / 2 ** 20} MiB streamed, with peak memory under 200 MiB`, async () => {
    const dir = await mkdtemp(join(work, 'memory-'));
    await writeSized(join(dir, 'large.bin'), size);
    const node = (args: string[]) => run(process.execPath, ['--import', 'tsx', probe, ...args], { maxBuffer: 1 << 20 });
    const sealed = JSON.parse((await node(['seal', join(dir, 'large.bin'), join(dir, 'large.signet'), join(dir, 'keys')])).stdout);
    await rm(join(dir, 'large.bin'));
    const opened = JSON.parse((await node(['open', join(dir, 'large.signet'), join(dir, 'out'), join(dir, 'keys')])).stdout);
    expect(sealed.maxRssKiB / 1024).toBeLessThan(200);
    expect(opened.maxRssKiB / 1024).toBeLessThan(200);
    expect((await readdir(join(dir, 'out')))).toEqual(['large.bin']);
  }, 600_000);
});
