// A process killed in the middle of a seal or an open (SIGKILL: no clean-up runs)
// leaves nothing under a final name, and the next run removes what it left. The seal
// and open run in a child process (test/support/rssProbe.ts) with local test keys.
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
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

/** Runs the probe and kills it with SIGKILL once `ready` says its work is under way. */
async function killMidway(args: string[], ready: () => Promise<boolean>): Promise<void> {
  const child = spawn(process.execPath, ['--import', 'tsx', probe, ...args], { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  for (let i = 0; i < 400 && !(await ready()); i++) await new Promise((r) => setTimeout(r, 25));
  child.kill('SIGKILL');
  await exited;
}

const run = (args: string[]) =>
  new Promise<number | null>((resolve) => spawn(process.execPath, ['--import', 'tsx', probe, ...args], { stdio: 'ignore' }).once('exit', resolve));

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'signet-crash-'));
  await writeSized(join(work, 'big.bin'), 512 * 1024 * 1024);
}, 120_000);
afterAll(() => rm(work, { recursive: true, force: true }));

describe('a process killed mid-way', () => {
  it('mid-seal: no sealed file appears; the next seal removes the temporary and succeeds', async () => {
    const out = join(work, 'sealed');
    await mkdir(out);
    await killMidway(['seal', join(work, 'big.bin'), join(out, 'big.signet'), join(work, 'keys')], async () => (await readdir(out)).some((n) => n.endsWith('.tmp')));
    const left = await readdir(out);
    expect(left).not.toContain('big.signet');
    expect(left.filter((n) => n.endsWith('.tmp'))).toHaveLength(1);
    expect(await run(['seal', join(work, 'big.bin'), join(out, 'big.signet'), join(work, 'keys')])).toBe(0);
    expect(await readdir(out)).toEqual(['big.signet']);
  }, 120_000);

  it('mid-open: nothing is released; the next open removes the temporary folder and succeeds', async () => {
    const sealed = join(work, 'sealed', 'big.signet');
    const destination = join(work, 'opened');
    await mkdir(destination);
    await killMidway(['open', sealed, destination, join(work, 'keys')], async () => (await readdir(destination)).some((n) => n.startsWith('.signet-')));
    const left = await readdir(destination);
    expect(left).not.toContain('big.bin');
    expect(left.filter((n) => n.startsWith('.signet-'))).toHaveLength(1);
    expect(await run(['open', sealed, destination, join(work, 'keys')])).toBe(0);
    expect(await readdir(destination)).toEqual(['big.bin']);
  }, 120_000);
});
