// A process killed in the middle of a seal or an open (SIGKILL: no clean-up runs), at
// random points, leaves nothing under a final name, and the next run removes what it left.
// An open of a seal with several top-level entries leaves none of them under a final name
// or all of them, whole. The seal and open run in a child process
// (test/support/rssProbe.ts) with local test keys.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, watch } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const probe = fileURLToPath(new URL('../../support/rssProbe.ts', import.meta.url));
let work: string;

async function writeSized(path: string, bytes: number, fill = 3): Promise<void> {
  const out = createWriteStream(path);
  const block = Buffer.alloc(4 * 1024 * 1024, fill);
  for (let done = 0; done < bytes; done += block.length) if (!out.write(block)) await new Promise<void>((r) => out.once('drain', () => r()));
  await new Promise<void>((r) => out.end(() => r()));
}

/**
 * Runs the probe and kills it with SIGKILL a random 0–300 ms after `ready` says its work
 * is under way. Returns the delay, and whether the process was still running when the
 * signal went (on a fast machine it may have finished).
 */
async function killMidway(args: string[], ready: () => Promise<boolean>): Promise<{ delayMs: number; killed: boolean }> {
  const delayMs = Math.floor(Math.random() * 300);
  return { delayMs, killed: await killAt(args, { afterMs: delayMs, ready }) };
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

/** Every folder and file under `dir`, files with size and SHA-256, sorted: two trees are equal when these are. */
async function describeTree(dir: string): Promise<string[]> {
  const lines: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    const path = join(entry.parentPath, entry.name);
    const name = path.slice(dir.length + 1);
    if (entry.isDirectory()) {
      lines.push(`${name}/`);
      continue;
    }
    const hash = createHash('sha256');
    for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
    lines.push(`${name} ${(await stat(path)).size} ${hash.digest('hex')}`);
  }
  return lines.sort();
}

/** Resolves once some name in `folder` passes `test`, or when `stop` resolves. */
function firstName(folder: string, test: (name: string) => boolean, stop: Promise<void>): Promise<void> {
  return new Promise((resolve) => {
    const watcher = watch(folder, () => {
      void readdir(folder).then((names) => {
        if (names.some(test)) finish();
      });
    });
    const finish = () => {
      watcher.close();
      resolve();
    };
    void stop.then(finish);
  });
}

/**
 * Runs the probe and kills it with SIGKILL at `when`: a delay after `ready` says its work
 * is under way, or the moment a final (not temporary) name appears in `folder` — that is,
 * while the release runs. Returns whether the process was still running when the signal went.
 */
async function killAt(args: string[], when: { afterMs: number; ready: () => Promise<boolean> } | { firstFinalNameIn: string; isTemporary: (name: string) => boolean }): Promise<boolean> {
  const child = spawn(process.execPath, ['--import', 'tsx', probe, ...args], { stdio: 'ignore' });
  let running = true;
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      running = false;
      resolve();
    }),
  );
  if ('afterMs' in when) {
    for (let i = 0; i < 400 && running && !(await when.ready()); i++) await new Promise((r) => setTimeout(r, 25));
    await new Promise((r) => setTimeout(r, when.afterMs));
  } else {
    await firstName(when.firstFinalNameIn, (name) => !when.isTemporary(name), exited);
  }
  const killed = running;
  child.kill('SIGKILL');
  await exited;
  return killed;
}

/** Runs the probe to the end; returns how long it worked after `ready` said its work was under way. */
async function timeWork(args: string[], ready: () => Promise<boolean>): Promise<number> {
  const child = spawn(process.execPath, ['--import', 'tsx', probe, ...args], { stdio: 'ignore' });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  let code: number | null | undefined;
  void exited.then((c) => (code = c));
  while (code === undefined && !(await ready())) await new Promise((r) => setTimeout(r, 25));
  const started = performance.now();
  expect(await exited).toBe(0);
  return performance.now() - started;
}

describe('a process killed while opening several top-level entries', () => {
  const sealed = () => join(work, 'several.signet');
  let expected: string[];

  beforeAll(async () => {
    const from = join(work, 'several');
    await mkdir(join(from, 'case', 'notes'), { recursive: true });
    await writeSized(join(from, 'case', 'exhibit-1.bin'), 64 * 1024 * 1024, 5);
    await writeSized(join(from, 'case', 'exhibit-2.bin'), 64 * 1024 * 1024, 6);
    await writeFile(join(from, 'case', 'notes', 'summary.txt'), 'summary');
    await writeSized(join(from, 'video.bin'), 96 * 1024 * 1024, 7);
    await writeSized(join(from, 'scan.bin'), 32 * 1024 * 1024, 8);
    // Many top-level entries: a release that moved them one by one would take long enough to be caught half done.
    for (let i = 0; i < 300; i++) await writeFile(join(from, `memo-${String(i).padStart(3, '0')}.txt`), `memo ${i}`);
    expected = await describeTree(from);
    expect(await run(['seal', ...(await readdir(from)).map((name) => join(from, name)), sealed(), join(work, 'keys')])).toBe(0);
    await rm(from, { recursive: true });
  }, 300_000);

  /**
   * Opens `several.signet` once to time it, then kills it three times at random points
   * over that time and once as the first final name appears. After each kill `folder`
   * holds nothing under a final name and exactly one temporary (each run removes the
   * last one's), or `finalName` alone, holding every entry whole.
   */
  async function killAtRandomPointsAndAtRelease(folder: string, finalName: string, isTemporary: (name: string) => boolean, destination: string): Promise<void> {
    const args = ['open', sealed(), destination, join(work, 'keys')];
    const ready = async () => (await readdir(folder)).some(isTemporary);
    const checkLeft = async (why: string): Promise<'none' | 'all'> => {
      const left = await readdir(folder);
      const finals = left.filter((name) => !isTemporary(name));
      if (finals.length === 0) {
        expect(left, `${why}: one temporary, nothing under a final name`).toHaveLength(1);
        return 'none';
      }
      expect(finals, `${why}: only the whole release is under a final name`).toEqual([finalName]);
      expect(await describeTree(join(folder, finalName)), `${why}: every entry is there and whole`).toEqual(expected);
      await rm(join(folder, finalName), { recursive: true });
      return 'all';
    };
    const openMs = await timeWork(args, ready);
    expect(await checkLeft('an open left to finish')).toBe('all');
    const outcomes: string[] = [];
    for (let round = 0; round < 3; round++) {
      const afterMs = Math.floor(Math.random() * openMs);
      const killed = await killAt(args, { afterMs, ready });
      outcomes.push(`${killed ? 'killed' : 'finished'} ${afterMs} ms in: ${await checkLeft(`killed ${afterMs} ms in`)}`);
    }
    const killed = await killAt(args, { firstFinalNameIn: folder, isTemporary });
    outcomes.push(`${killed ? 'killed' : 'finished'} as the first final name appeared: ${await checkLeft('killed as the first final name appeared')}`);
    expect(outcomes.some((o) => o.startsWith('killed') && o.endsWith('none')), `at least one run was killed mid-way (${outcomes.join('; ')})`).toBe(true);
    expect(await run(args)).toBe(0);
    expect(await checkLeft('the next open')).toBe('all');
  }

  it('into an existing folder: none of the entries, or all of them whole in a new folder named after the seal', async () => {
    const destination = join(work, 'inbox');
    await mkdir(destination);
    await killAtRandomPointsAndAtRelease(destination, 'several', (name) => name.startsWith('.signet-'), destination);
  }, 300_000);

  it('into a new folder: the folder does not exist, or it holds all of the entries whole', async () => {
    const parent = join(work, 'new-parent');
    await mkdir(parent);
    await killAtRandomPointsAndAtRelease(parent, 'opened', (name) => name.startsWith('.opened.signet-'), join(parent, 'opened'));
  }, 300_000);
});
