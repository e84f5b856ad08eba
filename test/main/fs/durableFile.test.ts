// DurableFile gathers, orders and flushes writes; these check the bytes on disk, not
// the timing.
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DurableFile } from '../../../src/main/fs/durableFile.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'signet-durable-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('DurableFile', () => {
  it('writes every part in order, whatever the mix of sizes', async () => {
    const parts: Buffer[] = [];
    // Tiny parts (more than one batch's worth of buffers), then large ones, then tiny again.
    for (let i = 0; i < 1500; i++) parts.push(randomBytes(1 + (i % 17)));
    for (let i = 0; i < 12; i++) parts.push(randomBytes(700_000 + i));
    for (let i = 0; i < 50; i++) parts.push(randomBytes(i));
    const file = await DurableFile.create(join(dir, 'out'), 0o600);
    for (let i = 0; i < parts.length; i += 3) await file.write(...parts.slice(i, i + 3));
    await file.finish();
    expect((await readFile(join(dir, 'out'))).equals(Buffer.concat(parts))).toBe(true);
  });

  it('never replaces a file that exists', async () => {
    await writeFile(join(dir, 'taken'), 'keep me');
    await expect(DurableFile.create(join(dir, 'taken'), 0o600)).rejects.toMatchObject({ code: 'EEXIST' });
    expect(await readFile(join(dir, 'taken'), 'utf8')).toBe('keep me');
  });

  it('reports a failed write at the next write or at finish', async () => {
    const file = await DurableFile.create(join(dir, 'out'), 0o600);
    // Closing the descriptor underneath makes the next batch fail as a real I/O error would.
    await (file as unknown as { handle: { close(): Promise<void> } }).handle.close();
    await file.write(randomBytes(2 * 1024 * 1024)).catch(() => undefined);
    await expect(file.finish()).rejects.toMatchObject({ code: 'EBADF' });
  });
});
