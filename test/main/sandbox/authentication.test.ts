// SigV4 on every signed request: unknown keys, wrong secrets, expired session tokens
// and clock skew fail with the names AWS uses, through the real SDK clients.
import { ListKeysCommand } from '@aws-sdk/client-kms';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAwsError } from '../../support/expectAwsError.js';
import { adminCall, adminCredentials, kmsClient, roleCredentials, startTestSandbox, stsClient, type TestSandbox } from '../../support/sandbox.js';

let sandbox: TestSandbox;
beforeAll(async () => {
  sandbox = await startTestSandbox();
});
afterAll(() => sandbox.remove());

describe('SigV4 authentication', () => {
  it('rejects an unknown access key id (UnrecognizedClientException / InvalidClientTokenId)', async () => {
    const unknown = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };
    await expectAwsError(kmsClient(sandbox, unknown).send(new ListKeysCommand({})), 'UnrecognizedClientException');
    await expectAwsError(stsClient(sandbox, unknown).send(new GetCallerIdentityCommand({})), 'InvalidClientTokenId');
  });

  it('rejects a signature made with the wrong secret (InvalidSignatureException / SignatureDoesNotMatch)', async () => {
    const wrong = { ...adminCredentials(sandbox), secretAccessKey: 'not-the-secret' };
    await expectAwsError(kmsClient(sandbox, wrong).send(new ListKeysCommand({})), 'InvalidSignatureException');
    await expectAwsError(stsClient(sandbox, wrong).send(new GetCallerIdentityCommand({})), 'SignatureDoesNotMatch');
  });

  it('rejects a signature scoped to another region', async () => {
    const client = kmsClient(sandbox, adminCredentials(sandbox), { region: 'eu-west-1' });
    const error = await expectAwsError(client.send(new ListKeysCommand({})), 'InvalidSignatureException');
    expect(error.message).toContain('eu-west-1');
  });

  it('rejects a temporary key without its session token', async () => {
    const { sessionToken: _dropped, ...withoutToken } = await roleCredentials(sandbox, 'alice', 'SignetSender');
    await expectAwsError(stsClient(sandbox, withoutToken).send(new GetCallerIdentityCommand({})), 'InvalidClientTokenId');
  });

  it('rejects an expired session (ExpiredTokenException / ExpiredToken)', async () => {
    const creds = await roleCredentials(sandbox, 'alice', 'SignetSender');
    const who = await stsClient(sandbox, creds).send(new GetCallerIdentityCommand({}));
    expect(who.Arn).toContain('SignetSender/alice');
    await adminCall(sandbox, 'POST', '/_sandbox/clock', { advanceSeconds: 3601 });
    await expectAwsError(kmsClient(sandbox, creds).send(new ListKeysCommand({})), 'ExpiredTokenException');
    await expectAwsError(stsClient(sandbox, creds).send(new GetCallerIdentityCommand({})), 'ExpiredToken');
  });

  it('rejects a request signed with a clock more than 15 minutes off, and the SDK corrects itself from the Date header', async () => {
    const skewed = { systemClockOffset: 20 * 60 * 1000 };
    await expectAwsError(kmsClient(sandbox, adminCredentials(sandbox), { ...skewed, maxAttempts: 1 }).send(new ListKeysCommand({})), 'InvalidSignatureException');
    await expectAwsError(stsClient(sandbox, adminCredentials(sandbox), { ...skewed, maxAttempts: 1 }).send(new GetCallerIdentityCommand({})), 'RequestExpired');
    const corrected = await kmsClient(sandbox, adminCredentials(sandbox), skewed).send(new ListKeysCommand({}));
    expect(corrected.Keys!.length).toBeGreaterThan(0);
  });

  it('rejects an unsigned KMS request', async () => {
    const res = await fetch(sandbox.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'TrentService.ListKeys' },
      body: '{}',
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { __type: string }).__type).toBe('MissingAuthenticationTokenException');
    expect(res.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
  });
});
