// The demo organisation's trust v2 PKI: the offline root kept out of the state and off
// every route, the ceremony's issuing CA, per-person signing keys only their owner can
// sign with, person and team certificates that OpenSSL verifies to the root with the
// served CRLs, the trust file route, the configuration, the organisation's
// report-signing key only receivers sign with, and the migration of a folder an older
// version made.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { SignCommand } from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { personKeyAlias } from '../../../src/main/admin/keyPolicies.js';
import { adminCredentials, kmsClient, roleCredentials, startTestSandbox, type Credentials, type TestSandbox } from '../../support/sandbox.js';

const run = promisify(execFile);
const OPENSSL = '/usr/bin/openssl';

interface TrustFile {
  format: string;
  organisation: string;
  rootSha256: string;
  certificates: string[];
  crls: string[];
}

let sandbox: TestSandbox;
let work: string;
beforeAll(async () => {
  sandbox = await startTestSandbox();
  work = await mkdtemp(join(tmpdir(), 'signet-demopki-'));
});
afterAll(async () => {
  await sandbox.remove();
  await rm(work, { recursive: true, force: true });
});

const file = (name: string): string => join(work, name);
const openssl = (...args: string[]): Promise<{ stdout: string; stderr: string }> => run(OPENSSL, args, { cwd: work });

async function trustFile(url: string): Promise<TrustFile> {
  const response = await fetch(`${url}/pki/signet.signet-trust`);
  expect(response.status).toBe(200);
  return (await response.json()) as TrustFile;
}

async function signWith(credentials: Credentials, userName: string): Promise<string> {
  try {
    const out = await kmsClient(sandbox, credentials).send(new SignCommand({ KeyId: personKeyAlias(userName), Message: Buffer.from('sealed file digest'), MessageType: 'RAW', SigningAlgorithm: 'ECDSA_SHA_512' }));
    return out.Signature && out.Signature.length > 0 ? 'signed' : 'empty';
  } catch (error) {
    return (error as Error).name;
  }
}

describe('the offline root', () => {
  it('keeps its key in its own 0600 file, out of state.json, and out of every route', async () => {
    const keyFile = join(sandbox.dir, 'offline-root', 'root-key.pem');
    const key = await readFile(keyFile, 'utf8');
    expect(key).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect((await stat(keyFile)).mode & 0o777).toBe(0o600);
    const keyBody = key.split('\n')[1]!;
    expect(await readFile(join(sandbox.dir, 'state.json'), 'utf8')).not.toContain(keyBody);
    for (const path of ['/offline-root/root-key.pem', '/offline-root/crl/root-key.pem', '/signet-demo-crl/crl/..%2F..%2Foffline-root%2Froot-key.pem']) {
      const body = await (await fetch(`${sandbox.url}${path}`)).text();
      expect(body).not.toContain(keyBody);
    }
  });

  it('logs the signing of the issuing CA at the ceremony, and no route reads that log or asks the root to sign', async () => {
    const log = (await readFile(join(sandbox.dir, 'offline-root', 'signings.jsonl'), 'utf8')).trim().split('\n').map((line) => JSON.parse(line));
    const issuing = sandbox.store.state.certificateAuthorities[sandbox.store.state.demoPki!.issuingCaId]!;
    await writeFile(file('ceremony-issuing.pem'), issuing.certificatePem!);
    const serial = (await openssl('x509', '-in', file('ceremony-issuing.pem'), '-noout', '-serial')).stdout.trim().split('=')[1]!;
    expect(log).toHaveLength(1);
    expect(log[0].serial.toUpperCase()).toBe(serial);
    expect(log[0].subject).toBe('O=Example Org (Signet demo), CN=Example Org (Signet demo) Issuing CA');
    const serialHex = log[0].serial as string;
    for (const path of ['/offline-root/signings.jsonl', '/signet-demo-crl/crl/..%2F..%2Foffline-root%2Fsignings.jsonl']) {
      const body = await (await fetch(`${sandbox.url}${path}`)).text();
      expect(body).not.toContain(serialHex);
    }
    // The admin API, even with its token, has no ceremony: the root signs only at a local `signet sandbox root-sign`.
    for (const path of ['/_sandbox/root-sign', '/_sandbox/root-crl', '/offline-root/sign', '/pki/root-sign']) {
      const response = await fetch(`${sandbox.url}${path}`, { method: 'POST', headers: { 'x-signet-sandbox-admin': sandbox.adminToken }, body: 'CSR' });
      expect(response.status, path).toBeGreaterThanOrEqual(400);
    }
    const after = (await readFile(join(sandbox.dir, 'offline-root', 'signings.jsonl'), 'utf8')).trim().split('\n');
    expect(after).toHaveLength(1);
  });
});

describe('the demo organisation', () => {
  it("signet.json pins the root, names the trust file and ACM PCA, and keeps the version 1 signing key", async () => {
    const config = JSON.parse(await readFile(sandbox.configPath, 'utf8'));
    const trust = await trustFile(sandbox.url);
    expect(config.trust.rootSha256).toBe(trust.rootSha256);
    expect(config.trust.rootCertificate.trim()).toBe(trust.certificates[0]!.trim());
    expect(config.trust.updates).toBe(`${sandbox.url}/pki/signet.signet-trust`);
    expect(config.endpoints.acmPca).toBe(sandbox.url);
    const signing = sandbox.store.state.aliases['alias/signet-signing']!;
    expect(config.signingKey).toBe(sandbox.store.state.keys[signing.targetKeyId]!.arn);
    await writeFile(file('config-root.pem'), config.trust.rootCertificate);
    const der = (await run(OPENSSL, ['x509', '-in', file('config-root.pem'), '-outform', 'DER'], { encoding: 'buffer' })).stdout;
    expect(createHash('sha256').update(der).digest('hex')).toBe(config.trust.rootSha256);
  });

  it('serves a trust file whose certificates and CRLs OpenSSL verifies to the root, per the profiles', async () => {
    const trust = await trustFile(sandbox.url);
    expect(trust.format).toBe('signet-trust/1');
    expect(trust.organisation).toBe(sandbox.store.state.organisation);
    expect(trust.certificates).toHaveLength(2 + 3 + 2);
    expect(trust.crls).toHaveLength(2);
    const [root, issuing, ...leaves] = trust.certificates;
    await writeFile(file('root.pem'), root!);
    await writeFile(file('issuing.pem'), issuing!);
    await writeFile(file('crls.pem'), trust.crls.join(''));
    await writeFile(file('chain.pem'), `${root!.trim()}\n${issuing!.trim()}\n`);
    for (const [i, crl] of trust.crls.entries()) {
      await writeFile(file(`crl-${i}.pem`), crl);
      expect((await openssl('crl', '-in', file(`crl-${i}.pem`), '-CAfile', file('chain.pem'), '-verify', '-noout')).stderr).toMatch(/verify OK/);
    }
    const issuingText = (await openssl('x509', '-in', file('issuing.pem'), '-noout', '-subject', '-ext', 'basicConstraints,keyUsage,crlDistributionPoints')).stdout;
    expect(issuingText).toMatch(/CN ?= ?Example Org \(Signet demo\) Issuing CA/);
    expect(issuingText).toMatch(/CA:TRUE, pathlen:0/);
    expect(issuingText).toContain(`URI:${sandbox.url}/signet-demo-crl/crl/root.crl`);

    const subjects: string[] = [];
    for (const [i, leaf] of leaves.entries()) {
      await writeFile(file(`leaf-${i}.pem`), leaf);
      const verified = await openssl('verify', '-crl_check_all', '-CAfile', file('root.pem'), '-untrusted', file('issuing.pem'), '-CRLfile', file('crls.pem'), file(`leaf-${i}.pem`));
      expect(verified.stdout).toMatch(/: OK/);
      subjects.push((await openssl('x509', '-in', file(`leaf-${i}.pem`), '-noout', '-subject', '-ext', 'keyUsage,extendedKeyUsage,subjectAltName,basicConstraints')).stdout);
    }
    const alice = subjects.find((s) => s.includes('Alice Example'))!;
    expect(alice).toMatch(/OU ?= ?Finance/);
    expect(alice).toMatch(/critical\s+Digital Signature, Non Repudiation/);
    expect(alice).toMatch(/E-mail Protection, 1\.3\.6\.1\.5\.5\.7\.3\.36|E-mail Protection, Document Signing/);
    expect(alice).toContain('email:alice@example.org');
    const aliceKey = sandbox.store.state.keys[sandbox.store.state.aliases[personKeyAlias('alice')]!.targetKeyId]!;
    expect(alice).toContain(`URI:${aliceKey.arn}`);
    const legal = subjects.find((s) => /CN ?= ?Legal/.test(s))!;
    expect(legal).toMatch(/critical\s+Key Encipherment/);
    expect(legal).toContain(`URI:${sandbox.store.state.keys[sandbox.store.state.aliases['alias/signet-legal']!.targetKeyId]!.arn}`);
  }, 30_000);

  it("alice's key signs only in alice's sender session: not in carol's, not for the administrator", async () => {
    expect(await signWith(await roleCredentials(sandbox, 'alice', 'SignetSender'), 'alice')).toBe('signed');
    expect(await signWith(await roleCredentials(sandbox, 'carol', 'SignetSender'), 'alice')).toBe('AccessDeniedException');
    expect(await signWith(adminCredentials(sandbox), 'alice')).toBe('AccessDeniedException');
  }, 30_000);
});

describe('a sandbox folder from before trust v2', () => {
  it('gets its PKI on start, keeping its keys and signing key', async () => {
    const old = await startTestSandbox();
    const dir = old.dir;
    const signingArn = old.store.state.keys[old.store.state.aliases['alias/signet-signing']!.targetKeyId]!.arn;
    await old.close();
    // What an older version left: no CA table, no PKI record, no root, no bucket.
    const state = JSON.parse(await readFile(join(dir, 'state.json'), 'utf8'));
    delete state.certificateAuthorities;
    delete state.demoPki;
    for (const [name, alias] of Object.entries(state.aliases as Record<string, { targetKeyId: string }>)) {
      if (!name.startsWith('alias/signet/person/')) continue;
      delete state.keys[alias.targetKeyId];
      delete state.aliases[name];
    }
    await writeFile(join(dir, 'state.json'), JSON.stringify(state));
    await rm(join(dir, 'offline-root'), { recursive: true });
    await rm(join(dir, 's3'), { recursive: true });

    const migrated = await startTestSandbox({ dir });
    try {
      const config = JSON.parse(await readFile(migrated.configPath, 'utf8'));
      expect(config.signingKey).toBe(signingArn);
      const trust = await trustFile(migrated.url);
      expect(config.trust.rootSha256).toBe(trust.rootSha256);
      expect(trust.certificates).toHaveLength(7);
      expect(Object.keys(migrated.store.state.certificateAuthorities)).toHaveLength(1);
    } finally {
      await migrated.remove();
    }
  }, 30_000);
});

describe('the report-signing key', () => {
  async function signReportWith(credentials: Credentials): Promise<string> {
    try {
      const digest = createHash('sha512').update('a report').digest();
      const out = await kmsClient(sandbox, credentials).send(new SignCommand({ KeyId: 'alias/signet/reports', Message: digest, MessageType: 'DIGEST', SigningAlgorithm: 'ECDSA_SHA_512' }));
      return out.Signature && out.Signature.length > 0 ? 'signed' : 'empty';
    } catch (error) {
      return (error as Error).name;
    }
  }

  it('signs for receivers only: not for a sender, not for the administrator', async () => {
    expect(await signReportWith(await roleCredentials(sandbox, 'bob', 'SignetReceiver'))).toBe('signed');
    expect(await signReportWith(await roleCredentials(sandbox, 'carol', 'SignetSender'))).toBe('AccessDeniedException');
    expect(await signReportWith(adminCredentials(sandbox))).toBe('AccessDeniedException');
  });

  it('has a certificate from the issuing CA for document signing, named in signet.json and left out of the trust file', async () => {
    const config = JSON.parse(await readFile(sandbox.configPath, 'utf8'));
    const alias = sandbox.store.state.aliases['alias/signet/reports']!;
    expect(config.trust.reportSigning.key).toBe(sandbox.store.state.keys[alias.targetKeyId]!.arn);
    const trust = await trustFile(sandbox.url);
    expect(trust.certificates.map((c) => c.trim())).not.toContain(config.trust.reportSigning.certificate.trim());
    await writeFile(file('reports.pem'), config.trust.reportSigning.certificate);
    await writeFile(file('reports-root.pem'), trust.certificates[0]!);
    await writeFile(file('reports-issuing.pem'), trust.certificates[1]!);
    expect((await openssl('verify', '-CAfile', file('reports-root.pem'), '-untrusted', file('reports-issuing.pem'), file('reports.pem'))).stdout).toMatch(/: OK/);
    const text = (await openssl('x509', '-in', file('reports.pem'), '-noout', '-subject', '-ext', 'keyUsage,extendedKeyUsage')).stdout;
    expect(text).toMatch(/CN ?= ?Example Org \(Signet demo\) evidence reports/);
    expect(text).toMatch(/critical\s+Digital Signature\n/);
    expect(text).toMatch(/1\.3\.6\.1\.5\.5\.7\.3\.36|Document Signing/);
  });

  it('is added to a sandbox whose PKI was made before it', async () => {
    const old = await startTestSandbox();
    const dir = old.dir;
    await old.close();
    const state = JSON.parse(await readFile(join(dir, 'state.json'), 'utf8'));
    // What an older version left: no report-signing key, alias or certificate.
    delete state.certificateAuthorities[state.demoPki.issuingCaId].certificates[state.demoPki.reports.serial];
    delete state.keys[state.demoPki.reports.keyId];
    delete state.demoPki.reports;
    delete state.aliases['alias/signet/reports'];
    await writeFile(join(dir, 'state.json'), JSON.stringify(state));
    const migrated = await startTestSandbox({ dir });
    try {
      const config = JSON.parse(await readFile(migrated.configPath, 'utf8'));
      const alias = migrated.store.state.aliases['alias/signet/reports']!;
      expect(config.trust.reportSigning.key).toBe(migrated.store.state.keys[alias.targetKeyId]!.arn);
      expect((await trustFile(migrated.url)).certificates).toHaveLength(7);
    } finally {
      await migrated.remove();
    }
  }, 30_000);
});
