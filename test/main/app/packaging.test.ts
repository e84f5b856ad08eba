// Packaging with electron-builder and the project's electron-builder.yml. Electron's
// real binary cannot be downloaded here, so electron-builder packs with a stand-in
// Electron folder (its --dir target and electronDist setting): a small file that holds
// a fuse wire where Electron's binary holds one, so the fuse flipping configured in
// electron-builder.yml runs for real and can be read back.
import { execFile } from 'node:child_process';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { listPackage } from '@electron/asar';
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../../', import.meta.url));
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
// A fuse's state is one byte on the wire: '1' on, '0' off (@electron/fuses' FuseState).
const FuseState = { ENABLE: 0x31, DISABLE: 0x30 } as const;
let work: string;
let unpacked: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'signet-pack-'));
  const dist = join(work, 'electron-dist');
  await mkdir(dist);
  const wire = Buffer.concat([Buffer.from('#!/bin/sh\n# stand-in for the Electron binary\n'), Buffer.from(SENTINEL), Buffer.from([1, 8]), Buffer.alloc(8, FuseState.ENABLE)]);
  await writeFile(join(dist, 'electron'), wire);
  await chmod(join(dist, 'electron'), 0o755);
  await writeFile(join(dist, 'LICENSE'), 'MIT');
  await writeFile(join(dist, 'version'), '39.8.10');
  await run(process.execPath, [join(root, 'node_modules/electron-builder/cli.js'), '--linux', '--dir', `-c.electronDist=${dist}`, `-c.directories.output=${join(work, 'release')}`], {
    cwd: root,
    maxBuffer: 16 << 20,
  });
  unpacked = join(work, 'release', 'linux-unpacked');
}, 180_000);
afterAll(() => rm(work, { recursive: true, force: true }));

describe('the packaged app', () => {
  it('holds the built code and runtime dependencies, and no sources, tests, maps or development packages', () => {
    const files = listPackage(join(unpacked, 'resources', 'app.asar'), { isPack: false });
    expect(files).toEqual(expect.arrayContaining(['/out/main/index.js', '/out/preload/index.cjs', '/out/renderer/index.html', '/package.json']));
    expect(files.some((f) => f.startsWith('/node_modules/@aws-sdk/client-kms/'))).toBe(true);
    expect(files.some((f) => f.startsWith('/node_modules/pdf-lib/'))).toBe(true);
    for (const forbidden of [/^\/src\//, /^\/test\//, /^\/docs\//, /^\/scripts\//, /\.map$/, /\.ts$/]) {
      expect(files.filter((f) => forbidden.test(f)).slice(0, 3)).toEqual([]);
    }
    for (const dev of ['vitest', 'vite', 'electron', 'electron-vite', 'electron-builder', 'playwright-core', 'typescript', 'svelte', 'tsx', '@doyensec/electronegativity']) {
      expect(files.some((f) => f.startsWith(`/node_modules/${dev}/`)), dev).toBe(false);
    }
  });

  it('has the fuses of electron-builder.yml flipped: no RunAsNode, NODE_OPTIONS or inspect; ASAR integrity and ASAR only', async () => {
    const fuses = await getCurrentFuseWire(join(unpacked, 'signet'));
    expect(fuses[FuseV1Options.RunAsNode]).toBe(FuseState.DISABLE);
    expect(fuses[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(FuseState.DISABLE);
    expect(fuses[FuseV1Options.EnableNodeCliInspectArguments]).toBe(FuseState.DISABLE);
    expect(fuses[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(FuseState.ENABLE);
    expect(fuses[FuseV1Options.OnlyLoadAppFromAsar]).toBe(FuseState.ENABLE);
    expect(fuses[FuseV1Options.GrantFileProtocolExtraPrivileges]).toBe(FuseState.DISABLE);
  });
});
