// What CloudFormation in the sandbox refuses, and how a stack fails: a circular
// dependency and an unknown resource type are ValidationErrors before anything is
// made; a resource that fails to create rolls the stack back (ROLLBACK_COMPLETE, with
// CloudFormation's reason) and leaves nothing behind; the stack's resources are made
// as the caller, so a caller without cloudformation:CreateStack is refused and one
// without iam:CreateRole sees its role fail. Also: the SSO portal serves the
// permission set a stack made under the sandbox's permission-set name.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { sandboxCli, type CliSession, type SandboxCli } from '../../support/awsCliSessions.js';
import { baseCredentials, startTestSandbox, stsClient, type TestSandbox } from '../../support/sandbox.js';

let sandbox: TestSandbox;
let aws: SandboxCli['aws'];
let refusal: SandboxCli['refusal'];
let account: string;
beforeAll(async () => {
  sandbox = await startTestSandbox({ blank: true });
  ({ aws, refusal } = sandboxCli(sandbox));
  account = sandbox.store.state.accountId;
});
afterAll(() => sandbox.remove());

/** Writes `template` (JSON) into the sandbox folder and returns it as a --template-body argument. */
async function templateFile(name: string, template: object): Promise<string> {
  const path = join(sandbox.dir, `${name}.json`);
  await writeFile(path, JSON.stringify(template));
  return `file://${path}`;
}

const trustAccount = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::111122223333:root` }, Action: 'sts:AssumeRole' }] };

it('refuses a circular dependency and an unknown resource type, making nothing', async () => {
  const circular = await templateFile('circular', {
    Resources: {
      First: { Type: 'AWS::KMS::Key', DependsOn: 'Second' },
      Second: { Type: 'AWS::KMS::Alias', Properties: { AliasName: 'alias/second', TargetKeyId: { 'Fn::GetAtt': ['Third', 'KeyId'] } } },
      Third: { Type: 'AWS::KMS::Key', Properties: { Description: { 'Fn::Sub': '${First.Arn}' } } },
    },
  });
  expect(await refusal(undefined, 'cloudformation', 'create-stack', '--stack-name', 'circular', '--template-body', circular)).toMatch(
    /ValidationError.*Circular dependency between resources: \[First, Second, Third\]/,
  );
  expect(await refusal(undefined, 'cloudformation', 'validate-template', '--template-body', circular)).toMatch(/Circular dependency between resources/);
  const unknown = await templateFile('unknown', { Resources: { Server: { Type: 'AWS::EC2::Instance' }, Key: { Type: 'AWS::KMS::Key' } } });
  expect(await refusal(undefined, 'cloudformation', 'create-stack', '--stack-name', 'unknown', '--template-body', unknown)).toMatch(/ValidationError.*Template format error: Unrecognized resource types: \[AWS::EC2::Instance\]/);
  const dangling = await templateFile('dangling', { Resources: { Key: { Type: 'AWS::KMS::Key', Properties: { Description: { Ref: 'Nowhere' } } } } });
  expect(await refusal(undefined, 'cloudformation', 'create-stack', '--stack-name', 'dangling', '--template-body', dangling)).toMatch(/Unresolved resource dependencies \[Nowhere\] in the Resources block of the template/);
  expect(await aws(undefined, 'cloudformation', 'describe-stacks', '--query', 'length(Stacks)')).toBe('0');
  expect(Object.values(sandbox.store.state.keys).filter((k) => k.description === '')).toEqual([]);
});

it('a resource that fails rolls the stack back, deleting what was made, with the reason', async () => {
  const keysBefore = Object.keys(sandbox.store.state.keys).length;
  const failing = await templateFile('failing', {
    Resources: {
      Key: { Type: 'AWS::KMS::Key', Properties: { Description: 'made, then rolled back' } },
      Role: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: trustAccount, Policies: [{ PolicyName: 'keys', PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'kms:*', Resource: '*' }] } }] } },
      BadAlias: { Type: 'AWS::KMS::Alias', DependsOn: 'Role', Properties: { AliasName: 'alias/aws/reserved', TargetKeyId: { Ref: 'Key' } } },
    },
  });
  await aws(undefined, 'cloudformation', 'create-stack', '--stack-name', 'failing', '--template-body', failing, '--capabilities', 'CAPABILITY_IAM');
  expect(await refusal(undefined, 'cloudformation', 'wait', 'stack-create-complete', '--stack-name', 'failing')).toMatch(/Waiter StackCreateComplete failed/);
  const [stack] = JSON.parse(await aws(undefined, 'cloudformation', 'describe-stacks', '--stack-name', 'failing', '--query', 'Stacks', '--output', 'json')) as Record<string, string>[];
  expect(stack!.StackStatus).toBe('ROLLBACK_COMPLETE');
  expect(stack!.StackStatusReason).toContain('The following resource(s) failed to create: [BadAlias].');
  const events = JSON.parse(await aws(undefined, 'cloudformation', 'describe-stack-events', '--stack-name', 'failing', '--query', 'StackEvents', '--output', 'json')) as Record<string, string>[];
  const failed = events.find((e) => e.ResourceStatus === 'CREATE_FAILED')!;
  expect(failed.LogicalResourceId).toBe('BadAlias');
  expect(failed.ResourceStatusReason).toMatch(/reserved for AWS managed keys.*HandlerErrorCode: NotFound/);
  const summaries = JSON.parse(await aws(undefined, 'cloudformation', 'list-stack-resources', '--stack-name', 'failing', '--query', 'StackResourceSummaries[].[LogicalResourceId,ResourceStatus]', '--output', 'json'));
  expect(summaries).toEqual([
    ['Key', 'DELETE_COMPLETE'],
    ['Role', 'DELETE_COMPLETE'],
    ['BadAlias', 'DELETE_COMPLETE'],
  ]);
  // Nothing left behind: the generated role is gone, the key waits out its deletion window.
  expect(await aws(undefined, 'iam', 'list-roles', '--query', "Roles[?starts_with(RoleName, 'failing-Role-')].RoleName")).toBe('');
  const keys = Object.values(sandbox.store.state.keys);
  expect(keys).toHaveLength(keysBefore + 1);
  expect(keys.find((k) => k.description === 'made, then rolled back')!.state).toBe('PendingDeletion');
  expect(await refusal(undefined, 'cloudformation', 'create-stack', '--stack-name', 'failing', '--template-body', failing)).toMatch(/AlreadyExistsException/);
  await aws(undefined, 'cloudformation', 'delete-stack', '--stack-name', 'failing');
  await aws(undefined, 'cloudformation', 'wait', 'stack-delete-complete', '--stack-name', 'failing');
});

it('makes resources as the caller: no cloudformation:CreateStack is AccessDenied, no iam:CreateRole fails the role', async () => {
  const assumable = async (name: string, policy: object | undefined): Promise<CliSession> => {
    await writeFile(join(sandbox.dir, `${name}-trust.json`), JSON.stringify(trustAccount));
    await aws(undefined, 'iam', 'create-role', '--role-name', name, '--assume-role-policy-document', `file://${join(sandbox.dir, `${name}-trust.json`)}`);
    if (policy) {
      await writeFile(join(sandbox.dir, `${name}-policy.json`), JSON.stringify(policy));
      await aws(undefined, 'iam', 'put-role-policy', '--role-name', name, '--policy-name', 'stacks', '--policy-document', `file://${join(sandbox.dir, `${name}-policy.json`)}`);
    }
    return JSON.parse(await aws(undefined, 'sts', 'assume-role', '--role-arn', `arn:aws:iam::${account}:role/${name}`, '--role-session-name', name, '--query', 'Credentials', '--output', 'json')) as CliSession;
  };
  const template = await templateFile('as-caller', { Resources: { Role: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: trustAccount } } } });

  const nobody = await assumable('Nobody', undefined);
  expect(await refusal(nobody, 'cloudformation', 'create-stack', '--stack-name', 'as-caller', '--template-body', template, '--capabilities', 'CAPABILITY_IAM')).toMatch(
    /AccessDenied.*not authorized to perform: cloudformation:CreateStack/,
  );

  const stacksOnly = await assumable('StacksOnly', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'cloudformation:*', Resource: '*' }] });
  await aws(stacksOnly, 'cloudformation', 'create-stack', '--stack-name', 'as-caller', '--template-body', template, '--capabilities', 'CAPABILITY_IAM');
  expect(await aws(stacksOnly, 'cloudformation', 'describe-stacks', '--stack-name', 'as-caller', '--query', 'Stacks[0].StackStatus')).toBe('ROLLBACK_COMPLETE');
  const reason = await aws(stacksOnly, 'cloudformation', 'describe-stack-events', '--stack-name', 'as-caller', '--query', "StackEvents[?ResourceStatus=='CREATE_FAILED'].ResourceStatusReason | [0]");
  expect(reason).toMatch(/assumed-role\/StacksOnly\/StacksOnly is not authorized to perform: iam:CreateRole.*HandlerErrorCode: AccessDenied/);
});

it('the SSO portal gives people the permission set a stack made under the sandbox’s permission-set name', async () => {
  const instanceArn = await aws(undefined, 'sso-admin', 'list-instances', '--query', 'Instances[0].InstanceArn');
  const name = sandbox.store.state.ssoRoleName;
  const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'kms:DescribeKey', Resource: '*' }] };
  const template = await templateFile('people', {
    Parameters: { Instance: { Type: 'String' } },
    Resources: { People: { Type: 'AWS::SSO::PermissionSet', Properties: { InstanceArn: { Ref: 'Instance' }, Name: name, SessionDuration: 'PT12H', InlinePolicy: policy } } },
    Outputs: { Arn: { Value: { 'Fn::GetAtt': ['People', 'PermissionSetArn'] } } },
  });
  await aws(undefined, 'cloudformation', 'create-stack', '--stack-name', 'people', '--template-body', template, '--parameters', `ParameterKey=Instance,ParameterValue=${instanceArn}`);
  const arn = await aws(undefined, 'cloudformation', 'describe-stacks', '--stack-name', 'people', '--query', 'Stacks[0].Outputs[0].OutputValue');
  const roleName = Object.values(sandbox.store.state.permissionSets ?? {}).find((s) => s.arn === arn)!.roleName;
  const credentials = await baseCredentials(sandbox, 'alice');
  const identity = await stsClient(sandbox, credentials).send(new GetCallerIdentityCommand({}));
  expect(identity.Arn).toBe(`arn:aws:sts::${account}:assumed-role/${roleName}/alice`);
  expect(await refusal(undefined, 'sso-admin', 'describe-permission-set', '--instance-arn', 'arn:aws:sso:::instance/ssoins-0000000000000000', '--permission-set-arn', arn)).toMatch(/ResourceNotFoundException/);
});
