// `signet admin doctor` through the real command, the administrator's AWS profile and
// a sandbox running as its own process: a fresh sandbox passes (exit 0), and each
// fault an administrator could make with the AWS CLI v2 — a team key policy that lets
// the sender Decrypt, a role trust policy without the SourceIdentity condition, a
// person's certificate revoked at the CA while their key still records it, a CRL
// nobody republishes — is reported as its own finding with exit 3 (unsafe) or 4.
import type { ChildProcess } from 'node:child_process';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../../src/main/admin/doctorFindings.js';
import { awsCliV2 } from '../../support/awsCli.js';
import { runSignet, startSignet, stopProcess } from '../../support/cli.js';

const exec = promisify(execFile);
let work: string;
let sandboxDir: string;
let sandboxUrl: string;
let sandboxProcess: ChildProcess;
let config: string;

const adminEnv = () => ({ AWS_CONFIG_FILE: join(sandboxDir, 'aws', 'config'), AWS_SHARED_CREDENTIALS_FILE: join(sandboxDir, 'aws', 'credentials'), SIGNET_HOME: join(work, 'home-admin') });

async function doctor(...extra: string[]): Promise<{ code: number | null; findings: Finding[]; stderr: string }> {
  const result = await runSignet(['--config', config, '--profile', 'signet-admin', '--json', 'admin', 'doctor', ...extra], adminEnv());
  const parsed = JSON.parse(result.stdout || '{}') as { findings?: Finding[] };
  return { code: result.code, findings: parsed.findings ?? [], stderr: result.stderr + result.stdout };
}

async function aws(...args: string[]): Promise<string> {
  const { stdout } = await exec(awsCliV2(), ['--endpoint-url', sandboxUrl, '--output', 'json', ...args], { env: { PATH: process.env.PATH, HOME: work, AWS_PROFILE: 'signet-admin', ...adminEnv() } });
  return stdout;
}

async function jsonFile(name: string, value: unknown): Promise<string> {
  const path = join(work, name);
  await writeFile(path, typeof value === 'string' ? value : JSON.stringify(value));
  return `file://${path}`;
}

/** The key ARN an alias names (GetKeyPolicy, PutKeyPolicy and ListResourceTags take no alias). */
const keyArn = async (alias: string): Promise<string> => JSON.parse(await aws('kms', 'describe-key', '--key-id', alias)).KeyMetadata.Arn as string;

const checks = (findings: Finding[]): string[] => findings.map((f) => f.check);

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'signet-doctor-'));
  sandboxDir = join(work, 'sandbox');
  const started = await startSignet(['sandbox', '--dir', sandboxDir]);
  sandboxProcess = started.child;
  sandboxUrl = started.firstLine.split(' ')[1]!;
  config = started.firstLine.split(' config ')[1]!;
});
afterAll(async () => {
  await stopProcess(sandboxProcess);
  await rm(work, { recursive: true, force: true });
});

describe('signet admin doctor against the sandbox', () => {
  it('passes on a fresh sandbox: exit 0, no findings', async () => {
    const result = await doctor();
    expect(result.findings, result.stderr).toEqual([]);
    expect(result.code).toBe(0);
  });

  it('reports a team key policy that lets the sender Decrypt (exit 3), and is content once it is put back', async () => {
    const legal = await keyArn('alias/signet-legal');
    const original = JSON.parse(await aws('kms', 'get-key-policy', '--key-id', legal, '--policy-name', 'default')).Policy as string;
    const policy = JSON.parse(original) as { Statement: { Sid?: string; Action?: string | string[] }[] };
    const loose = {
      ...policy,
      Statement: policy.Statement.filter((s) => s.Sid !== 'SendersNeverDecrypt').map((s) => (s.Sid === 'SendersEncrypt' ? { ...s, Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:GetPublicKey', 'kms:DescribeKey'] } : s)),
    };
    await aws('kms', 'put-key-policy', '--key-id', legal, '--policy-name', 'default', '--policy', await jsonFile('loose-legal.json', loose));
    const result = await doctor();
    expect(result.code, result.stderr).toBe(3);
    expect(checks(result.findings)).toEqual(['team-key-sender-decrypts']);
    expect(result.findings[0]).toMatchObject({ severity: 'unsafe', subject: legal });
    await aws('kms', 'put-key-policy', '--key-id', legal, '--policy-name', 'default', '--policy', await jsonFile('legal.json', original));
    expect((await doctor()).code).toBe(0);
  });

  it('reports a role trust policy without the SourceIdentity condition (exit 3), read through IAM GetRole', async () => {
    const original = JSON.parse(await aws('iam', 'get-role', '--role-name', 'SignetReceiver')).Role.AssumeRolePolicyDocument as object;
    const account = JSON.parse(await aws('sts', 'get-caller-identity')).Account as string;
    const open = { Version: '2012-10-17', Statement: [{ Sid: 'AnyoneInTheAccount', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: ['sts:AssumeRole', 'sts:SetSourceIdentity'] }] };
    await aws('iam', 'update-assume-role-policy', '--role-name', 'SignetReceiver', '--policy-document', await jsonFile('open-trust.json', open));
    const result = await doctor();
    expect(result.code, result.stderr).toBe(3);
    expect(checks(result.findings)).toEqual(['role-trust-without-source-identity']);
    expect(result.findings[0]!.subject).toBe(`arn:aws:iam::${account}:role/SignetReceiver`);
    expect(result.findings[0]!.problem).toContain('AnyoneInTheAccount');
    await aws('iam', 'update-assume-role-policy', '--role-name', 'SignetReceiver', '--policy-document', await jsonFile('trust.json', original));
    expect((await doctor()).code).toBe(0);
  });

  it("reports a person's certificate revoked at the CA while their key still records it (exit 3)", async () => {
    const tags = JSON.parse(await aws('kms', 'list-resource-tags', '--key-id', await keyArn('alias/signet/person/alice'))).Tags as { TagKey: string; TagValue: string }[];
    const certificateArn = tags.find((t) => t.TagKey === 'signet:certificate')!.TagValue;
    const caArn = certificateArn.split('/certificate/')[0]!;
    const pem = JSON.parse(await aws('acm-pca', 'get-certificate', '--certificate-authority-arn', caArn, '--certificate-arn', certificateArn)).Certificate as string;
    const serialFile = join(work, 'alice.pem');
    await writeFile(serialFile, pem);
    const serial = (await exec('openssl', ['x509', '-in', serialFile, '-noout', '-serial'])).stdout.trim().split('=')[1]!;
    await aws('acm-pca', 'revoke-certificate', '--certificate-authority-arn', caArn, '--certificate-serial', serial.toLowerCase().match(/../g)!.join(':'), '--revocation-reason', 'KEY_COMPROMISE');
    const result = await doctor();
    expect(result.code, result.stderr).toBe(3);
    expect(checks(result.findings)).toEqual(['certificate-revoked']);
    expect(result.findings[0]).toMatchObject({ severity: 'unsafe', subject: certificateArn });
    expect(result.findings[0]!.fix).toContain('signet admin revoke alice');
  });

  it('reports a CRL nobody republishes as stale once its nextUpdate has passed (exit 4)', async () => {
    const caArn = JSON.parse(await aws('acm-pca', 'list-certificate-authorities')).CertificateAuthorities.find((ca: { Type: string }) => ca.Type === 'SUBORDINATE').Arn as string;
    await aws('acm-pca', 'update-certificate-authority', '--certificate-authority-arn', caArn, '--revocation-configuration', '{"CrlConfiguration":{"Enabled":false}}');
    // The issuing CA's CRLs last 7 days (demoPki.ts): as of 8 days from now, the one in the bucket is past its nextUpdate.
    const at = new Date(Date.now() + 8 * 86_400_000).toISOString();
    const result = await doctor('--at', at);
    expect(result.code, result.stderr).toBe(4);
    const stale = result.findings.filter((f) => f.check === 'crl-stale');
    expect(stale.map((f) => f.subject)).toContainEqual(expect.stringMatching(new RegExp(`^${sandboxUrl}/.+/crl/${caArn.split('/').at(-1)}\\.crl$`)));
    expect(result.findings.every((f) => f.severity === 'missing')).toBe(true);
  });
});
