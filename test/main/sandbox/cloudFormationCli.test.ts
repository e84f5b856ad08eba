// CloudFormation in the sandbox driven by the AWS CLI v2, as IT deploys the
// organisation: validate-template, create-stack (YAML short forms, Fn::Sub, GetAtt, a
// condition, a role with a trust and an inline policy, a KMS key and alias, a
// subordinate CA, a bucket and a permission set), `wait stack-create-complete`,
// describe-stacks with the outputs resolved; then what the stack made is used through
// the services themselves (the key by its alias, the role assumed, the CA, the
// permission set through sso-admin) and the stack deleted in order, DeletionPolicy
// Retain honoured.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { sandboxCli, type CliSession, type SandboxCli } from '../../support/awsCliSessions.js';
import { startTestSandbox, type TestSandbox } from '../../support/sandbox.js';

const TEMPLATE = `file://${join(import.meta.dirname, '../../fixtures/cloudFormation/organisation.yaml')}`;

let sandbox: TestSandbox;
let aws: SandboxCli['aws'];
let refusal: SandboxCli['refusal'];
let instanceArn: string;
beforeAll(async () => {
  sandbox = await startTestSandbox({ blank: true });
  ({ aws, refusal } = sandboxCli(sandbox));
  instanceArn = await aws(undefined, 'sso-admin', 'list-instances', '--query', 'Instances[0].InstanceArn');
});
afterAll(() => sandbox.remove());

const json = async (...args: string[]): Promise<Record<string, unknown>> => JSON.parse(await aws(undefined, ...args, '--output', 'json')) as Record<string, unknown>;
const instanceParameter = (): string => `ParameterKey=InstanceArn,ParameterValue=${instanceArn}`;

it('validate-template reports the parameters and the capability the named role needs', async () => {
  const answer = await json('cloudformation', 'validate-template', '--template-body', TEMPLATE);
  expect(answer.Capabilities).toEqual(['CAPABILITY_NAMED_IAM']);
  expect(answer.CapabilitiesReason).toBe('The following resource(s) require capabilities: [AWS::IAM::Role]');
  expect(answer.Parameters).toEqual([
    { ParameterKey: 'InstanceArn', NoEcho: false },
    { ParameterKey: 'Team', DefaultValue: 'Legal', NoEcho: false },
    { ParameterKey: 'Prefix', DefaultValue: 'signet', NoEcho: false },
  ]);
});

it('create-stack refuses a template with a named role without CAPABILITY_NAMED_IAM, and bad parameters, before making anything', async () => {
  const create = (...extra: string[]): Promise<string> => refusal(undefined, 'cloudformation', 'create-stack', '--stack-name', 'refused', '--template-body', TEMPLATE, ...extra);
  expect(await create('--parameters', instanceParameter())).toMatch(/InsufficientCapabilitiesException.*Requires capabilities : \[CAPABILITY_NAMED_IAM\]/);
  expect(await create('--parameters', instanceParameter(), '--capabilities', 'CAPABILITY_IAM')).toMatch(/InsufficientCapabilitiesException/);
  const named = ['--capabilities', 'CAPABILITY_NAMED_IAM'];
  expect(await create(...named)).toMatch(/ValidationError.*Parameters: \[InstanceArn\] must have values/);
  expect(await create(...named, '--parameters', instanceParameter(), 'ParameterKey=Team,ParameterValue=Sales')).toMatch(/ValidationError.*Parameter 'Team' must be one of AllowedValues/);
  expect(await create(...named, '--parameters', instanceParameter(), 'ParameterKey=Prefix,ParameterValue=ab')).toMatch(/Parameter 'Prefix' must contain at least 3 characters/);
  expect(await create(...named, '--parameters', 'ParameterKey=InstanceArn,ParameterValue=arn:aws:sso:::instance/other')).toMatch(/Parameter 'InstanceArn' must match pattern/);
  expect(await create(...named, '--parameters', instanceParameter(), 'ParameterKey=Colour,ParameterValue=blue')).toMatch(/Parameters: \[Colour\] do not exist in the template/);
  expect(await refusal(undefined, 'cloudformation', 'describe-stacks', '--stack-name', 'refused')).toMatch(/ValidationError.*Stack with id refused does not exist/);
  expect(await aws(undefined, 'iam', 'list-roles', '--query', "Roles[?RoleName=='refused-Receiver'].RoleName")).toBe('');
});

it('creates the organisation, which the services then serve, and deletes it in order, keeping the retained bucket', async () => {
  const stackId = await aws(undefined, 'cloudformation', 'create-stack', '--stack-name', 'org', '--template-body', TEMPLATE, '--parameters', instanceParameter(), '--capabilities', 'CAPABILITY_NAMED_IAM', '--tags', 'Key=owner,Value=it', '--query', 'StackId');
  expect(stackId).toMatch(/^arn:aws:cloudformation:us-east-1:111122223333:stack\/org\/[0-9a-f-]{36}$/);
  await aws(undefined, 'cloudformation', 'wait', 'stack-create-complete', '--stack-name', 'org');
  expect(await refusal(undefined, 'cloudformation', 'create-stack', '--stack-name', 'org', '--template-body', TEMPLATE)).toMatch(/AlreadyExistsException.*Stack \[org\] already exists/);

  const [stack] = (await json('cloudformation', 'describe-stacks', '--stack-name', 'org')).Stacks as Record<string, unknown>[];
  expect(stack).toMatchObject({ StackId: stackId, StackStatus: 'CREATE_COMPLETE', Capabilities: ['CAPABILITY_NAMED_IAM'], Tags: [{ Key: 'owner', Value: 'it' }] });
  const outputs = Object.fromEntries((stack!.Outputs as { OutputKey: string; OutputValue: string; ExportName?: string }[]).map((o) => [o.OutputKey, o]));
  const value = (key: string): string => outputs[key]!.OutputValue;
  expect(value('KeyArn')).toMatch(/^arn:aws:kms:us-east-1:111122223333:key\/[0-9a-f-]{36}$/);
  expect(value('AliasName')).toBe('alias/signet/legal');
  expect(value('RoleArn')).toBe('arn:aws:iam::111122223333:role/org-Receiver');
  expect(outputs.RoleArn!.ExportName).toBe('org-RoleArn');
  expect(value('Escaped')).toBe('${Literal}-us-east-1');

  const resources = (await json('cloudformation', 'describe-stack-resources', '--stack-name', 'org')).StackResources as Record<string, string>[];
  expect(resources.map((r) => [r.LogicalResourceId, r.ResourceStatus])).toEqual(
    ['CrlBucket', 'ReceiverRole', 'TeamKey', 'TeamKeyAlias', 'IssuingCa', 'UserPermissionSet'].map((id) => [id, 'CREATE_COMPLETE']),
  );
  const events = (await json('cloudformation', 'describe-stack-events', '--stack-name', 'org')).StackEvents as Record<string, string>[];
  expect(events[0]).toMatchObject({ LogicalResourceId: 'org', ResourceStatus: 'CREATE_COMPLETE', ResourceType: 'AWS::CloudFormation::Stack' });

  // The key through its alias: the properties and the policy the template gave it.
  const key = (await json('kms', 'describe-key', '--key-id', 'alias/signet/legal')).KeyMetadata as Record<string, string>;
  expect(key).toMatchObject({ Arn: value('KeyArn'), KeySpec: 'RSA_4096', KeyUsage: 'ENCRYPT_DECRYPT', Description: 'Files sealed for Legal', KeyState: 'Enabled' });
  expect(JSON.parse(await aws(undefined, 'kms', 'list-resource-tags', '--key-id', key.KeyId!, '--query', 'Tags', '--output', 'json'))).toEqual([{ TagKey: 'team', TagValue: 'Legal' }]);

  // The role: its trust policy (the policy variable untouched), assumed, its inline policy in force.
  const trust = JSON.parse(await aws(undefined, 'iam', 'get-role', '--role-name', 'org-Receiver', '--query', 'Role.AssumeRolePolicyDocument', '--output', 'json'));
  expect(trust.Statement[1].Condition).toEqual({ StringLike: { 'aws:userid': '*:${sts:SourceIdentity}' } });
  const session = JSON.parse(await aws(undefined, 'sts', 'assume-role', '--role-arn', value('RoleArn'), '--role-session-name', 'it', '--query', 'Credentials', '--output', 'json')) as CliSession;
  expect(await aws(session, 'kms', 'describe-key', '--key-id', value('KeyArn'), '--query', 'KeyMetadata.KeyId')).toBe(key.KeyId);
  expect(await refusal(session, 'kms', 'list-keys')).toMatch(/AccessDeniedException/);

  // The subordinate CA waits for its certificate, as in AWS.
  const ca = (await json('acm-pca', 'describe-certificate-authority', '--certificate-authority-arn', value('CaArn'))).CertificateAuthority as Record<string, unknown>;
  expect(ca).toMatchObject({ Type: 'SUBORDINATE', Status: 'PENDING_CERTIFICATE', RevocationConfiguration: { CrlConfiguration: { Enabled: true, S3BucketName: 'signet-crl-111122223333' } } });

  // The permission set, through sso-admin, and the role it was provisioned as.
  const permissionSetArn = value('PermissionSetArn');
  expect(await aws(undefined, 'sso-admin', 'list-permission-sets', '--instance-arn', instanceArn, '--query', 'PermissionSets')).toBe(permissionSetArn);
  const described = (await json('sso-admin', 'describe-permission-set', '--instance-arn', instanceArn, '--permission-set-arn', permissionSetArn)).PermissionSet as Record<string, string>;
  expect(described).toMatchObject({ Name: 'signetUser', PermissionSetArn: permissionSetArn, Description: 'People who seal and open files', SessionDuration: 'PT8H' });
  const inline = JSON.parse(await aws(undefined, 'sso-admin', 'get-inline-policy-for-permission-set', '--instance-arn', instanceArn, '--permission-set-arn', permissionSetArn, '--query', 'InlinePolicy'));
  expect(inline.Statement).toEqual([{ Effect: 'Allow', Action: ['sts:AssumeRole', 'sts:SetSourceIdentity'], Resource: value('RoleArn') }]);
  const ssoRole = await aws(undefined, 'iam', 'list-roles', '--path-prefix', '/aws-reserved/sso.amazonaws.com/', '--query', "Roles[?starts_with(RoleName, 'AWSReservedSSO_signetUser_')].[RoleName,MaxSessionDuration]");
  expect(ssoRole).toMatch(/^AWSReservedSSO_signetUser_[0-9a-f]{16}\t28800$/);

  // Deleted in reverse order; the bucket (DeletionPolicy: Retain) stays.
  await aws(undefined, 'cloudformation', 'delete-stack', '--stack-name', 'org');
  await aws(undefined, 'cloudformation', 'wait', 'stack-delete-complete', '--stack-name', 'org');
  expect(await refusal(undefined, 'cloudformation', 'describe-stacks', '--stack-name', 'org')).toMatch(/Stack with id org does not exist/);
  expect(await aws(undefined, 'cloudformation', 'describe-stacks', '--stack-name', stackId, '--query', 'Stacks[0].StackStatus')).toBe('DELETE_COMPLETE');
  const deletions = ((await json('cloudformation', 'describe-stack-events', '--stack-name', stackId)).StackEvents as Record<string, string>[])
    .reverse()
    .filter((e) => e.ResourceStatus === 'DELETE_COMPLETE' || e.ResourceStatus === 'DELETE_SKIPPED')
    .map((e) => `${e.LogicalResourceId} ${e.ResourceStatus}`);
  expect(deletions).toEqual(['UserPermissionSet DELETE_COMPLETE', 'IssuingCa DELETE_COMPLETE', 'TeamKeyAlias DELETE_COMPLETE', 'TeamKey DELETE_COMPLETE', 'ReceiverRole DELETE_COMPLETE', 'CrlBucket DELETE_SKIPPED', 'org DELETE_COMPLETE']);
  expect(await refusal(undefined, 'kms', 'describe-key', '--key-id', 'alias/signet/legal')).toMatch(/NotFoundException/);
  expect(await aws(undefined, 'kms', 'describe-key', '--key-id', key.KeyId!, '--query', 'KeyMetadata.KeyState')).toBe('PendingDeletion');
  expect(await refusal(undefined, 'iam', 'get-role', '--role-name', 'org-Receiver')).toMatch(/NoSuchEntity/);
  expect(await refusal(undefined, 'acm-pca', 'describe-certificate-authority', '--certificate-authority-arn', value('CaArn'))).toMatch(/ResourceNotFoundException/);
  expect(await aws(undefined, 'sso-admin', 'list-permission-sets', '--instance-arn', instanceArn, '--query', 'length(PermissionSets)')).toBe('0');
  expect(await refusal(undefined, 'sso-admin', 'describe-permission-set', '--instance-arn', instanceArn, '--permission-set-arn', permissionSetArn)).toMatch(/ResourceNotFoundException/);
  expect(await aws(undefined, 'iam', 'list-roles', '--path-prefix', '/aws-reserved/sso.amazonaws.com/', '--query', "Roles[?starts_with(RoleName, 'AWSReservedSSO_signetUser_')].RoleName")).toBe('');
  expect(existsSync(join(sandbox.dir, 's3', 'signet-crl-111122223333'))).toBe(true);
}, 120_000);

