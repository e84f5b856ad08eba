// docs/DEPLOYMENT.md followed step by step on a blank sandbox account, with the tools
// IT uses: the AWS CLI v2 deploys deploy/signet.yaml; OpenSSL holds the root ceremony
// with the root.cnf printed in the page; the AWS CLI imports the issuing CA's
// certificate; `signet admin` makes the configuration from the stack's outputs,
// certifies the teams and the report key and enrols a person; the doctor finds nothing
// wrong; a seal made by that person opens as Authentic for a team member; and deleting
// the stack removes what it should and keeps the CA. The one step done differently is
// `aws s3 cp` of the root CRL: the sandbox has no S3 write API, so the file is put where
// its bucket keeps objects.
import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadOrgConfig, type OrgConfig } from '../../../src/main/config/orgConfig.js';
import { openFile } from '../../../src/main/services/openFile.js';
import { sealFiles } from '../../../src/main/services/sealFiles.js';
import { verdictOf } from '../../../src/main/services/verdict.js';
import { signerLabel } from '../../../src/shared/words.js';
import { sandboxCli, type SandboxCli } from '../../support/awsCliSessions.js';
import { runSignet, type CliResult } from '../../support/cli.js';
import { signedInAs } from '../../support/people.js';
import { startTestSandbox, type TestSandbox } from '../../support/sandbox.js';

const run = promisify(execFile);
const TEMPLATE = new URL('../../../deploy/signet.yaml', import.meta.url).pathname;
const GUIDE = new URL('../../../docs/DEPLOYMENT.md', import.meta.url).pathname;
const BUCKET = 'example-org-signet-crl';

let sandbox: TestSandbox;
let aws: SandboxCli['aws'];
let work: string;
let ceremony: string;
let caArn: string;
let configFile: string;
let config: OrgConfig;

beforeAll(async () => {
  sandbox = await startTestSandbox({ blank: true });
  ({ aws } = sandboxCli(sandbox));
  work = await mkdtemp(join(tmpdir(), 'signet-deployment-'));
  ceremony = join(work, 'offline-machine');
  await mkdir(ceremony);
  configFile = join(work, 'signet.json');
});
afterAll(async () => {
  await sandbox?.remove();
  if (work) await rm(work, { recursive: true, force: true });
});

/** `signet` as IT runs it: the administrator's AWS profile, the sandbox as every endpoint. */
const signet = (args: string[]): Promise<CliResult> =>
  runSignet(['--profile', 'signet-admin', ...args], {
    AWS_CONFIG_FILE: join(sandbox.dir, 'aws', 'config'),
    AWS_SHARED_CREDENTIALS_FILE: join(sandbox.dir, 'aws', 'credentials'),
    AWS_ENDPOINT_URL: sandbox.url,
    SIGNET_HOME: join(work, 'it-home'),
  });
const admin = (...args: string[]): Promise<CliResult> => signet(['--config', configFile, 'admin', ...args]);
const makeConfig = (...extra: string[]): Promise<CliResult> =>
  signet(['admin', 'config', configFile, '--stack', 'signet', '--region', sandbox.store.state.region, '--sso-start-url', `${sandbox.url}/start`, '--endpoint', sandbox.url, ...extra]);
const openssl = (...args: string[]) => run('openssl', args, { cwd: ceremony });

/** The root.cnf docs/DEPLOYMENT.md prints, with the CRL distribution point on the sandbox's bucket. */
async function rootCnfFromGuide(): Promise<string> {
  const guide = await readFile(GUIDE, 'utf8');
  const cnf = /cat > root\.cnf <<'EOF'\n([\s\S]*?)\nEOF\n/.exec(guide)?.[1];
  if (cnf === undefined) throw new Error('docs/DEPLOYMENT.md no longer prints root.cnf');
  return `${cnf.replace(`http://${BUCKET}.s3.amazonaws.com/crl/root.crl`, `${sandbox.url}/${BUCKET}/crl/root.crl`)}\n`;
}

describe('deploying Signet on a blank account, as docs/DEPLOYMENT.md says', () => {
  it('validates and deploys the template with the AWS CLI; the issuing CA waits for its certificate', async () => {
    const validated = JSON.parse(await aws(undefined, 'cloudformation', 'validate-template', '--template-body', `file://${TEMPLATE}`, '--output', 'json')) as { Capabilities: string[]; Parameters: unknown[] };
    expect(validated.Capabilities).toEqual(['CAPABILITY_NAMED_IAM']);
    expect(validated.Parameters).toHaveLength(15);
    const instance = await aws(undefined, 'sso-admin', 'list-instances', '--query', 'Instances[0].InstanceArn');
    const parameter = (key: string, value: string): string => `ParameterKey=${key},ParameterValue=${value}`;
    await aws(
      undefined,
      'cloudformation',
      'create-stack',
      '--stack-name',
      'signet',
      '--template-body',
      `file://${TEMPLATE}`,
      '--capabilities',
      'CAPABILITY_NAMED_IAM',
      '--parameters',
      parameter('OrganisationName', 'Example Org'),
      parameter('IdentityCenterInstanceArn', instance),
      parameter('Senders', 'alice\\,carol'),
      parameter('Receivers', 'bob\\,carol'),
      parameter('FirstTeamName', 'Legal'),
      parameter('FirstTeamAlias', 'alias/signet-legal'),
      parameter('FirstTeamMembers', 'bob'),
      parameter('SecondTeamName', 'Finance'),
      parameter('SecondTeamAlias', 'alias/signet-finance'),
      parameter('SecondTeamMembers', 'carol'),
      parameter('CrlBucketName', BUCKET),
    );
    await aws(undefined, 'cloudformation', 'wait', 'stack-create-complete', '--stack-name', 'signet');
    caArn = await aws(undefined, 'cloudformation', 'describe-stacks', '--stack-name', 'signet', '--query', "Stacks[0].Outputs[?OutputKey=='IssuingCaArn'].OutputValue");
    expect(await aws(undefined, 'acm-pca', 'describe-certificate-authority', '--certificate-authority-arn', caArn, '--query', 'CertificateAuthority.Status')).toBe('PENDING_CERTIFICATE');
  });

  it('holds the root ceremony with OpenSSL and imports the issuing CA certificate with the AWS CLI; the CA is ACTIVE', async () => {
    await aws(undefined, 'acm-pca', 'wait', 'certificate-authority-csr-created', '--certificate-authority-arn', caArn);
    await writeFile(join(ceremony, 'issuing.csr'), `${await aws(undefined, 'acm-pca', 'get-certificate-authority-csr', '--certificate-authority-arn', caArn)}\n`);
    await writeFile(join(ceremony, 'root.cnf'), await rootCnfFromGuide());
    await openssl('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-521', '-out', 'root.key');
    await openssl('req', '-new', '-x509', '-config', 'root.cnf', '-key', 'root.key', '-sha512', '-days', '7300', '-out', 'root.pem');
    await openssl('req', '-in', 'issuing.csr', '-verify', '-noout');
    const serial = (await openssl('rand', '-hex', '16')).stdout.trim();
    await openssl('x509', '-req', '-in', 'issuing.csr', '-CA', 'root.pem', '-CAkey', 'root.key', '-set_serial', `0x${serial}`, '-days', '3650', '-sha512', '-extfile', 'root.cnf', '-extensions', 'issuing', '-out', 'issuing.pem');
    await writeFile(join(ceremony, 'index.txt'), '');
    await writeFile(join(ceremony, 'crlnumber'), '01\n');
    await openssl('ca', '-config', 'root.cnf', '-gencrl', '-keyfile', 'root.key', '-cert', 'root.pem', '-out', 'root.crl.pem');
    await openssl('crl', '-in', 'root.crl.pem', '-outform', 'DER', '-out', 'root.crl');

    await aws(undefined, 'acm-pca', 'import-certificate-authority-certificate', '--certificate-authority-arn', caArn, '--certificate', `fileb://${join(ceremony, 'issuing.pem')}`, '--certificate-chain', `fileb://${join(ceremony, 'root.pem')}`);
    // In place of `aws s3 cp root.crl s3://BUCKET/crl/root.crl`.
    await mkdir(join(sandbox.dir, 's3', BUCKET, 'crl'), { recursive: true });
    await copyFile(join(ceremony, 'root.crl'), join(sandbox.dir, 's3', BUCKET, 'crl', 'root.crl'));
    expect(await aws(undefined, 'acm-pca', 'describe-certificate-authority', '--certificate-authority-arn', caArn, '--query', 'CertificateAuthority.Status')).toBe('ACTIVE');
    const chain = await aws(undefined, 'acm-pca', 'get-certificate-authority-certificate', '--certificate-authority-arn', caArn, '--query', 'Certificate');
    await writeFile(join(ceremony, 'imported.pem'), `${chain}\n`);
    expect((await openssl('verify', '-CAfile', 'root.pem', 'imported.pem')).stdout).toContain('imported.pem: OK');
  });

  it("makes the staff configuration from the stack's outputs, pinning the ceremony's root", async () => {
    const made = await makeConfig();
    expect(made.code, made.stderr).toBe(0);
    expect(made.stderr).toMatch(/Evidence reports will not be signed: the report-signing key has no certificate yet/);
    config = await loadOrgConfig(configFile);
    // The fingerprint the ceremony wrote down, as the guide prints the command.
    const fingerprint = (await run('sh', ['-c', 'openssl x509 -in root.pem -outform DER | openssl dgst -sha256 -r'], { cwd: ceremony })).stdout.split(' ')[0];
    expect(config.trust?.rootSha256).toBe(fingerprint);
    expect(config.organisation).toBe('Example Org');
    expect(config.recipients.map((r) => r.name).sort()).toEqual(['Finance', 'Legal']);
    expect(config.roles.sender).toBe(`arn:aws:iam::${sandbox.store.state.accountId}:role/SignetSender`);
  });

  it('certifies the teams and the report key, enrols a person, writes the configuration again and the trust file; the doctor finds nothing wrong', async () => {
    for (const team of ['Legal', 'Finance']) expect((await admin('certify-team', team)).code).toBe(0);
    const reports = await admin('certify-reports');
    expect(reports.code, reports.stderr).toBe(0);
    const enrolled = await admin('enrol', 'alice', '--name', 'Alice Example', '--email', 'alice@example.org', '--team', 'Finance');
    expect(enrolled.code, enrolled.stderr).toBe(0);
    const again = await makeConfig('--force');
    expect(again.code, again.stderr).toBe(0);
    config = await loadOrgConfig(configFile);
    expect(config.trust?.reportSigning?.key).toBe(await aws(undefined, 'kms', 'describe-key', '--key-id', 'alias/signet/reports', '--query', 'KeyMetadata.Arn'));
    expect((await admin('export', join(work, 'signet.signet-trust'))).code).toBe(0);
    const doctor = await signet(['--config', configFile, '--json', 'admin', 'doctor']);
    expect(JSON.parse(doctor.stdout).findings, doctor.stderr).toEqual([]);
    expect(doctor.code).toBe(0);
  });

  it("alice seals for Legal and bob, a member, opens it: Authentic, sealed by the name on alice's certificate", async () => {
    const importTrust = (home: string) => runSignet(['--config', configFile, 'trust', 'import', join(work, 'signet.signet-trust')], { SIGNET_HOME: home });
    // People approve their sign-in on the sandbox's Identity Center page; `sandbox` lets the test do that for them.
    const laptop = { ...config, sandbox: true };
    const alice = await signedInAs(sandbox, 'alice', work, laptop);
    const bob = await signedInAs(sandbox, 'bob', work, laptop);
    for (const person of [alice, bob]) expect((await importTrust(person.home)).code).toBe(0);
    await writeFile(join(work, 'memo.txt'), 'Deployed from the template.\n');
    await sealFiles(alice, { inputs: [join(work, 'memo.txt')], to: ['Legal'], output: join(work, 'memo.signet') });
    const opened = await openFile(bob, { input: join(work, 'memo.signet'), destination: join(work, 'opened') });
    const verdict = verdictOf(opened);
    expect(verdict.verdict).toBe('authentic');
    expect(signerLabel(verdict.signer)).toBe('Alice Example, Finance');
    await expect(readFile(join(work, 'opened', 'memo.txt'), 'utf8')).resolves.toBe('Deployed from the template.\n');
  });

  it('deleting the stack removes the roles, the permission set and the aliases, and keeps the CA', async () => {
    await aws(undefined, 'cloudformation', 'delete-stack', '--stack-name', 'signet');
    await aws(undefined, 'cloudformation', 'wait', 'stack-delete-complete', '--stack-name', 'signet');
    expect(await aws(undefined, 'iam', 'list-roles', '--query', "Roles[?starts_with(RoleName, 'Signet')].RoleName")).toBe('');
    expect(await aws(undefined, 'sso-admin', 'list-permission-sets', '--instance-arn', await aws(undefined, 'sso-admin', 'list-instances', '--query', 'Instances[0].InstanceArn'), '--query', 'length(PermissionSets)')).toBe('0');
    expect(await aws(undefined, 'kms', 'list-aliases', '--query', "Aliases[?starts_with(AliasName, 'alias/signet-')].AliasName")).toBe('');
    expect(await aws(undefined, 'acm-pca', 'describe-certificate-authority', '--certificate-authority-arn', caArn, '--query', 'CertificateAuthority.Status')).toBe('ACTIVE');
  });
});
