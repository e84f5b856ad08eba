// `signet sandbox` as a process: one ready line, 127.0.0.1 only, clean stop on
// SIGTERM and SIGINT, state kept across restarts, usage and state errors with exit 2.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListAliasesCommand, KMSClient } from '@aws-sdk/client-kms';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runSignet, startSignet } from '../../support/cli.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'signet-cli-sandbox-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function aliasesVia(url: string): Promise<string[]> {
  const text = await readFile(join(dir, 'aws', 'credentials'), 'utf8');
  const accessKeyId = text.match(/aws_access_key_id = (\S+)/)![1]!;
  const secretAccessKey = text.match(/aws_secret_access_key = (\S+)/)![1]!;
  const kms = new KMSClient({ region: 'us-east-1', endpoint: url, credentials: { accessKeyId, secretAccessKey } });
  const out = await kms.send(new ListAliasesCommand({}));
  return out.Aliases!.map((a) => `${a.AliasName}=${a.TargetKeyId}`).sort();
}

function exited(child: import('node:child_process').ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.on('close', (code) => resolve(code)));
}

it('prints exactly one ready line, serves on 127.0.0.1, stops cleanly and keeps its state', async () => {
  const first = await startSignet(['sandbox', '--dir', dir, '--port', '0']);
  const match = first.firstLine.match(/^ready (http:\/\/127\.0\.0\.1:(\d+)) config (.+)$/);
  expect(match, first.firstLine).not.toBeNull();
  expect(match![3]).toBe(join(dir, 'signet.json'));
  const config = JSON.parse(await readFile(match![3]!, 'utf8'));
  expect(config.endpoints.kms).toBe(match![1]);
  const before = await aliasesVia(match![1]!);
  expect(before.length).toBe(3);
  const stopped = exited(first.child);
  first.child.kill('SIGTERM');
  expect(await stopped).toBe(0);
  expect(first.output().trim().split('\n')).toHaveLength(1);

  const second = await startSignet(['sandbox', '--dir', dir]);
  const url = second.firstLine.split(' ')[1]!;
  expect(await aliasesVia(url)).toEqual(before);
  const stoppedAgain = exited(second.child);
  second.child.kill('SIGINT');
  expect(await stoppedAgain).toBe(0);
});

it('refuses a bad port with exit code 2 and a message', async () => {
  const result = await runSignet(['sandbox', '--dir', dir, '--port', 'eighty']);
  expect(result.code).toBe(2);
  expect(result.stderr).toContain('--port must be a whole number');
});

it('refuses an unknown command and option with exit code 2', async () => {
  expect((await runSignet(['frobnicate'])).code).toBe(2);
  const unknownOption = await runSignet(['sandbox', '--colour', 'blue']);
  expect(unknownOption.code).toBe(2);
  expect(unknownOption.stderr).toContain('signet help');
});

it('refuses a damaged state file with exit code 2 and says to move the folder aside', async () => {
  const damaged = join(dir, 'damaged');
  await mkdir(damaged);
  await writeFile(join(damaged, 'state.json'), '{not json');
  const result = await runSignet(['sandbox', '--dir', damaged, '--port', '0']);
  expect(result.code).toBe(2);
  expect(result.stderr).toContain('is not valid JSON. Move the folder aside');
});
