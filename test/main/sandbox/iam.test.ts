// The sandbox's IAM through the AWS CLI v2: IAM's error names, and what a role made
// or changed with IAM does — its trust policy decides AssumeRole, its inline policies
// are the session's identity policies — and that IAM calls are themselves authorised.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { sandboxCli, type CliSession, type SandboxCli } from '../../support/awsCliSessions.js';
import { startTestSandbox, type TestSandbox } from '../../support/sandbox.js';

let sandbox: TestSandbox;
let account: string;
let aws: SandboxCli['aws'];
let refusal: SandboxCli['refusal'];
beforeAll(async () => {
  sandbox = await startTestSandbox();
  account = sandbox.store.state.accountId;
  ({ aws, refusal } = sandboxCli(sandbox));
});
afterAll(() => sandbox.remove());

async function policyFile(name: string, policy: object): Promise<string> {
  const path = join(sandbox.dir, name);
  await writeFile(path, JSON.stringify(policy));
  return `file://${path}`;
}

const trustedByAccount = () => policyFile('trust.json', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: 'sts:AssumeRole' }] });

const assume = async (role: string, session = 'test'): Promise<CliSession> =>
  JSON.parse(await aws(undefined, 'sts', 'assume-role', '--role-arn', `arn:aws:iam::${account}:role/${role}`, '--role-session-name', session, '--query', 'Credentials', '--output', 'json')) as CliSession;

it('answers with IAM error names: EntityAlreadyExists, NoSuchEntity, MalformedPolicyDocument, DeleteConflict, ValidationError, UnmodifiableEntity', async () => {
  const trust = await trustedByAccount();
  await aws(undefined, 'iam', 'create-role', '--role-name', 'Twice', '--assume-role-policy-document', trust);
  expect(await refusal(undefined, 'iam', 'create-role', '--role-name', 'twice', '--assume-role-policy-document', trust)).toMatch(/\(EntityAlreadyExists\)/);
  expect(await refusal(undefined, 'iam', 'get-role', '--role-name', 'Nobody')).toMatch(/\(NoSuchEntity\).*Nobody/);
  expect(await refusal(undefined, 'iam', 'create-role', '--role-name', 'Bad', '--assume-role-policy-document', '{"Statement":[{"Effect":"Allow","Action":"sts:AssumeRole"}]}')).toMatch(
    /\(MalformedPolicyDocument\)/,
  );
  const withPrincipal = await policyFile('inline-principal.json', { Statement: [{ Effect: 'Allow', Principal: '*', Action: 'kms:*', Resource: '*' }] });
  expect(await refusal(undefined, 'iam', 'put-role-policy', '--role-name', 'Twice', '--policy-name', 'p', '--policy-document', withPrincipal)).toMatch(/\(MalformedPolicyDocument\)/);
  const inline = await policyFile('inline.json', { Statement: [{ Effect: 'Allow', Action: 'kms:DescribeKey', Resource: '*' }] });
  await aws(undefined, 'iam', 'put-role-policy', '--role-name', 'Twice', '--policy-name', 'Describe', '--policy-document', inline);
  expect(await refusal(undefined, 'iam', 'delete-role', '--role-name', 'Twice')).toMatch(/\(DeleteConflict\)/);
  await aws(undefined, 'iam', 'delete-role-policy', '--role-name', 'Twice', '--policy-name', 'Describe');
  expect(await refusal(undefined, 'iam', 'get-role-policy', '--role-name', 'Twice', '--policy-name', 'Describe')).toMatch(/\(NoSuchEntity\)/);
  await aws(undefined, 'iam', 'delete-role', '--role-name', 'Twice');
  expect(await refusal(undefined, 'iam', 'get-role', '--role-name', 'Twice')).toMatch(/\(NoSuchEntity\)/);
  expect(await refusal(undefined, 'iam', 'create-role', '--role-name', 'has space', '--assume-role-policy-document', trust)).toMatch(/\(ValidationError\)/);
  const ssoRole = Object.values(sandbox.store.state.roles).find((r) => r.path.startsWith('/aws-reserved/'))!;
  expect(await refusal(undefined, 'iam', 'update-assume-role-policy', '--role-name', ssoRole.name, '--policy-document', trust)).toMatch(/\(UnmodifiableEntity\)/);
});

it('lists roles, the demo organisation`s among them, and tags a role', async () => {
  await aws(undefined, 'iam', 'create-role', '--role-name', 'Tagged', '--path', '/signet/', '--assume-role-policy-document', await trustedByAccount(), '--tags', 'Key=team,Value=Finance');
  await aws(undefined, 'iam', 'tag-role', '--role-name', 'Tagged', '--tags', 'Key=team,Value=Legal', 'Key=owner,Value=it');
  expect(JSON.parse(await aws(undefined, 'iam', 'get-role', '--role-name', 'Tagged', '--query', 'Role.Tags', '--output', 'json'))).toEqual([
    { Key: 'team', Value: 'Legal' },
    { Key: 'owner', Value: 'it' },
  ]);
  expect((await aws(undefined, 'iam', 'list-roles', '--query', 'Roles[].RoleName')).split(/\s+/)).toEqual(expect.arrayContaining(['SignetSender', 'SignetReceiver', 'Tagged']));
  expect(await aws(undefined, 'iam', 'list-roles', '--path-prefix', '/signet/', '--query', 'Roles[].Arn')).toBe(`arn:aws:iam::${account}:role/signet/Tagged`);
  // One role a page: the CLI follows IAM's Marker from page to page and gets them all, once each.
  const whole = (await aws(undefined, 'iam', 'list-roles', '--query', 'Roles[].RoleName')).split(/\s+/);
  expect((await aws(undefined, 'iam', 'list-roles', '--page-size', '1', '--query', 'Roles[].RoleName')).split(/\s+/)).toEqual(whole);
});

it('enforces what IAM set: the trust policy decides AssumeRole, inline policies are the session`s permissions, and IAM calls need iam: permissions', async () => {
  await aws(undefined, 'iam', 'create-role', '--role-name', 'Reader', '--assume-role-policy-document', await trustedByAccount());
  const key = await aws(undefined, 'kms', 'create-key', '--key-spec', 'ECC_NIST_P256', '--key-usage', 'SIGN_VERIFY', '--query', 'KeyMetadata.KeyId');

  const before = await assume('Reader');
  expect(await refusal(before, 'kms', 'get-public-key', '--key-id', key)).toMatch(/AccessDeniedException/);
  expect(await refusal(before, 'iam', 'list-roles')).toMatch(/\(AccessDenied\).*iam:ListRoles/);

  const readKeys = await policyFile('read-keys.json', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['kms:GetPublicKey', 'iam:GetRole'], Resource: '*' }] });
  await aws(undefined, 'iam', 'put-role-policy', '--role-name', 'Reader', '--policy-name', 'ReadKeys', '--policy-document', readKeys);
  expect(await aws(undefined, 'iam', 'list-role-policies', '--role-name', 'Reader', '--query', 'PolicyNames')).toBe('ReadKeys');
  expect(await aws(before, 'kms', 'get-public-key', '--key-id', key, '--query', 'KeySpec')).toBe('ECC_NIST_P256');
  expect(await aws(before, 'iam', 'get-role', '--role-name', 'Reader', '--query', 'Role.RoleName')).toBe('Reader');

  const nobody = await policyFile('nobody.json', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:role/SignetSender` }, Action: 'sts:AssumeRole' }] });
  await aws(undefined, 'iam', 'update-assume-role-policy', '--role-name', 'Reader', '--policy-document', nobody);
  expect(await refusal(undefined, 'sts', 'assume-role', '--role-arn', `arn:aws:iam::${account}:role/Reader`, '--role-session-name', 'again')).toMatch(/\(AccessDenied\).*sts:AssumeRole/);
});
