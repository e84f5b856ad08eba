// `signet sandbox` as a process: one ready line, 127.0.0.1 only, clean stop on
// SIGTERM and SIGINT, state kept across restarts, usage and state errors with exit 2.
// The root ceremony (`root-sign`, `root-crl`) against a running sandbox's folder, with
// OpenSSL as the judge of what the offline root signs.
import { execFile, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ListAliasesCommand, KMSClient } from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSignet, startSignet, stopProcess } from '../../support/cli.js';

const run = promisify(execFile);
const OPENSSL = '/usr/bin/openssl';

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
  expect(before.map((alias) => alias.split('=')[0])).toEqual(['alias/signet-finance', 'alias/signet-legal', 'alias/signet-signing', 'alias/signet/person/alice', 'alias/signet/person/bob', 'alias/signet/person/carol', 'alias/signet/reports']);
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

describe('the root ceremony', () => {
  let ceremonyDir: string;
  let url: string;
  let child: ChildProcess | undefined;
  const file = (name: string): string => join(dir, name);
  const openssl = (...args: string[]): Promise<{ stdout: string; stderr: string }> => run(OPENSSL, args);
  const signingLog = async (): Promise<{ signedAt: string; subject: string; serial: string }[]> =>
    (await readFile(join(ceremonyDir, 'offline-root', 'signings.jsonl'), 'utf8')).trim().split('\n').map((line) => JSON.parse(line));

  beforeAll(async () => {
    ceremonyDir = join(dir, 'ceremony');
    const started = await startSignet(['sandbox', '--dir', ceremonyDir, '--port', '0']);
    child = started.child;
    url = started.firstLine.split(' ')[1]!;
    const config = JSON.parse(await readFile(join(ceremonyDir, 'signet.json'), 'utf8'));
    await writeFile(file('root.pem'), config.trust.rootCertificate);
    await openssl('req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-521', '-nodes', '-keyout', file('second.key'), '-subj', '/O=Test/CN=Second Issuing CA', '-sha512', '-out', file('second.csr'));
  }, 30_000);
  afterAll(() => stopProcess(child));

  it('root-sign signs a CSR with the offline root while the sandbox runs, per the Issuing CA profile, logs it and leaves state.json alone', async () => {
    const stateBefore = await readFile(join(ceremonyDir, 'state.json'));
    expect(await signingLog()).toHaveLength(1);
    const result = await runSignet(['sandbox', 'root-sign', '--dir', ceremonyDir, '--csr', file('second.csr'), '-o', file('second.pem')]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^signed O=Test, CN=Second Issuing CA serial [0-9a-f]+: /);

    expect((await openssl('verify', '-CAfile', file('root.pem'), file('second.pem'))).stdout).toMatch(/second.pem: OK/);
    const text = (await openssl('x509', '-in', file('second.pem'), '-noout', '-serial', '-ext', 'basicConstraints,keyUsage,crlDistributionPoints')).stdout;
    expect(text).toMatch(/X509v3 Basic Constraints: critical\s+CA:TRUE, pathlen:0/);
    expect(text).toMatch(/X509v3 Key Usage: critical\s+Digital Signature, Certificate Sign, CRL Sign/);
    expect(text).toContain(`URI:${url}/signet-demo-crl/crl/root.crl`);
    const serial = text.match(/serial=([0-9A-F]+)/)![1]!;

    const log = await signingLog();
    expect(log).toHaveLength(2);
    expect(log[1]).toMatchObject({ subject: 'O=Test, CN=Second Issuing CA' });
    expect(log[1]!.serial.toUpperCase()).toBe(serial);
    expect(Math.abs(Date.parse(log[1]!.signedAt) - Date.now())).toBeLessThan(60_000);
    expect(await readFile(join(ceremonyDir, 'state.json'))).toEqual(stateBefore);
    // The running sandbox still answers from the same folder.
    expect((await fetch(`${url}/pki/signet.signet-trust`)).status).toBe(200);
  }, 30_000);

  it('root-sign never replaces a file: exit 2, the file and the log as they were', async () => {
    await writeFile(file('taken.pem'), 'mine');
    const before = await signingLog();
    const result = await runSignet(['sandbox', 'root-sign', '--dir', ceremonyDir, '--csr', file('second.csr'), '-o', file('taken.pem')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('taken.pem already exists, and the root ceremony never replaces a file');
    expect(await readFile(file('taken.pem'), 'utf8')).toBe('mine');
    expect(await signingLog()).toEqual(before);
  });

  it('root-sign refuses a CSR whose self-signature does not verify, one that is not a CSR, and a folder with no sandbox', async () => {
    const before = await signingLog();
    const der = (await run(OPENSSL, ['req', '-in', file('second.csr'), '-outform', 'DER'], { encoding: 'buffer' })).stdout;
    der.writeUInt8(der.readUInt8(der.length - 1) ^ 0x01, der.length - 1);
    await writeFile(file('forged.csr'), der);
    const forged = await runSignet(['sandbox', 'root-sign', '--dir', ceremonyDir, '--csr', file('forged.csr'), '-o', file('forged.pem')]);
    expect(forged.code).toBe(2);
    expect(forged.stderr).toContain('is not signed by its own key. Nothing was signed.');
    await writeFile(file('junk.csr'), 'not a request');
    const junk = await runSignet(['sandbox', 'root-sign', '--dir', ceremonyDir, '--csr', file('junk.csr'), '-o', file('junk.pem')]);
    expect(junk.code).toBe(2);
    expect(junk.stderr).toContain('is not a certificate signing request');
    const nowhere = await runSignet(['sandbox', 'root-sign', '--dir', join(dir, 'no-sandbox'), '--csr', file('second.csr'), '-o', file('nowhere.pem')]);
    expect(nowhere.code).toBe(2);
    expect(nowhere.stderr).toContain('holds no sandbox with an offline root');
    const missing = await runSignet(['sandbox', 'root-sign', '--dir', ceremonyDir, '-o', file('nowhere.pem')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('Usage: signet sandbox');
    for (const name of ['forged.pem', 'junk.pem', 'nowhere.pem']) await expect(stat(file(name))).rejects.toThrow(/ENOENT/);
    expect(await signingLog()).toEqual(before);
  });

  it('root-crl issues the next root CRL, which the running sandbox serves and OpenSSL verifies with the root', async () => {
    const crlNumber = async (path: string): Promise<number> => Number.parseInt((await openssl('crl', '-inform', 'DER', '-in', path, '-noout', '-crlnumber')).stdout.split('=')[1]!, 16);
    const fetchRootCrl = async (name: string): Promise<string> => {
      const response = await fetch(`${url}/signet-demo-crl/crl/root.crl`);
      expect(response.status).toBe(200);
      await writeFile(file(name), Buffer.from(await response.arrayBuffer()));
      return file(name);
    };
    const before = await crlNumber(await fetchRootCrl('root-before.crl'));
    const result = await runSignet(['sandbox', 'root-crl', '--dir', ceremonyDir]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe(`root CRL ${before + 1}: ${url}/signet-demo-crl/crl/root.crl\n`);
    const after = await fetchRootCrl('root-after.crl');
    expect(await crlNumber(after)).toBe(before + 1);
    expect((await openssl('crl', '-inform', 'DER', '-in', after, '-CAfile', file('root.pem'), '-verify', '-noout')).stderr).toMatch(/verify OK/);
  });
});
