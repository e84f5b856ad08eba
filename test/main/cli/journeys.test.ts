// The `signet` command as a person or a script uses it, against a sandbox running as
// its own process: sign in as demo people, seal, open with evidence, check offline
// after the sandbox is gone, and the documented exit codes for each kind of failure.
import type { ChildProcess } from 'node:child_process';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSignet, startSignet, stopProcess } from '../../support/cli.js';

let work: string;
let sandboxProcess: ChildProcess;
let config: string;
const home = (who: string) => join(work, `home-${who}`);
const as = (who: string, args: string[]) => runSignet(['--config', config, ...args], { SIGNET_HOME: home(who) });

/** Runs OpenSSL; its output (stdout and stderr, or with `binary` the raw stdout), even when it fails. */
function openssl(...args: (string | { binary: true })[]): Promise<string> & Promise<Buffer> {
  const binary = args.some((a) => typeof a !== 'string');
  const argv = args.filter((a): a is string => typeof a === 'string');
  return new Promise((resolve) => {
    execFile('openssl', argv, { encoding: binary ? 'buffer' : 'utf8' }, (_error, stdout, stderr) => resolve((binary ? stdout : `${stdout}${stderr}`) as never));
  }) as Promise<string> & Promise<Buffer>;
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'signet-cli-'));
  const started = await startSignet(['sandbox', '--dir', join(work, 'sandbox')]);
  sandboxProcess = started.child;
  config = started.firstLine.split(' config ')[1]!;
  for (const who of ['alice', 'bob']) {
    const login = await as(who, ['login', '--user', who]);
    expect(login.code, login.stderr).toBe(0);
  }
});
afterAll(async () => {
  await stopProcess(sandboxProcess);
  await rm(work, { recursive: true, force: true });
});

describe('signet on the command line', () => {
  it('login and whoami say who is signed in and with which access', async () => {
    const who = await as('alice', ['whoami']);
    expect(who.code).toBe(0);
    expect(who.stdout).toContain('Signed in as alice');
    expect(who.stdout).toContain('Sender access (seal files): yes. Receiver access (open files): no.');
    const json = JSON.parse((await as('bob', ['--json', 'whoami'])).stdout);
    expect(json).toMatchObject({ ok: true, whoami: { signedIn: true, userName: 'bob', roles: { sender: false, receiver: true }, demo: true } });
    expect(JSON.stringify(json)).not.toMatch(/accessToken|secret|sessionToken/i);
  });

  it('SIGNET_TIMINGS=1 says where a seal and an open spent their time, and nothing more', async () => {
    await writeFile(join(work, 'timed.txt'), 'timed');
    const sealed = await runSignet(['--config', config, 'seal', '--to', 'Legal', join(work, 'timed.txt')], { SIGNET_HOME: home('alice'), SIGNET_TIMINGS: '1' });
    expect(sealed.code, sealed.stderr).toBe(0);
    const labels = (stderr: string) => [...stderr.matchAll(/^ {2}(.+?)\s+\+\d+ ms {2}\(at \d+ ms\)$/gm)].map((m) => m[1]);
    expect(labels(sealed.stderr)).toEqual([
      'node started, CLI loaded',
      'seal: its modules loaded',
      'configuration read',
      'sender session (sign-in chain)',
      'signing and recipient keys',
      'contents read, hashed, encrypted',
      'manifest signed (KMS Sign)',
      'trusted timestamp (TSA)',
      'written and flushed to disk',
      'result printed',
    ]);
    const opened = await runSignet(['--config', config, 'open', join(work, 'timed.txt.signet'), '-o', join(work, 'timed-out')], { SIGNET_HOME: home('bob'), SIGNET_TIMINGS: '1' });
    expect(opened.code, opened.stderr).toBe(0);
    expect(labels(opened.stderr)).toContain('file key unwrapped (KMS Decrypt)');
    expect(labels(opened.stderr)).toContain('signature and hashes checked');
    // Without the variable, nothing extra is printed.
    const quiet = await as('alice', ['seal', '--to', 'Legal', '-o', join(work, 'quiet.signet'), join(work, 'timed.txt')]);
    expect(quiet.stderr).not.toContain('timings');
  });

  it('names a seal of several inputs as the app does: "FIRST and N more.signet" beside the first', async () => {
    await mkdir(join(work, 'several'));
    for (const name of ['a.txt', 'b.txt', 'c.txt']) await writeFile(join(work, 'several', name), name);
    const sealed = await as('alice', ['seal', '--to', 'Legal', ...['a.txt', 'b.txt', 'c.txt'].map((name) => join(work, 'several', name))]);
    expect(sealed.code, sealed.stderr).toBe(0);
    expect(sealed.stdout).toContain(`Sealed for Legal: ${join(work, 'several', 'a.txt and 2 more.signet')}`);
    expect((await readdir(join(work, 'several'))).sort()).toEqual(['a.txt', 'a.txt and 2 more.signet', 'b.txt', 'c.txt']);
  });

  it('seals, opens with evidence, and checks the evidence offline once the sandbox is gone', async () => {
    await writeFile(join(work, 'report.txt'), 'quarterly report');
    const sealed = await as('alice', ['seal', '--to', 'Legal', join(work, 'report.txt')]);
    expect(sealed.code, sealed.stderr).toBe(0);
    expect(sealed.stdout).toContain(`Sealed for Legal: ${join(work, 'report.txt.signet')}`);

    const again = await as('alice', ['seal', '--to', 'Legal', join(work, 'report.txt')]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('already exists');

    const opened = await as('bob', ['--json', 'open', join(work, 'report.txt.signet'), '-o', join(work, 'opened'), '--evidence', join(work, 'evidence')]);
    expect(opened.code, opened.stderr).toBe(0);
    const result = JSON.parse(opened.stdout);
    expect(result).toMatchObject({ ok: true, verdict: 'authentic', details: { format: 2, signer: { certified: { name: 'Alice Example', team: 'Finance' }, sourceIdentity: 'alice' } } });
    expect(await readFile(join(work, 'opened', 'report.txt'), 'utf8')).toBe('quarterly report');
    expect((await readdir(join(work, 'evidence'))).sort()).toEqual([
      'VERIFY.txt',
      'chain.pem',
      'crls.pem',
      'files.sha256',
      'manifest.json',
      'manifest.p7s',
      'manifest.sig',
      'report.html',
      'report.pdf',
      'root.pem',
      'signature-block.json',
      'signer-cert.pem',
      'signer.pem',
      'timestamp.tsr',
      'verdict.json',
    ]);
    // Stock tools: the certificate leads to the root, is not revoked, and is for the key that signed.
    const evidence = (name: string) => join(work, 'evidence', name);
    const chained = await openssl('verify', '-crl_check_all', '-CRLfile', evidence('crls.pem'), '-CAfile', evidence('root.pem'), '-untrusted', evidence('chain.pem'), evidence('signer-cert.pem'));
    expect(chained).toContain('signer-cert.pem: OK');
    const certKey = await openssl('x509', '-in', evidence('signer-cert.pem'), '-noout', '-pubkey');
    expect(certKey.trim()).toBe((await readFile(evidence('signer.pem'), 'utf8')).trim());
    expect(await openssl('dgst', '-sha512', '-verify', evidence('signer.pem'), '-signature', evidence('manifest.sig'), evidence('manifest.json'))).toContain('Verified OK');
    const rootSha256 = JSON.parse(await readFile(config, 'utf8')).trust.rootSha256;
    expect(createHash('sha256').update(await openssl('x509', '-in', evidence('root.pem'), '-outform', 'DER', { binary: true })).digest('hex')).toBe(rootSha256);

    const stopped = new Promise((resolve) => sandboxProcess.once('close', resolve));
    sandboxProcess.kill('SIGTERM');
    await stopped;
    const cannotSeal = await as('alice', ['seal', '--to', 'Legal', '-o', join(work, 'offline.signet'), join(work, 'report.txt')]);
    expect(cannotSeal.code).toBe(5);
    expect(cannotSeal.stderr).toContain("You're offline. You can still check signatures; sealing and opening need a connection.");
    const offline = await as('bob', ['verify', join(work, 'evidence')]);
    expect(offline.code, offline.stderr).toBe(0);
    // The documents were not named: the verdict is about the signature, and says so.
    expect(offline.stdout).toMatch(/^Authentic signature\. Sealed by Alice Example, Finance on /);
    expect(offline.stdout).not.toContain('Nothing has changed');
    expect(offline.stdout).toContain('Checked offline');
    expect(offline.stdout).toContain('Documents: not checked.');
    const kept = await as('bob', ['verify', join(work, 'report.txt.signet'), '--offline', '--evidence', join(work, 'evidence-later')]);
    expect(kept.code, kept.stderr).toBe(0);
    expect(kept.stdout).toContain('Checked offline: the signature this computer kept when it opened the file on');
    expect(kept.stdout).toContain("The file's contents were not read");
    expect(kept.stdout).not.toContain('Nothing has changed');
    expect((await readdir(join(work, 'evidence-later'))).sort()).toEqual((await readdir(join(work, 'evidence'))).sort());
    // A computer with the configuration but no revocation lists yet: the chain proves who, not that it is still valid.
    const newcomer = await as('stranger', ['--json', 'verify', join(work, 'evidence')]);
    expect(newcomer.code, newcomer.stderr).toBe(0);
    expect(JSON.parse(newcomer.stdout)).toMatchObject({ ok: true, verdict: 'revocation-unknown', signer: { certified: { name: 'Alice Example' } } });
    // A computer that pins another root can't confirm whose key it is.
    const elsewhere = join(work, 'elsewhere.json');
    const other = JSON.parse(await readFile(config, 'utf8'));
    other.trust = { rootSha256: 'ab'.repeat(32) };
    await writeFile(elsewhere, JSON.stringify(other));
    const stranger = await runSignet(['--config', elsewhere, 'verify', join(work, 'evidence')], { SIGNET_HOME: home('stranger') });
    expect(stranger.code).toBe(3);
    expect(stranger.stderr).toContain("Can't confirm whose key this is");
    const json = JSON.parse((await runSignet(['--config', elsewhere, '--json', 'verify', join(work, 'evidence')], { SIGNET_HOME: home('stranger') })).stdout);
    expect(json).toMatchObject({ ok: false, verdict: 'not-authentic', error: { code: 'CERT_UNTRUSTED' } });
    const restarted = await startSignet(['sandbox', '--dir', join(work, 'sandbox')]);
    sandboxProcess = restarted.child;
    config = restarted.firstLine.split(' config ')[1]!;
  });

  it('exits 3 for a tampered seal and saves nothing', async () => {
    await writeFile(join(work, 'memo.txt'), 'memo');
    expect((await as('alice', ['seal', '--to', 'Legal', '-o', join(work, 'memo.signet'), join(work, 'memo.txt')])).code).toBe(0);
    const bytes = await readFile(join(work, 'memo.signet'));
    bytes[bytes.length - 5]! ^= 1;
    await writeFile(join(work, 'memo-tampered.signet'), bytes);
    const result = await as('bob', ['open', join(work, 'memo-tampered.signet'), '-o', join(work, 'tampered-out')]);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('Do not trust this file: it was changed after it was sealed. Nothing from it was saved.');
    expect(await readdir(work)).not.toContain('tampered-out');
  });

  it('exits 4 when a sender tries to open and 2 for usage and configuration mistakes', async () => {
    const sender = await as('alice', ['open', join(work, 'memo.signet'), '-o', join(work, 'alice-out')]);
    expect(sender.code).toBe(4);
    expect(sender.stderr).toContain('Opening files needs receiver access');
    const notSignedIn = await as('nobody', ['seal', '--to', 'Legal', join(work, 'memo.txt'), '-o', join(work, 'x.signet')]);
    expect(notSignedIn.code).toBe(4);
    expect(notSignedIn.stderr).toContain("You're not signed in");
    expect((await as('alice', ['seal', '--to', 'Marketing', '-o', join(work, 'y.signet'), join(work, 'memo.txt')])).code).toBe(2);
    expect((await as('alice', ['seal', join(work, 'memo.txt'), '-o', join(work, 'z.signet')])).code).toBe(2);
    expect((await runSignet(['--config', join(work, 'missing.json'), 'whoami'])).code).toBe(2);
    await writeFile(join(work, 'bad.json'), JSON.stringify({ signet: 1, organisation: 'x', region: 'nowhere' }));
    const bad = await runSignet(['--config', join(work, 'bad.json'), 'whoami']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('"region"');
  });

  it('refuses --user for a configuration that is not the sandbox', async () => {
    const real = JSON.parse(await readFile(config, 'utf8'));
    await writeFile(join(work, 'real.json'), JSON.stringify({ ...real, sandbox: false }));
    const result = await runSignet(['--config', join(work, 'real.json'), 'login', '--user', 'alice'], { SIGNET_HOME: home('carol') });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--user only works with the demo sandbox');
  });

  it('logout ends the sign-in', async () => {
    expect((await as('alice', ['logout'])).code).toBe(0);
    const who = await as('alice', ['whoami']);
    expect(who.stdout).toContain('Not signed in');
  });

  it('demo runs the whole tour and says where everything is', async () => {
    // The demo makes its throw-away folder in the temporary folder: here, in work.
    const demo = await runSignet(['--json', 'demo'], { SIGNET_HOME: home('demo'), TMPDIR: work });
    expect(demo.code, demo.stderr).toBe(0);
    const result = JSON.parse(demo.stdout);
    expect(result).toMatchObject({ ok: true, verdict: { verdict: 'authentic', signer: { sourceIdentity: 'alice' } } });
    expect(await readFile(result.released[0], 'utf8')).toContain('Supply agreement');
  });
});
