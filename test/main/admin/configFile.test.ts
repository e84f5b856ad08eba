// `signet admin config FILE` against a sandbox running as its own process: the
// configuration it makes from the deployment names the same account, roles, keys and
// root as the one the sandbox writes for itself, loads with the app's own parser, and
// is never overwritten without --force.
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadOrgConfig, type OrgConfig } from '../../../src/main/config/orgConfig.js';
import { certificateSha256, parseCertificate } from '../../../src/main/pki/certificates.js';
import { runSignet, startSignet, stopProcess } from '../../support/cli.js';

let work: string;
let sandboxDir: string;
let sandboxUrl: string;
let sandboxProcess: ChildProcess;
let sandboxConfig: OrgConfig;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'signet-config-'));
  sandboxDir = join(work, 'sandbox');
  const started = await startSignet(['sandbox', '--dir', sandboxDir]);
  sandboxProcess = started.child;
  sandboxUrl = started.firstLine.split(' ')[1]!;
  sandboxConfig = await loadOrgConfig(started.firstLine.split(' config ')[1]!);
});
afterAll(async () => {
  await stopProcess(sandboxProcess);
  await rm(work, { recursive: true, force: true });
});

const config = (file: string, ...extra: string[]) =>
  runSignet(
    [
      '--profile',
      'signet-admin',
      'admin',
      'config',
      file,
      '--organisation',
      'Example Org',
      '--region',
      sandboxConfig.region,
      '--sso-start-url',
      `${sandboxUrl}/start`,
      '--recipient',
      'Legal',
      '--recipient',
      'Finance',
      '--endpoint',
      sandboxUrl,
      '--trust-updates',
      `${sandboxUrl}/trust.signet-trust`,
      ...extra,
    ],
    { AWS_CONFIG_FILE: join(sandboxDir, 'aws', 'config'), AWS_SHARED_CREDENTIALS_FILE: join(sandboxDir, 'aws', 'credentials'), SIGNET_HOME: join(work, 'home') },
  );

it('writes the staff configuration from the deployment: the same account, roles, keys and root the sandbox has', async () => {
  const file = join(work, 'staff.json');
  const result = await config(file);
  expect(result.code, result.stderr).toBe(0);
  const written = await loadOrgConfig(file);
  expect(written.organisation).toBe('Example Org');
  expect(written.roles).toEqual(sandboxConfig.roles);
  expect(written.signingKey).toBe(sandboxConfig.signingKey);
  expect(written.recipients).toEqual(sandboxConfig.recipients);
  expect(written.trust?.rootSha256).toBe(sandboxConfig.trust?.rootSha256);
  expect(certificateSha256(parseCertificate(written.trust!.rootCertificate!))).toBe(sandboxConfig.trust?.rootSha256);
  expect(written.trust?.updates).toBe(`${sandboxUrl}/trust.signet-trust`);
  expect(written.signIn).toEqual({ sso: { startUrl: `${sandboxUrl}/start`, region: sandboxConfig.region, accountId: (sandboxConfig.signIn as { sso: { accountId: string } }).sso.accountId, roleName: 'SignetUser' } });
});

it('never overwrites a file without --force', async () => {
  const file = join(work, 'taken.json');
  await writeFile(file, 'keep me');
  const refused = await config(file);
  expect(refused.code).toBe(2);
  expect(refused.stderr).toMatch(/already exists/);
  expect(await readFile(file, 'utf8')).toBe('keep me');
  const forced = await config(file, '--force');
  expect(forced.code, forced.stderr).toBe(0);
  expect((await loadOrgConfig(file)).recipients.map((r) => r.name)).toEqual(['Legal', 'Finance']);
});

it('says which team has no key, and writes nothing', async () => {
  const file = join(work, 'missing.json');
  const result = await config(file, '--recipient', 'Sales');
  expect(result.code).toBe(2);
  expect(result.stderr).toContain('alias/signet-sales');
  await expect(readFile(file)).rejects.toThrow(/ENOENT/);
});
