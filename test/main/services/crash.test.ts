// A process killed in the middle of a seal or an open (SIGKILL: no clean-up runs), at
// random points, leaves nothing under a final name, and the next run removes what it left. The seal
// and open run in a child process (test/support/rssProbe.ts) with local test keys.
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const probe = fileURLToPath(new URL('../../support/rssProbe.ts', import.meta.url));
let work: string;

async function writeSized(path: string, bytes: number): Promise<void> {
  const out = createWriteStream(path);
  const block = Buffer.alloc(4 * 1024 * 1024, 3);
  for (let done = 0; done < bytes; done += block.length) if (!out.write(block)) await new Promise<void>((r) => out.once('drain', () => r()));
  await new Promise<void>((r) => out.end(() => r()));
}

/**
 * Runs the probe and kills it with SIGKILL a random 0–300 ms after `ready` says its work
 * is under way. Returns the delay, and whether the process was still running when the
 * signal went (on a fast machine it may have finished).
 */
async function killMidway(args: string[], ready: () => Promise<boolean>): Promise<{ delayMs: number; killed: boolean }> {
  const child = spawn(process.execPath, ['--import', 'tsx', probe, ...args], { stdio: 'ignore' });
  let running = true;
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      running = false;
      resolve();
    }),
  );
  for (let i = 0; i < 400 && running && !(await ready()); i++) await new Promise((r) => setTimeout(r, 25));
  const delayMs = Math.floor(Math.random() * 300);
  await new Promise((r) => setTimeout(r, delayMs));
  const killed = running;
  child.kill('SIGKILL');
  await exited;
  return { delayMs, killed };
}

const run = (args: string[]) =>
  new Promise<number | null>((resolve) => spawn(process.execPath, ['--import', 'tsx', probe, ...args], { stdio: 'ignore' }).once('exit', resolve));

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'signet-crash-'));
  await writeSized(join(work, 'big.bin'), 512 * 1024 * 1024);
}, 120_000);
afterAll(() => rm(work, { recursive: true, force: true }));

interface Job {
  args: string[];
  /** Where the work writes: its temporary appears here, then its output under `finalName`. */
  folder: string;
  finalName: string;
  isTemporary: (name: string) => boolean;
  /** Checks that an output left under the final name is whole. */
  expectWhole: (round: number, why: string) => Promise<void>;
}

/**
 * Kills the work three times at random points. After each kill the final name must be
 * absent, with exactly one temporary left (each run removes what the last one left),
 * or, when the kill came after the output took its final name, the output must be whole.
 */
async function killAtRandomPoints(job: Job): Promise<void> {
  let kills = 0;
  for (let round = 0; round < 3; round++) {
    const { delayMs, killed } = await killMidway(job.args, async () => (await readdir(job.folder)).some(job.isTemporary));
    const left = await readdir(job.folder);
    if (!killed) {
      // It finished first: the output is in place, and the next round must not meet it.
      expect(left).toEqual([job.finalName]);
      await rm(join(job.folder, job.finalName));
      continue;
    }
    kills++;
    if (left.includes(job.finalName)) {
      // Killed after the output took its final name, before the process ended.
      await job.expectWhole(round, `killed ${delayMs} ms in, after the output took its name`);
      await rm(join(job.folder, job.finalName));
      continue;
    }
    expect(left.filter(job.isTemporary), `killed ${delayMs} ms in; each run removes the temporary the last one left`).toHaveLength(1);
  }
  expect(kills, 'at least one run was killed mid-way').toBeGreaterThan(0);
}

describe('a process killed mid-way', () => {
  it('mid-seal: no sealed file appears; the next seal removes the temporary and succeeds', async () => {
    const out = join(work, 'sealed');
    await mkdir(out);
    const args = ['seal', join(work, 'big.bin'), join(out, 'big.signet'), join(work, 'keys')];
    await killAtRandomPoints({
      args,
      folder: out,
      finalName: 'big.signet',
      isTemporary: (n) => n.endsWith('.tmp'),
      expectWhole: async (round, why) => {
        const check = join(work, `check-${round}`);
        await mkdir(check);
        expect(await run(['open', join(out, 'big.signet'), check, join(work, 'keys')]), why).toBe(0);
        await rm(check, { recursive: true });
      },
    });
    expect(await run(args)).toBe(0);
    expect(await readdir(out)).toEqual(['big.signet']);
  }, 120_000);

  it('mid-open: nothing is released; the next open removes the temporary folder and succeeds', async () => {
    const destination = join(work, 'opened');
    await mkdir(destination);
    const args = ['open', join(work, 'sealed', 'big.signet'), destination, join(work, 'keys')];
    await killAtRandomPoints({
      args,
      folder: destination,
      finalName: 'big.bin',
      isTemporary: (n) => n.startsWith('.signet-'),
      expectWhole: async (_round, why) => expect((await stat(join(destination, 'big.bin'))).size, why).toBe(512 * 1024 * 1024),
    });
    expect(await run(args)).toBe(0);
    expect(await readdir(destination)).toEqual(['big.bin']);
  }, 120_000);
});
