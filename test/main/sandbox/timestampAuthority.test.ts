// The sandbox's time-stamping authority judged by OpenSSL alone: a query OpenSSL makes
// is answered with a reply `openssl ts -verify -queryfile` accepts against the demo
// root, from a certificate with the RFC 3161 profile; what is not a query is refused
// in RFC 3161's words, and what is not sent as one is not answered.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadOrgConfig } from '../../../src/main/config/orgConfig.js';
import { startTestSandbox, type TestSandbox } from '../../support/sandbox.js';

const run = promisify(execFile);
let sandbox: TestSandbox;
let work: string;
let tsaUrl: string;

beforeAll(async () => {
  sandbox = await startTestSandbox();
  work = await mkdtemp(join(tmpdir(), 'signet-tsa-'));
  const config = await loadOrgConfig(sandbox.configPath);
  tsaUrl = config.trust!.timestamps!;
  const pki = sandbox.store.state.demoPki!;
  const ca = sandbox.store.state.certificateAuthorities[pki.issuingCaId]!;
  await writeFile(join(work, 'root.pem'), config.trust!.rootCertificate!);
  await writeFile(join(work, 'chain.pem'), ca.certificatePem!);
  await writeFile(join(work, 'tsa.pem'), ca.certificates[pki.timestampAuthority!.serial]!.pem);
  await writeFile(join(work, 'data.txt'), 'what was signed');
});
afterAll(async () => {
  await sandbox.remove();
  await rm(work, { recursive: true, force: true });
});

const openssl = (...args: string[]): Promise<{ ok: boolean; out: string }> =>
  run('openssl', args).then(
    ({ stdout, stderr }) => ({ ok: true, out: stdout + stderr }),
    (error: { stdout: string; stderr: string }) => ({ ok: false, out: error.stdout + error.stderr }),
  );

const post = (body: Buffer, contentType = 'application/timestamp-query'): Promise<Response> =>
  fetch(tsaUrl, { method: 'POST', headers: { 'content-type': contentType }, body: new Uint8Array(body) });

it('signet.json of the sandbox names its TSA, whose certificate has extended key usage timeStamping alone, critical', async () => {
  expect(tsaUrl).toBe(`${sandbox.url}/tsa`);
  const text = (await openssl('x509', '-in', join(work, 'tsa.pem'), '-noout', '-text')).out;
  expect(text).toMatch(/X509v3 Extended Key Usage: critical\s+Time Stamping\s/);
  expect(text).toMatch(/X509v3 Key Usage: critical\s+Digital Signature\s/);
  const chained = await openssl('verify', '-purpose', 'timestampsign', '-CAfile', join(work, 'root.pem'), '-untrusted', join(work, 'chain.pem'), join(work, 'tsa.pem'));
  expect(chained.out).toContain(': OK');
});

it('answers a query OpenSSL made with a reply `openssl ts -verify -queryfile` accepts against the demo root', async () => {
  const query = join(work, 'query.tsq');
  expect((await openssl('ts', '-query', '-data', join(work, 'data.txt'), '-sha512', '-cert', '-out', query)).ok).toBe(true);
  const response = await post(await readFile(query));
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('application/timestamp-reply');
  await writeFile(join(work, 'reply.tsr'), Buffer.from(await response.arrayBuffer()));
  const verified = await openssl('ts', '-verify', '-queryfile', query, '-in', join(work, 'reply.tsr'), '-CAfile', join(work, 'root.pem'), '-untrusted', join(work, 'chain.pem'));
  expect(verified.out).toContain('Verification: OK');
  const shown = (await openssl('ts', '-reply', '-in', join(work, 'reply.tsr'), '-text')).out;
  expect(shown).toContain('Status: Granted.');
  expect(shown).toContain('Hash Algorithm: sha512');

  // The same reply for other data is refused.
  await writeFile(join(work, 'other.txt'), 'something else');
  const other = await openssl('ts', '-verify', '-data', join(work, 'other.txt'), '-in', join(work, 'reply.tsr'), '-CAfile', join(work, 'root.pem'), '-untrusted', join(work, 'chain.pem'));
  expect(other.ok).toBe(false);
  expect(other.out).toContain('message imprint mismatch');
});

it('refuses what is not a TimeStampReq with status rejection, and does not answer what is not sent as one', async () => {
  const garbage = await post(Buffer.from('not a query'));
  expect(garbage.status).toBe(200);
  await writeFile(join(work, 'refused.tsr'), Buffer.from(await garbage.arrayBuffer()));
  const shown = (await openssl('ts', '-reply', '-in', join(work, 'refused.tsr'), '-text')).out;
  expect(shown).toContain('Status: Rejected.');
  expect(shown).toContain('Failure info: the data submitted has the wrong format');

  const wrongType = await post(Buffer.from('x'), 'application/octet-stream');
  expect(wrongType.status).toBe(415);
});

it('a sandbox from before the TSA gets one, with a new certificate from its issuing CA, at its next start', async () => {
  const old = await startTestSandbox();
  const dir = old.dir;
  await old.close();
  const state = JSON.parse(await readFile(join(dir, 'state.json'), 'utf8'));
  delete state.demoPki.timestampAuthority;
  await writeFile(join(dir, 'state.json'), JSON.stringify(state));
  const migrated = await startTestSandbox({ dir });
  try {
    const pki = migrated.store.state.demoPki!;
    expect(pki.timestampAuthority).toBeDefined();
    expect(migrated.store.state.certificateAuthorities[pki.issuingCaId]!.certificates[pki.timestampAuthority!.serial]!.pem).toContain('BEGIN CERTIFICATE');
    expect((await loadOrgConfig(migrated.configPath)).trust!.timestamps).toBe(`${migrated.url}/tsa`);
  } finally {
    await migrated.remove();
  }
}, 30_000);
