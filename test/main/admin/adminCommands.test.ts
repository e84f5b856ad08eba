// IT's side of trust v2 through the real `signet admin` command, an administrator's
// AWS profile and a sandbox running as its own process: enrol a person, certify a
// team, revoke, export the trust file — each result checked with independent tools
// (OpenSSL, the AWS CLI v2) and by importing the trust file as a laptop does.
import type { ChildProcess } from 'node:child_process';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTrustStore } from '../../../src/main/trust/trustStore.js';
import { awsCliV2 } from '../../support/awsCli.js';
import { runSignet, startSignet, stopProcess } from '../../support/cli.js';

const exec = promisify(execFile);
let work: string;
let sandboxDir: string;
let sandboxUrl: string;
let sandboxProcess: ChildProcess;
let config: string;

const adminEnv = () => ({
  AWS_CONFIG_FILE: join(sandboxDir, 'aws', 'config'),
  AWS_SHARED_CREDENTIALS_FILE: join(sandboxDir, 'aws', 'credentials'),
  SIGNET_HOME: join(work, 'home-admin'),
});
const admin = (args: string[]) => runSignet(['--config', config, '--profile', 'signet-admin', '--json', 'admin', ...args], adminEnv());

async function aws(...args: string[]): Promise<string> {
  const { stdout } = await exec(awsCliV2(), ['--endpoint-url', sandboxUrl, '--output', 'json', ...args], { env: { PATH: process.env.PATH, HOME: work, AWS_PROFILE: 'signet-admin', ...adminEnv() } });
  return stdout;
}

async function openssl(...args: string[]): Promise<{ code: number; out: string }> {
  return exec('openssl', args).then(
    ({ stdout, stderr }) => ({ code: 0, out: stdout + stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, out: error.stdout + error.stderr }),
  );
}

let root: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'signet-admin-'));
  sandboxDir = join(work, 'sandbox');
  const started = await startSignet(['sandbox', '--dir', sandboxDir]);
  sandboxProcess = started.child;
  sandboxUrl = started.firstLine.split(' ')[1]!;
  config = started.firstLine.split(' config ')[1]!;
  root = join(work, 'root.pem');
  await writeFile(root, JSON.parse(await readFile(config, 'utf8')).trust.rootCertificate);
});
afterAll(async () => {
  await stopProcess(sandboxProcess);
  await rm(work, { recursive: true, force: true });
});

describe('signet admin against the sandbox', () => {
  let dana: { keyArn: string; certificateArn: string; certificate: string; alias: string };

  it('enrol gives a person their own key and a certificate for exactly that key, chained to the root, and then not even the administrator can sign with it', async () => {
    const result = await admin(['enrol', 'dana', '--name', 'Dana Example', '--email', 'dana@example.org', '--team', 'Finance']);
    expect(result.code, result.stderr + result.stdout).toBe(0);
    dana = JSON.parse(result.stdout);
    expect(dana.alias).toBe('alias/signet/person/dana');
    const certFile = join(work, 'dana.pem');
    await writeFile(certFile, dana.certificate);
    const chain = JSON.parse(await aws('acm-pca', 'get-certificate-authority-certificate', '--certificate-authority-arn', dana.certificateArn.split('/certificate/')[0]!));
    await writeFile(join(work, 'issuing.pem'), chain.Certificate);
    const verified = await openssl('verify', '-CAfile', root, '-untrusted', join(work, 'issuing.pem'), certFile);
    expect(verified.out).toContain(': OK');
    // The certificate's key is the KMS key's, as the AWS CLI reads it.
    const kmsKey = JSON.parse(await aws('kms', 'get-public-key', '--key-id', dana.keyArn)).PublicKey as string;
    const certKey = (await openssl('x509', '-in', certFile, '-noout', '-pubkey')).out.replace(/-----[A-Z ]+-----|\s/g, '');
    expect(certKey).toBe(kmsKey);
    const text = (await openssl('x509', '-in', certFile, '-noout', '-text')).out;
    expect(text).toMatch(/Subject: .*CN *= *Dana Example/);
    expect(text).toContain(`URI:${dana.keyArn}`);
    expect(text).toContain('email:dana@example.org');
    expect(text).toMatch(/Digital Signature, Non Repudiation/);
    // The enrolment's one-time Sign is gone from the policy, and the administrator is refused.
    const policy = JSON.parse(JSON.parse(await aws('kms', 'get-key-policy', '--key-id', dana.keyArn, '--policy-name', 'default')).Policy);
    expect(policy.Statement.map((s: { Sid: string }) => s.Sid)).not.toContain('EnrolmentSignsTheCsrOnce');
    await writeFile(join(work, 'digest'), Buffer.alloc(64, 1));
    await expect(aws('kms', 'sign', '--key-id', dana.keyArn, '--message', `fileb://${join(work, 'digest')}`, '--message-type', 'DIGEST', '--signing-algorithm', 'ECDSA_SHA_512')).rejects.toThrow(/AccessDeniedException/);
  });

  it('enrolling the same person again is refused and changes nothing', async () => {
    const again = await admin(['enrol', 'dana', '--name', 'Dana Example', '--email', 'dana@example.org', '--team', 'Finance']);
    expect(again.code).toBe(2);
    expect(JSON.parse(again.stdout).error.message).toContain('dana already has a signing key');
  });

  it('certify-team issues a keyEncipherment certificate for the team key the configuration names', async () => {
    const result = await admin(['certify-team', 'Legal']);
    expect(result.code, result.stderr + result.stdout).toBe(0);
    const { certificate, keyArn } = JSON.parse(result.stdout);
    const legalKey = JSON.parse(await readFile(config, 'utf8')).recipients.find((r: { name: string }) => r.name === 'Legal').key;
    expect(keyArn).toBe(legalKey);
    await writeFile(join(work, 'legal.pem'), certificate);
    const text = (await openssl('x509', '-in', join(work, 'legal.pem'), '-noout', '-text')).out;
    expect(text).toMatch(/Key Encipherment/);
    expect(text).not.toMatch(/Digital Signature/);
  });

  it('revoke puts the certificate on the CA CRL (openssl says revoked), disables the key, and export leaves it out of a trust file a laptop accepts', async () => {
    const result = await admin(['revoke', 'dana', '--reason', 'left']);
    expect(result.code, result.stderr + result.stdout).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ reason: 'CESSATION_OF_OPERATION', keyDisabled: true });
    expect(JSON.parse(await aws('kms', 'describe-key', '--key-id', dana.keyArn)).KeyMetadata.KeyState).toBe('Disabled');

    const exported = await admin(['export', join(work, 'org.signet-trust')]);
    expect(exported.code, exported.stderr + exported.stdout).toBe(0);
    const summary = JSON.parse(exported.stdout);
    expect(summary.certificates.map((c: { keyArn: string }) => c.keyArn)).not.toContain(dana.keyArn);
    expect(summary.certificates.length).toBeGreaterThanOrEqual(5);
    const file = JSON.parse(await readFile(join(work, 'org.signet-trust'), 'utf8'));
    await writeFile(join(work, 'crls.pem'), file.crls.join(''));
    const revoked = await openssl('verify', '-crl_check_all', '-CAfile', root, '-untrusted', join(work, 'issuing.pem'), '-CRLfile', join(work, 'crls.pem'), join(work, 'dana.pem'));
    expect(revoked.code).not.toBe(0);
    expect(revoked.out).toContain('certificate revoked');

    const rootSha256 = JSON.parse(await readFile(config, 'utf8')).trust.rootSha256;
    const store = await openTrustStore(join(work, 'laptop'), { rootSha256 });
    const imported = await store.importTrustFile(await readFile(join(work, 'org.signet-trust'), 'utf8'));
    expect(imported.certificates).toBe(file.certificates.length - 1); // all but the root, which the configuration pins
    expect(store.certificateForKey(dana.keyArn)).toBeUndefined();

    const refused = await admin(['export', join(work, 'org.signet-trust')]);
    expect(refused.code).toBe(2);
    expect(JSON.parse(refused.stdout).error.code).toBe('OUTPUT_EXISTS');
  });
});
