// Bad input never crashes the sandbox and always gets an AWS-shaped error; fault
// injection makes the SDK's retries and error paths observable; state survives a
// restart; every call is in the audit log.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DecryptCommand, EncryptCommand, ListKeysCommand, SignCommand } from '@aws-sdk/client-kms';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAwsError } from '../../support/expectAwsError.js';
import { SandboxStateError } from '../../../src/main/sandbox/index.js';
import { adminCall, adminCredentials, kmsClient, startTestSandbox, stsClient, type TestSandbox } from '../../support/sandbox.js';

let sandbox: TestSandbox;
beforeAll(async () => {
  sandbox = await startTestSandbox();
});
afterAll(() => sandbox.remove());

const kmsPost = (body: string | Buffer, target = 'TrentService.ListKeys', extra: Record<string, string> = {}) =>
  fetch(sandbox.url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': target, ...extra },
    body: typeof body === 'string' ? body : new Uint8Array(body),
  });

describe('bad requests', () => {
  it('answers malformed JSON with SerializationException', async () => {
    const res = await kmsPost('{"KeyId": ');
    expect(res.status).toBe(400);
    expect(((await res.json()) as { __type: string }).__type).toBe('SerializationException');
  });

  it('answers an unknown target with UnknownOperationException', async () => {
    for (const target of ['TrentService.MakeCoffee', 'Other.ListKeys', 'TrentService.constructor', 'TrentService.__proto__']) {
      const res = await kmsPost('{}', target);
      expect(res.status).toBe(400);
      expect(((await res.json()) as { __type: string }).__type).toBe('UnknownOperationException');
    }
  });

  it('answers an oversize body with 413 and keeps serving', async () => {
    const res = await kmsPost(Buffer.alloc(2 * 1024 * 1024, 0x20));
    expect(res.status).toBe(413);
    const out = await kmsClient(sandbox, adminCredentials(sandbox)).send(new ListKeysCommand({}));
    expect(out.Keys!.length).toBeGreaterThan(0);
  });

  it('answers an unknown STS action with InvalidAction in XML', async () => {
    const res = await fetch(sandbox.url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'Action=Nope&Version=2011-06-15' });
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/<Code>InvalidAction<\/Code>/);
  });

  it('survives random bytes on every route', async () => {
    const routes: [string, string][] = [['POST', '/'], ['POST', '/token'], ['POST', '/client/register'], ['POST', '/device'], ['GET', '/federation/credentials'], ['GET', '/nowhere']];
    for (let i = 0; i < 30; i++) {
      const [method, path] = routes[i % routes.length]!;
      const body = method === 'GET' ? undefined : crypto.getRandomValues(new Uint8Array(64 + i * 13));
      const res = await fetch(`${sandbox.url}${path}`, { method, ...(body ? { body } : {}) });
      expect(res.status).toBeGreaterThanOrEqual(200);
      expect(res.status).toBeLessThan(500);
    }
    const res = await kmsPost('[1,2,3]');
    expect(((await res.json()) as { __type: string }).__type).toBe('SerializationException');
    const wrongType = await kmsPost('{"KeyId": 42, "Plaintext": "AA=="}', 'TrentService.Encrypt');
    expect(wrongType.status).toBe(400);
  });
});

describe('fault injection', () => {
  it('throttles the chosen operation; the SDK retries and succeeds', async () => {
    await adminCall(sandbox, 'PUT', '/_sandbox/faults', { rules: [{ operation: 'kms:Sign', fault: 'throttle', count: 2 }] });
    const out = await kmsClient(sandbox, adminCredentials(sandbox)).send(
      new SignCommand({ KeyId: 'alias/signet-signing', Message: new Uint8Array([1]), SigningAlgorithm: 'ECDSA_SHA_512' }),
    );
    expect(out.$metadata.attempts).toBe(3);
    const log = await readFile(`${sandbox.dir}/audit.jsonl`, 'utf8');
    expect(log.match(/"operation":"Sign","outcome":"ThrottlingException"/g)?.length).toBe(2);
  });

  it('fails with a 5xx error when retries run out', async () => {
    await adminCall(sandbox, 'PUT', '/_sandbox/faults', { rules: [{ operation: 'kms:*', fault: 'server-error' }] });
    const error = await expectAwsError(kmsClient(sandbox, adminCredentials(sandbox), { maxAttempts: 2 }).send(new ListKeysCommand({})), 'KMSInternalException');
    expect(error.$metadata?.httpStatusCode).toBe(500);
    // The injected fault, not an internal error (which is also a KMSInternalException), answered both attempts.
    expect(sandbox.faults.fired()).toEqual([
      { call: 'kms:ListKeys', fault: 'server-error', latencyMs: 0 },
      { call: 'kms:ListKeys', fault: 'server-error', latencyMs: 0 },
    ]);
    await adminCall(sandbox, 'PUT', '/_sandbox/faults', { rules: [] });
  });

  it('adds latency and drops connections on request', async () => {
    await adminCall(sandbox, 'PUT', '/_sandbox/faults', { rules: [{ operation: 'sts:GetCallerIdentity', latencyMs: 300, count: 1 }] });
    const started = Date.now();
    await stsClient(sandbox, adminCredentials(sandbox)).send(new GetCallerIdentityCommand({}));
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(sandbox.faults.fired()).toEqual([{ call: 'sts:GetCallerIdentity', fault: null, latencyMs: 300 }]);
    await adminCall(sandbox, 'PUT', '/_sandbox/faults', { rules: [{ operation: 'sts:GetCallerIdentity', fault: 'disconnect' }] });
    const error = await stsClient(sandbox, adminCredentials(sandbox), { maxAttempts: 1 }).send(new GetCallerIdentityCommand({})).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error & { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode).toBeUndefined();
    expect(sandbox.faults.fired()).toEqual([{ call: 'sts:GetCallerIdentity', fault: 'disconnect', latencyMs: 0 }]);
    await adminCall(sandbox, 'PUT', '/_sandbox/faults', { rules: [] });
  });

  it('refuses admin calls without the admin token and malformed rules', async () => {
    const res = await fetch(`${sandbox.url}/_sandbox/faults`, { method: 'PUT', body: JSON.stringify({ rules: [] }) });
    expect(res.status).toBe(403);
    const bad = await adminCall(sandbox, 'PUT', '/_sandbox/faults', { rules: [{ operation: 'kms:Sign', fault: 'explode' }] });
    expect(bad.status).toBe(400);
  });
});

describe('state and audit', () => {
  it('keeps keys across a restart: what was encrypted before still decrypts', async () => {
    const first = await startTestSandbox();
    const credentials = adminCredentials(first);
    const sealed = await kmsClient(first, credentials).send(
      new EncryptCommand({ KeyId: 'alias/signet-legal', Plaintext: new TextEncoder().encode('survives'), EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' }),
    );
    await first.close();
    const second = await startTestSandbox({ dir: first.dir });
    try {
      const out = await kmsClient(second, credentials).send(
        new DecryptCommand({ KeyId: 'alias/signet-legal', CiphertextBlob: sealed.CiphertextBlob!, EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' }),
      );
      expect(new TextDecoder().decode(out.Plaintext)).toBe('survives');
    } finally {
      await second.remove();
    }
  });

  it('logs operation, principal, key, request id and outcome, and never a secret', async () => {
    const out = await kmsClient(sandbox, adminCredentials(sandbox)).send(
      new SignCommand({ KeyId: 'alias/signet-signing', Message: new Uint8Array([9]), SigningAlgorithm: 'ECDSA_SHA_512' }),
    );
    const log = await readFile(`${sandbox.dir}/audit.jsonl`, 'utf8');
    const line = log.trim().split('\n').map((l) => JSON.parse(l)).find((l) => l.requestId === out.$metadata.requestId);
    expect(line).toMatchObject({ service: 'kms', operation: 'Sign', principal: 'arn:aws:iam::111122223333:user/admin', outcome: 'ok' });
    expect(line.resource).toMatch(/^arn:aws:kms:us-east-1:111122223333:key\//);
    expect(log).not.toContain(adminCredentials(sandbox).secretAccessKey);
  });

  it('refuses a state file that is not JSON or is missing its tables, saying to move the folder aside', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'signet-sandbox-'));
    try {
      for (const text of ['{"version": 1, "keys": ', '{"version": 1, "keys": {}}']) {
        await writeFile(join(dir, 'state.json'), text);
        const error = await startTestSandbox({ dir }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(SandboxStateError);
        expect((error as Error).message).toContain('Move the folder aside');
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
