// An independent client: the AWS CLI v2 (Debian's awscli), pointed at the sandbox with
// --endpoint-url and the administrator profile the sandbox writes, creates a key,
// signs, verifies, encrypts and decrypts with it.
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { awsCliV2 } from '../../support/awsCli.js';
import { startTestSandbox, type TestSandbox } from '../../support/sandbox.js';

const run = promisify(execFile);
let sandbox: TestSandbox;
beforeAll(async () => {
  sandbox = await startTestSandbox();
});
afterAll(() => sandbox.remove());

async function aws(...args: string[]): Promise<string> {
  const env = {
    PATH: process.env.PATH,
    HOME: sandbox.dir,
    AWS_CONFIG_FILE: join(sandbox.dir, 'aws', 'config'),
    AWS_SHARED_CREDENTIALS_FILE: join(sandbox.dir, 'aws', 'credentials'),
    AWS_PROFILE: 'signet-admin',
  };
  const { stdout } = await run(awsCliV2(), ['--endpoint-url', sandbox.url, '--output', 'text', ...args], { env });
  return stdout.trim();
}

it('the AWS CLI creates a key, signs, verifies, encrypts and decrypts against the sandbox', async () => {
  const signing = await aws('kms', 'create-key', '--key-spec', 'ECC_NIST_P384', '--key-usage', 'SIGN_VERIFY', '--query', 'KeyMetadata.KeyId');
  expect(signing).toMatch(/^[0-9a-f-]{36}$/);
  const message = join(sandbox.dir, 'message.txt');
  await writeFile(message, 'hello from the AWS CLI');
  const signature = await aws('kms', 'sign', '--key-id', signing, '--message', `fileb://${message}`, '--message-type', 'RAW', '--signing-algorithm', 'ECDSA_SHA_384', '--query', 'Signature');
  const sigFile = join(sandbox.dir, 'message.sig');
  await writeFile(sigFile, Buffer.from(signature, 'base64'));
  const valid = await aws('kms', 'verify', '--key-id', signing, '--message', `fileb://${message}`, '--signature', `fileb://${sigFile}`, '--signing-algorithm', 'ECDSA_SHA_384', '--query', 'SignatureValid');
  expect(valid).toBe('True');

  const encrypting = await aws('kms', 'create-key', '--key-spec', 'RSA_2048', '--key-usage', 'ENCRYPT_DECRYPT', '--query', 'KeyMetadata.KeyId');
  const ciphertext = await aws('kms', 'encrypt', '--key-id', encrypting, '--plaintext', `fileb://${message}`, '--encryption-algorithm', 'RSAES_OAEP_SHA_256', '--query', 'CiphertextBlob');
  const ctFile = join(sandbox.dir, 'message.enc');
  await writeFile(ctFile, Buffer.from(ciphertext, 'base64'));
  const plaintext = await aws('kms', 'decrypt', '--key-id', encrypting, '--ciphertext-blob', `fileb://${ctFile}`, '--encryption-algorithm', 'RSAES_OAEP_SHA_256', '--query', 'Plaintext');
  expect(Buffer.from(plaintext, 'base64').toString()).toBe('hello from the AWS CLI');

  const keys = await aws('kms', 'list-keys', '--query', 'Keys[].KeyId');
  expect(keys.split(/\s+/)).toEqual(expect.arrayContaining([signing, encrypting]));
});

it('the AWS CLI tags a key at creation and later, lists, removes and is refused a reserved tag key', async () => {
  const key = await aws('kms', 'create-key', '--key-spec', 'ECC_NIST_P521', '--key-usage', 'SIGN_VERIFY', '--tags', 'TagKey=team,TagValue=Finance', '--query', 'KeyMetadata.KeyId');
  await aws('kms', 'tag-resource', '--key-id', key, '--tags', 'TagKey=signet:certificate,TagValue=arn:aws:acm-pca:eu-west-1:111122223333:certificate-authority/x/certificate/01');
  const listed = JSON.parse(await aws('kms', 'list-resource-tags', '--key-id', key, '--output', 'json'));
  expect(listed.Tags).toEqual([
    { TagKey: 'team', TagValue: 'Finance' },
    { TagKey: 'signet:certificate', TagValue: 'arn:aws:acm-pca:eu-west-1:111122223333:certificate-authority/x/certificate/01' },
  ]);
  await aws('kms', 'untag-resource', '--key-id', key, '--tag-keys', 'team');
  expect(await aws('kms', 'list-resource-tags', '--key-id', key, '--query', 'Tags[].TagKey')).toBe('signet:certificate');
  await expect(aws('kms', 'tag-resource', '--key-id', key, '--tags', 'TagKey=aws:owner,TagValue=x')).rejects.toThrow(/TagException/);
});
