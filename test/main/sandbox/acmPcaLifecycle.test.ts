// The sandbox's AWS Private CA driven by the unmodified AWS CLI v2 through a
// subordinate CA's whole life — create, wait for the CSR, have the sandbox's offline
// root sign it at a ceremony (`signet sandbox root-sign`, the built CLI, while the
// sandbox runs), import, issue, wait, fetch, revoke — with OpenSSL as the independent
// judge of every certificate and CRL, the error names the CLI shows for misuse, and
// injected faults as the CLI meets them. Needs `npm run build:node` first.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { awsCliV2 } from '../../support/awsCli.js';
import { runSignet } from '../../support/cli.js';
import { adminCall, roleCredentials, startTestSandbox, type Credentials, type TestSandbox } from '../../support/sandbox.js';

const run = promisify(execFile);
const OPENSSL = '/usr/bin/openssl';
let sandbox: TestSandbox;
let work: string;

beforeAll(async () => {
  sandbox = await startTestSandbox();
  work = await mkdtemp(join(tmpdir(), 'signet-pca-'));
});
afterAll(async () => {
  await sandbox.remove();
  await rm(work, { recursive: true, force: true });
});

function cliEnv(credentials?: Credentials, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const base = { PATH: process.env.PATH, HOME: sandbox.dir, AWS_CONFIG_FILE: join(sandbox.dir, 'aws', 'config'), ...extra };
  if (credentials === undefined) return { ...base, AWS_SHARED_CREDENTIALS_FILE: join(sandbox.dir, 'aws', 'credentials'), AWS_PROFILE: 'signet-admin' };
  return { ...base, AWS_DEFAULT_REGION: sandbox.store.state.region, AWS_ACCESS_KEY_ID: credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey, AWS_SESSION_TOKEN: credentials.sessionToken };
}

async function aws(...args: string[]): Promise<string> {
  const { stdout } = await run(awsCliV2(), ['--endpoint-url', sandbox.url, '--output', 'json', 'acm-pca', ...args], { env: cliEnv() });
  return stdout.trim();
}

/** The error code the CLI reports for a failing call, e.g. "InvalidStateException". */
async function awsError(args: string[], credentials?: Credentials, extraEnv: NodeJS.ProcessEnv = {}): Promise<string> {
  try {
    await run(awsCliV2(), ['--endpoint-url', sandbox.url, '--output', 'json', 'acm-pca', ...args], { env: cliEnv(credentials, extraEnv) });
  } catch (error) {
    return (error as { stderr: string }).stderr.match(/\((\w+)\) when calling/)?.[1] ?? (error as { stderr: string }).stderr;
  }
  throw new Error(`aws acm-pca ${args[0]} succeeded`);
}

async function openssl(...args: string[]): Promise<{ stdout: string; stderr: string }> {
  return run(OPENSSL, args, { cwd: work });
}

const file = (name: string): string => join(work, name);

/** Writes the sandbox's root certificate, as signet.json pins it, to root.pem. */
async function writeSandboxRoot(): Promise<void> {
  const config = JSON.parse(await readFile(sandbox.configPath, 'utf8')) as { trust: { rootCertificate: string } };
  await writeFile(file('root.pem'), config.trust.rootCertificate);
}

const CA_CONFIGURATION = {
  KeyAlgorithm: 'EC_secp521r1',
  SigningAlgorithm: 'SHA512WITHECDSA',
  Subject: { Organization: 'Test', CommonName: 'Test Issuing CA' },
};
const REVOCATION = { CrlConfiguration: { Enabled: true, ExpirationInDays: 7, S3BucketName: 'signet-test-crl' } };

async function createSubordinate(token: string): Promise<string> {
  await writeFile(file('ca.json'), JSON.stringify(CA_CONFIGURATION));
  await writeFile(file('revocation.json'), JSON.stringify(REVOCATION));
  const out = await aws(
    'create-certificate-authority',
    '--certificate-authority-type', 'SUBORDINATE',
    '--certificate-authority-configuration', `file://${file('ca.json')}`,
    '--revocation-configuration', `file://${file('revocation.json')}`,
    '--idempotency-token', token,
    '--tags', 'Key=purpose,Value=test',
  );
  return JSON.parse(out).CertificateAuthorityArn as string;
}

async function fetchCrl(url: string, name: string): Promise<string> {
  const response = await fetch(url);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('application/pkix-crl');
  await writeFile(file(name), Buffer.from(await response.arrayBuffer()));
  return file(name);
}

it('the AWS CLI takes a subordinate CA through its life, signed at a root ceremony, and OpenSSL accepts what it issues and revokes', async () => {
  await writeSandboxRoot();
  const caArn = await createSubordinate('create-once');
  expect(await createSubordinate('create-once')).toBe(caArn);
  expect(JSON.parse(await aws('describe-certificate-authority', '--certificate-authority-arn', caArn)).CertificateAuthority.Status).toBe('PENDING_CERTIFICATE');

  await aws('wait', 'certificate-authority-csr-created', '--certificate-authority-arn', caArn);
  const csr = JSON.parse(await aws('get-certificate-authority-csr', '--certificate-authority-arn', caArn)).Csr as string;
  await writeFile(file('sub.csr'), `${csr}\n`);
  expect((await openssl('req', '-in', file('sub.csr'), '-noout', '-verify')).stderr).toMatch(/verify OK/i);

  const ceremony = await runSignet(['sandbox', 'root-sign', '--dir', sandbox.dir, '--csr', file('sub.csr'), '-o', file('sub.pem')]);
  expect(ceremony.code, ceremony.stderr).toBe(0);
  expect((await openssl('verify', '-CAfile', file('root.pem'), file('sub.pem'))).stdout).toMatch(/sub.pem: OK/);
  const rootCrlUrl = (await openssl('x509', '-in', file('sub.pem'), '-noout', '-ext', 'crlDistributionPoints')).stdout.match(/URI:(\S+)/)![1]!;
  expect(rootCrlUrl).toBe(`${sandbox.url}/signet-demo-crl/crl/root.crl`);
  const rootCrl = await fetchCrl(rootCrlUrl, 'root.crl');
  await aws('import-certificate-authority-certificate', '--certificate-authority-arn', caArn, '--certificate', `fileb://${file('sub.pem')}`, '--certificate-chain', `fileb://${file('root.pem')}`);
  expect(JSON.parse(await aws('describe-certificate-authority', '--certificate-authority-arn', caArn)).CertificateAuthority.Status).toBe('ACTIVE');

  await openssl('req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', file('leaf.key'), '-subj', '/O=Test/CN=leaf.example', '-out', file('leaf.csr'));
  const issue = ['issue-certificate', '--certificate-authority-arn', caArn, '--csr', `fileb://${file('leaf.csr')}`, '--signing-algorithm', 'SHA512WITHECDSA', '--validity', 'Value=30,Type=DAYS', '--idempotency-token', 'issue-once'];
  const certArn = JSON.parse(await aws(...issue)).CertificateArn as string;
  expect(certArn.startsWith(`${caArn}/certificate/`)).toBe(true);
  expect(JSON.parse(await aws(...issue)).CertificateArn).toBe(certArn);

  await aws('wait', 'certificate-issued', '--certificate-authority-arn', caArn, '--certificate-arn', certArn);
  const got = JSON.parse(await aws('get-certificate', '--certificate-authority-arn', caArn, '--certificate-arn', certArn));
  await writeFile(file('leaf.pem'), `${got.Certificate}\n`);
  expect(got.CertificateChain).toContain((await readFile(file('sub.pem'), 'utf8')).trim().split('\n')[1]);
  expect((await openssl('verify', '-CAfile', file('root.pem'), '-untrusted', file('sub.pem'), file('leaf.pem'))).stdout).toMatch(/leaf.pem: OK/);

  const dp = (await openssl('x509', '-in', file('leaf.pem'), '-noout', '-ext', 'crlDistributionPoints')).stdout;
  const crlUrl = dp.match(/URI:(\S+)/)![1]!;
  expect(crlUrl).toBe(`${sandbox.url}/signet-test-crl/crl/${caArn.split('/').at(-1)}.crl`);
  const firstCrl = await fetchCrl(crlUrl, 'sub-1.crl');
  const good = await openssl('verify', '-crl_check_all', '-CAfile', file('root.pem'), '-untrusted', file('sub.pem'), '-CRLfile', firstCrl, '-CRLfile', rootCrl, file('leaf.pem'));
  expect(good.stdout).toMatch(/leaf.pem: OK/);

  const serial = (await openssl('x509', '-in', file('leaf.pem'), '-noout', '-serial')).stdout.trim().split('=')[1]!;
  await aws('revoke-certificate', '--certificate-authority-arn', caArn, '--certificate-serial', serial, '--revocation-reason', 'KEY_COMPROMISE');
  expect(await awsError(['revoke-certificate', '--certificate-authority-arn', caArn, '--certificate-serial', serial, '--revocation-reason', 'KEY_COMPROMISE'])).toBe('RequestAlreadyProcessedException');

  const secondCrl = await fetchCrl(crlUrl, 'sub-2.crl');
  await writeFile(file('chain.pem'), `${(await readFile(file('sub.pem'), 'utf8')).trim()}\n${(await readFile(file('root.pem'), 'utf8')).trim()}\n`);
  const checked = await openssl('crl', '-inform', 'DER', '-in', secondCrl, '-CAfile', file('chain.pem'), '-verify', '-noout', '-text');
  expect(checked.stderr).toMatch(/verify OK/);
  expect(checked.stdout.replace(/\s/g, '')).toContain(`SerialNumber:${serial}`);
  expect(checked.stdout).toMatch(/Key Compromise/);
  const numbers = await Promise.all([firstCrl, secondCrl].map(async (crl) => Number.parseInt((await openssl('crl', '-inform', 'DER', '-in', crl, '-noout', '-crlnumber')).stdout.split('=')[1]!, 16)));
  expect(numbers[1]).toBeGreaterThan(numbers[0]!);

  const revoked = await openssl('verify', '-crl_check_all', '-CAfile', file('root.pem'), '-untrusted', file('sub.pem'), '-CRLfile', secondCrl, '-CRLfile', rootCrl, file('leaf.pem')).catch((e: { stdout: string; stderr: string }) => e);
  expect(`${revoked.stdout}${revoked.stderr}`).toMatch(/certificate revoked/);
}, 60_000);

it('the AWS CLI sees AWS Private CA error names for misuse', async () => {
  const caArn = await createSubordinate('errors');
  await openssl('req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', file('e.key'), '-subj', '/CN=e', '-out', file('e.csr'));
  await writeFile(file('garbage.pem'), 'not a certificate');
  const issue = (ca: string, csr: string): string[] => ['issue-certificate', '--certificate-authority-arn', ca, '--csr', `fileb://${csr}`, '--signing-algorithm', 'SHA512WITHECDSA', '--validity', 'Value=1,Type=DAYS'];

  expect(await awsError(issue(caArn, file('e.csr')))).toBe('InvalidStateException');
  expect(await awsError(['get-certificate-authority-certificate', '--certificate-authority-arn', caArn])).toBe('InvalidStateException');
  expect(await awsError(['describe-certificate-authority', '--certificate-authority-arn', 'not-an-arn'])).toBe('InvalidArnException');
  expect(await awsError(['describe-certificate-authority', '--certificate-authority-arn', `${caArn.slice(0, -4)}0000`])).toBe('ResourceNotFoundException');
  expect(await awsError(['import-certificate-authority-certificate', '--certificate-authority-arn', caArn, '--certificate', `fileb://${file('garbage.pem')}`])).toBe('MalformedCertificateException');
  // A CA certificate for some other key than this CA's.
  await openssl('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', file('other.key'), '-out', file('other.pem'), '-subj', '/CN=Other', '-days', '30', '-addext', 'basicConstraints=critical,CA:true');
  expect(await awsError(['import-certificate-authority-certificate', '--certificate-authority-arn', caArn, '--certificate', `fileb://${file('other.pem')}`, '--certificate-chain', `fileb://${file('other.pem')}`])).toBe('CertificateMismatchException');

  const active = JSON.parse(await aws('list-certificate-authorities')).CertificateAuthorities.find((c: { Status: string }) => c.Status === 'ACTIVE').Arn as string;
  expect(await awsError(issue(active, file('garbage.pem')))).toBe('MalformedCSRException');

  const sender = await roleCredentials(sandbox, 'alice', 'SignetSender');
  expect(await awsError(['list-certificate-authorities'], sender)).toBe('AccessDeniedException');
  expect(await awsError(['describe-certificate-authority', '--certificate-authority-arn', caArn], sender)).toBe('AccessDeniedException');
}, 60_000);

it('an injected fault on IssueCertificate reaches the AWS CLI by its AWS error name, the next call works, and the CLI retries through throttling', async () => {
  const active = JSON.parse(await aws('list-certificate-authorities')).CertificateAuthorities.find((c: { Status: string }) => c.Status === 'ACTIVE').Arn as string;
  await openssl('req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', file('f.key'), '-subj', '/CN=fault', '-out', file('f.csr'));
  const issue = ['issue-certificate', '--certificate-authority-arn', active, '--csr', `fileb://${file('f.csr')}`, '--signing-algorithm', 'SHA512WITHECDSA', '--validity', 'Value=1,Type=DAYS'];
  const issued = (out: string): boolean => (JSON.parse(out).CertificateArn as string).startsWith(`${active}/certificate/`);

  // One attempt only, so the CLI reports the fault instead of retrying past it.
  for (const [fault, name] of [['server-error', 'InternalFailure'], ['throttle', 'ThrottlingException']] as const) {
    await adminCall(sandbox, 'PUT', '/_sandbox/faults', { rules: [{ operation: 'acm-pca:IssueCertificate', fault, count: 1 }] });
    expect(await awsError(issue, undefined, { AWS_MAX_ATTEMPTS: '1' })).toBe(name);
    expect(sandbox.faults.fired()).toEqual([{ call: 'acm-pca:IssueCertificate', fault, latencyMs: 0 }]);
    expect(issued(await aws(...issue))).toBe(true);
    expect(sandbox.faults.fired()).toHaveLength(1);
  }

  // With its standard retries (three attempts) the CLI rides out two throttled answers.
  await adminCall(sandbox, 'PUT', '/_sandbox/faults', { rules: [{ operation: 'acm-pca:IssueCertificate', fault: 'throttle', count: 2 }] });
  expect(issued(await aws(...issue))).toBe(true);
  expect(sandbox.faults.fired().map((f) => f.fault)).toEqual(['throttle', 'throttle']);
  const log = await readFile(join(sandbox.dir, 'audit.jsonl'), 'utf8');
  expect(log.match(/"operation":"IssueCertificate","outcome":"InternalFailure"/g)).toHaveLength(1);
  expect(log.match(/"operation":"IssueCertificate","outcome":"ThrottlingException"/g)).toHaveLength(3);
}, 60_000);

it('revokes a certificate whose serial is written with or without leading zeros, as AWS reads it as a number', async () => {
  const ca = Object.values(sandbox.store.state.certificateAuthorities).find((authority) => Object.keys(authority.certificates).length > 0)!;
  const [issued] = Object.keys(ca.certificates).filter((serial) => ca.certificates[serial]!.revokedAt === undefined);
  // As the CA keeps a serial whose first byte is below 0x10 (one in eight): written with its leading zero.
  const kept = `00${issued!}`;
  ca.certificates[kept] = ca.certificates[issued!]!;
  delete ca.certificates[issued!];
  await aws('revoke-certificate', '--certificate-authority-arn', ca.arn, '--certificate-serial', issued!.match(/../g)!.join(':'), '--revocation-reason', 'SUPERSEDED');
  expect(ca.certificates[kept]!.revokedAt).toBeDefined();
  expect(await awsError(['revoke-certificate', '--certificate-authority-arn', ca.arn, '--certificate-serial', `00:${kept}`, '--revocation-reason', 'SUPERSEDED'])).toBe('RequestAlreadyProcessedException');
});
