// The hashing thread must give exactly what createHash gives, whatever the pieces, and
// hash one file after another without mixing them up.
import { createHash, randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { FileHashes, PARALLEL_HASH_THRESHOLD, Sha256Worker } from '../../../src/main/hashing/sha256Worker.js';

const MiB = 1024 * 1024;
const expected = (data: Buffer): string => createHash('sha256').update(data).digest('hex');

describe('Sha256Worker', () => {
  let worker: Sha256Worker | undefined;
  afterEach(async () => {
    await worker?.close();
    worker = undefined;
  });

  it('matches createHash for pieces that cross slot boundaries, and starts afresh after each digest', async () => {
    worker = new Sha256Worker();
    for (const [size, piece] of [
      [0, 1],
      [1, 1],
      [MiB - 1, 4096],
      [MiB, MiB],
      [MiB + 1, 333_333],
      [9 * MiB + 17, 2 * MiB + 5],
    ] as const) {
      const data = randomBytes(size);
      for (let at = 0; at < size; at += piece) await worker.update(data.subarray(at, at + piece));
      expect(await worker.digest(), `${size} bytes in pieces of ${piece}`).toBe(expected(data));
    }
  });

  it('copies what it is given: changing the buffer afterwards changes nothing', async () => {
    worker = new Sha256Worker();
    const data = randomBytes(3 * MiB);
    const scratch = Buffer.alloc(MiB / 2);
    for (let at = 0; at < data.length; at += scratch.length) {
      data.copy(scratch, 0, at, at + scratch.length);
      await worker.update(scratch);
      scratch.fill(0);
    }
    expect(await worker.digest()).toBe(expected(data));
  });

  it('refuses work once closed', async () => {
    const closed = new Sha256Worker();
    await closed.close();
    await expect(closed.digest()).rejects.toThrow(/closed/);
  });
});

describe('FileHashes', () => {
  it('hashes small files inline and large ones on the worker, with the same results', async () => {
    const hashes = new FileHashes();
    try {
      for (const size of [0, 10, PARALLEL_HASH_THRESHOLD - 1, PARALLEL_HASH_THRESHOLD, PARALLEL_HASH_THRESHOLD + MiB + 3, 5]) {
        const data = randomBytes(size);
        const hash = hashes.forFile(size);
        for (let at = 0; at < size; at += MiB) await hash.update(data.subarray(at, at + MiB));
        expect(await hash.digest(), `${size} bytes`).toBe(expected(data));
      }
    } finally {
      await hashes.close();
    }
  });
});

describe('Sha256Worker in a process started as an ES module', () => {
  it('runs (eval would treat its code as a module) and the process waits for the digest', async () => {
    const { spawnSync } = await import('node:child_process');
    const { fileURLToPath } = await import('node:url');
    const module = fileURLToPath(new URL('../../../src/main/hashing/sha256Worker.ts', import.meta.url));
    // --input-type=module is inherited by eval workers, which then run their code as an
    // ES module; and the child's only pending work is the worker, so the digest is
    // printed only if the worker holds the process open until it answers.
    const script = `
      const { Sha256Worker } = await import(${JSON.stringify(module)});
      const worker = new Sha256Worker();
      await worker.update(Buffer.alloc(32 * 1024 * 1024, 7));
      process.stdout.write(await worker.digest());
      await worker.close();
    `;
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(child.stderr).toBe('');
    expect(child.stdout).toBe(expected(Buffer.alloc(32 * 1024 * 1024, 7)));
  });
});
