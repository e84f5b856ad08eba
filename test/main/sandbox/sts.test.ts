// STS conformance through @aws-sdk/client-sts over HTTP (AWS Query protocol).
import { readFile } from 'node:fs/promises';
import { SignCommand } from '@aws-sdk/client-kms';
import { AssumeRoleCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAwsError } from '../../support/expectAwsError.js';
import { adminCredentials, baseCredentials, kmsClient, roleArn, startTestSandbox, stsClient, type Credentials, type TestSandbox } from '../../support/sandbox.js';

let sandbox: TestSandbox;
let alice: Credentials;

beforeAll(async () => {
  sandbox = await startTestSandbox();
  alice = await baseCredentials(sandbox, 'alice');
});
afterAll(() => sandbox.remove());

describe('GetCallerIdentity', () => {
  it('names an IAM user by user ARN and AIDA id', async () => {
    const out = await stsClient(sandbox, adminCredentials(sandbox)).send(new GetCallerIdentityCommand({}));
    expect(out.Arn).toBe('arn:aws:iam::111122223333:user/admin');
    expect(out.UserId).toMatch(/^AIDA[A-Z2-7]{17}$/);
    expect(out.Account).toBe('111122223333');
  });

  it('names an Identity Center session by its permission-set role and the person', async () => {
    const out = await stsClient(sandbox, alice).send(new GetCallerIdentityCommand({}));
    expect(out.Arn).toMatch(/^arn:aws:sts::111122223333:assumed-role\/AWSReservedSSO_SignetUser_[0-9a-f]{16}\/alice$/);
    expect(out.UserId).toMatch(/^AROA[A-Z2-7]{17}:alice$/);
  });
});

describe('AssumeRole', () => {
  it('assumes the sender role with RoleSessionName and SourceIdentity; UserId matches AssumedRoleId', async () => {
    const out = await stsClient(sandbox, alice).send(
      new AssumeRoleCommand({ RoleArn: roleArn(sandbox, 'SignetSender'), RoleSessionName: 'alice', SourceIdentity: 'alice', DurationSeconds: 900 }),
    );
    expect(out.AssumedRoleUser!.Arn).toBe('arn:aws:sts::111122223333:assumed-role/SignetSender/alice');
    expect(out.SourceIdentity).toBe('alice');
    expect(out.Credentials!.AccessKeyId).toMatch(/^ASIA/);
    const expiresIn = out.Credentials!.Expiration!.getTime() - Date.now();
    expect(expiresIn).toBeGreaterThan(890_000);
    expect(expiresIn).toBeLessThanOrEqual(900_000);
    const c = out.Credentials!;
    const who = await stsClient(sandbox, { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! }).send(
      new GetCallerIdentityCommand({}),
    );
    expect(who.Arn).toBe(out.AssumedRoleUser!.Arn);
    expect(who.UserId).toBe(out.AssumedRoleUser!.AssumedRoleId);
  });

  it('refuses a person the trust policy does not name (alice may not receive)', async () => {
    const error = await expectAwsError(
      stsClient(sandbox, alice).send(new AssumeRoleCommand({ RoleArn: roleArn(sandbox, 'SignetReceiver'), RoleSessionName: 'alice', SourceIdentity: 'alice' })),
      'AccessDenied',
    );
    expect(error.message).toContain('sts:AssumeRole');
  });

  it('refuses a source identity that is not the person', async () => {
    await expectAwsError(
      stsClient(sandbox, alice).send(new AssumeRoleCommand({ RoleArn: roleArn(sandbox, 'SignetSender'), RoleSessionName: 'alice', SourceIdentity: 'carol' })),
      'AccessDenied',
    );
  });

  it('refuses an unknown role', async () => {
    await expectAwsError(
      stsClient(sandbox, alice).send(new AssumeRoleCommand({ RoleArn: roleArn(sandbox, 'Nobody'), RoleSessionName: 'alice' })),
      'AccessDenied',
    );
  });

  it('checks DurationSeconds bounds, including the one-hour limit on role chaining', async () => {
    const sts = stsClient(sandbox, alice);
    const arn = roleArn(sandbox, 'SignetSender');
    await expectAwsError(sts.send(new AssumeRoleCommand({ RoleArn: arn, RoleSessionName: 'alice', SourceIdentity: 'alice', DurationSeconds: 899 })), 'ValidationError');
    // alice's Identity Center credentials are a role session, so assuming a role from them is role chaining.
    const chained = await expectAwsError(sts.send(new AssumeRoleCommand({ RoleArn: arn, RoleSessionName: 'alice', SourceIdentity: 'alice', DurationSeconds: 3601 })), 'ValidationError');
    expect(chained.message).toContain('1 hour session limit for roles assumed by role chaining');
    await expectAwsError(sts.send(new AssumeRoleCommand({ RoleArn: arn, RoleSessionName: 'a', SourceIdentity: 'alice' })), 'ValidationError');
  });

  it('keeps the source identity through role chaining and refuses changing it', async () => {
    const first = await stsClient(sandbox, alice).send(
      new AssumeRoleCommand({ RoleArn: roleArn(sandbox, 'SignetSender'), RoleSessionName: 'alice', SourceIdentity: 'alice' }),
    );
    const c = first.Credentials!;
    const chained = stsClient(sandbox, { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! });
    // The demo organisation lets only Identity Center sessions assume SignetSender; as an
    // administrator would, this test also lets SignetSender sessions assume it, for a chain.
    const sender = Object.values(sandbox.store.state.roles).find((r) => r.arn === roleArn(sandbox, 'SignetSender'))!;
    const trust = sender.trustPolicy;
    const policy = JSON.parse(trust);
    policy.Statement.push({ Sid: 'Chain', Effect: 'Allow', Principal: { AWS: sender.arn }, Action: 'sts:AssumeRole' });
    sender.trustPolicy = JSON.stringify(policy);
    try {
      const kept = await chained.send(new AssumeRoleCommand({ RoleArn: sender.arn, RoleSessionName: 'alice-chained' }));
      expect(kept.SourceIdentity).toBe('alice');
      const k = kept.Credentials!;
      const who = await stsClient(sandbox, { accessKeyId: k.AccessKeyId!, secretAccessKey: k.SecretAccessKey!, sessionToken: k.SessionToken! }).send(new GetCallerIdentityCommand({}));
      expect(who.Arn).toBe('arn:aws:sts::111122223333:assumed-role/SignetSender/alice-chained');
      const changed = await expectAwsError(chained.send(new AssumeRoleCommand({ RoleArn: sender.arn, RoleSessionName: 'alice', SourceIdentity: 'mallory' })), 'AccessDenied');
      expect(changed.message).toBe('The source identity alice of this session cannot be changed to mallory when chaining roles.');
    } finally {
      sender.trustPolicy = trust;
    }
  });

  it('records RoleSessionName and SourceIdentity in the audit log of later KMS calls', async () => {
    const out = await stsClient(sandbox, alice).send(
      new AssumeRoleCommand({ RoleArn: roleArn(sandbox, 'SignetSender'), RoleSessionName: 'alice', SourceIdentity: 'alice' }),
    );
    const c = out.Credentials!;
    const signed = await kmsClient(sandbox, { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! }).send(
      new SignCommand({ KeyId: 'alias/signet/person/alice', Message: new Uint8Array([1]), SigningAlgorithm: 'ECDSA_SHA_512' }),
    );
    const lines = (await readFile(`${sandbox.dir}/audit.jsonl`, 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
    const line = (requestId: string | undefined) => lines.find((l) => l.requestId === requestId);
    expect(line(out.$metadata.requestId)).toMatchObject({ operation: 'AssumeRole', outcome: 'ok', resource: roleArn(sandbox, 'SignetSender') });
    expect(line(out.$metadata.requestId).principal).toMatch(/assumed-role\/AWSReservedSSO_SignetUser_[0-9a-f]+\/alice$/);
    // The later KMS call: the role session (its RoleSessionName in the ARN) and the person.
    expect(line(signed.$metadata.requestId)).toMatchObject({
      service: 'kms',
      operation: 'Sign',
      outcome: 'ok',
      principal: 'arn:aws:sts::111122223333:assumed-role/SignetSender/alice',
      sourceIdentity: 'alice',
    });
  });
});
