// readBlocks reuses two buffers; each block must be right when it is handed out, and
// the generator must not leave a read running when the caller stops early.
import { randomBytes } from 'node:crypto';
import { mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BLOCK_SIZE, readBlocks } from '../../../src/main/fs/readBlocks.js';

let dir: string;
let path: string;
const data = randomBytes(3 * BLOCK_SIZE + 12345);
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'signet-blocks-'));
  path = join(dir, 'data');
  await writeFile(path, data);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function collect(start?: number, length?: number, signal?: AbortSignal): Promise<Buffer> {
  const handle = await open(path, 'r');
  const parts: Buffer[] = [];
  try {
    // Copy each block: it is only valid until the next one is asked for.
    for await (const block of readBlocks(handle, start, length, signal)) parts.push(Buffer.from(block));
  } finally {
    await handle.close();
  }
  return Buffer.concat(parts);
}

describe('readBlocks', () => {
  it('reads the whole file, a range, and nothing past the end', async () => {
    expect((await collect()).equals(data)).toBe(true);
    expect((await collect(100, BLOCK_SIZE * 2)).equals(data.subarray(100, 100 + BLOCK_SIZE * 2))).toBe(true);
    expect((await collect(data.length - 10, 1000)).equals(data.subarray(data.length - 10))).toBe(true);
    expect((await collect(data.length + 5)).length).toBe(0);
  });

  it('stops with the abort reason once the signal aborts', async () => {
    const controller = new AbortController();
    controller.abort(new Error('stop'));
    await expect(collect(0, undefined, controller.signal)).rejects.toThrow('stop');
  });

  it('can be left early without a read running into a closed handle', async () => {
    const handle = await open(path, 'r');
    for await (const block of readBlocks(handle)) {
      expect(block.length).toBe(BLOCK_SIZE);
      break;
    }
    await handle.close();
  });
});
