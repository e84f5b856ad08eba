// The app opens what the AWS blog recipe makes, as the CLI does: a message.enc dropped
// on the window is classified as one to open, and open:run decrypts it through KMS
// with receiver access, checks its signature and saves message.json and message.sig.
// The recipe is made with the SDK against the sandbox, as `aws kms sign` and
// `aws kms encrypt` make it.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { EncryptCommand, SignCommand } from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHandlers, dispatch } from '../../../src/main/ipc/handlers.js';
import { signedInAs } from '../../support/people.js';
import { adminCredentials, kmsClient, startTestSandbox, type TestSandbox } from '../../support/sandbox.js';

const run = promisify(execFile);
let sandbox: TestSandbox;
let work: string;

beforeAll(async () => {
  sandbox = await startTestSandbox();
  work = await mkdtemp(join(tmpdir(), 'signet-ipc-recipe-'));
});
afterAll(async () => {
  await sandbox?.remove();
  await rm(work, { recursive: true, force: true });
});

describe('an AWS recipe message in the app', () => {
  it('is classified as one to open, and open:run opens it: authentic, message.json and message.sig saved beside it', async () => {
    const bob = await signedInAs(sandbox, 'bob', work);
    const kms = kmsClient(sandbox, adminCredentials(sandbox));
    const made = join(work, 'made');
    await mkdir(made);
    await writeFile(join(made, 'message.json'), '{"order":42}');
    const signed = await kms.send(new SignCommand({ KeyId: bob.config.signingKey, Message: Buffer.from('{"order":42}'), MessageType: 'RAW', SigningAlgorithm: 'ECDSA_SHA_512' }));
    await writeFile(join(made, 'message.sig'), signed.Signature!);
    await run('tar', ['-czf', join(made, 'message.tar.gz'), '-C', made, 'message.json', 'message.sig']);
    const encrypted = await kms.send(new EncryptCommand({ KeyId: 'alias/signet-legal', EncryptionAlgorithm: 'RSAES_OAEP_SHA_256', Plaintext: await readFile(join(made, 'message.tar.gz')) }));
    const received = join(work, 'received');
    await mkdir(received);
    const messageEnc = join(received, 'message.enc');
    await writeFile(messageEnc, encrypted.CiphertextBlob!);

    const handlers = createHandlers({ ctx: bob, emit: () => undefined, openExternal: async () => undefined, reveal: () => undefined });
    expect(await dispatch(handlers, 'files:classify', { paths: [messageEnc] })).toEqual({ ok: true, value: { kind: 'open' } });
    const opened = await dispatch(handlers, 'open:run', { operationId: 'op-recipe-1', path: messageEnc });
    expect(opened).toMatchObject({
      ok: true,
      value: { verdict: 'authentic', released: [join(received, 'message.json'), join(received, 'message.sig')], details: { signerKeyArn: signed.KeyId, recipients: [{ name: 'Legal' }] } },
    });
    expect(await readFile(join(received, 'message.json'), 'utf8')).toBe('{"order":42}');
    expect(await dispatch(handlers, 'files:reveal', { path: join(received, 'message.json') })).toEqual({ ok: true, value: { shown: true } });
  });
});
