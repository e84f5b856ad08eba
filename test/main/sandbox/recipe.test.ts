// The seed recipe, "Combining encryption and signing with AWS asymmetric keys" (AWS
// Security Blog), run step by step with the AWS CLI v2 against the sandbox and the
// administrator profile it writes: two keys and their aliases, SenderRole and
// ReceiverRole made with `aws iam create-role` and trusted by the account, the key
// policies, then each role assumed with `aws sts assume-role` to sign, encrypt,
// decrypt and verify — and the two refusals the design rests on: the sender cannot
// Decrypt, the receiver cannot Sign.
import { readFile, writeFile } from 'node:fs/promises';
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

const file = (name: string): string => join(sandbox.dir, name);

it('the recipe runs with the AWS CLI v2: keys, aliases, IAM roles, key policies, sign, encrypt, decrypt, verify, and the two refusals', async () => {
  // Step 1: the keys, their aliases, the roles and the key policies.
  const signingKey = await aws(undefined, 'kms', 'create-key', '--key-spec', 'ECC_NIST_P521', '--key-usage', 'SIGN_VERIFY', '--query', 'KeyMetadata.KeyId');
  const encryptionKey = await aws(undefined, 'kms', 'create-key', '--key-spec', 'RSA_4096', '--key-usage', 'ENCRYPT_DECRYPT', '--query', 'KeyMetadata.KeyId');
  await aws(undefined, 'kms', 'create-alias', '--alias-name', 'alias/DigitalSignatureKey', '--target-key-id', signingKey);
  await aws(undefined, 'kms', 'create-alias', '--alias-name', 'alias/EncryptionKey', '--target-key-id', encryptionKey);

  const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: 'sts:AssumeRole' }] };
  await writeFile(file('trust-policy.json'), JSON.stringify(trust));
  const senderArn = await aws(undefined, 'iam', 'create-role', '--role-name', 'SenderRole', '--assume-role-policy-document', `file://${file('trust-policy.json')}`, '--query', 'Role.Arn');
  const receiverArn = await aws(undefined, 'iam', 'create-role', '--role-name', 'ReceiverRole', '--assume-role-policy-document', `file://${file('trust-policy.json')}`, '--query', 'Role.Arn');
  expect(senderArn).toBe(`arn:aws:iam::${account}:role/SenderRole`);
  expect(JSON.parse(await aws(undefined, 'iam', 'get-role', '--role-name', 'ReceiverRole', '--query', 'Role.AssumeRolePolicyDocument', '--output', 'json'))).toEqual(trust);

  const enableIam = { Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: 'kms:*', Resource: '*' };
  const keyPolicy = (senderActions: string[], receiverActions: string[]): string =>
    JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        enableIam,
        { Sid: 'Allow use of the key by the sender', Effect: 'Allow', Principal: { AWS: senderArn }, Action: senderActions, Resource: '*' },
        { Sid: 'Allow use of the key by the receiver', Effect: 'Allow', Principal: { AWS: receiverArn }, Action: receiverActions, Resource: '*' },
      ],
    });
  await writeFile(file('signing-key-policy.json'), keyPolicy(['kms:Sign', 'kms:GetPublicKey', 'kms:DescribeKey'], ['kms:Verify', 'kms:GetPublicKey', 'kms:DescribeKey']));
  await writeFile(file('encryption-key-policy.json'), keyPolicy(['kms:Encrypt', 'kms:GetPublicKey', 'kms:DescribeKey'], ['kms:Decrypt', 'kms:GetPublicKey', 'kms:DescribeKey']));
  await aws(undefined, 'kms', 'put-key-policy', '--key-id', signingKey, '--policy-name', 'default', '--policy', `file://${file('signing-key-policy.json')}`);
  await aws(undefined, 'kms', 'put-key-policy', '--key-id', encryptionKey, '--policy-name', 'default', '--policy', `file://${file('encryption-key-policy.json')}`);

  // Step 2: the sender signs and encrypts.
  const assume = async (arn: string, name: string): Promise<CliSession> =>
    JSON.parse(await aws(undefined, 'sts', 'assume-role', '--role-arn', arn, '--role-session-name', name, '--query', 'Credentials', '--output', 'json')) as CliSession;
  const sender = await assume(senderArn, 'sender');
  await writeFile(file('message.txt'), 'The quarterly figures are attached.');
  const signature = await aws(sender, 'kms', 'sign', '--key-id', 'alias/DigitalSignatureKey', '--message', `fileb://${file('message.txt')}`, '--message-type', 'RAW', '--signing-algorithm', 'ECDSA_SHA_512', '--query', 'Signature');
  await writeFile(file('message.sig'), Buffer.from(signature, 'base64'));
  const ciphertext = await aws(sender, 'kms', 'encrypt', '--key-id', 'alias/EncryptionKey', '--plaintext', `fileb://${file('message.txt')}`, '--encryption-algorithm', 'RSAES_OAEP_SHA_256', '--query', 'CiphertextBlob');
  await writeFile(file('message.enc'), Buffer.from(ciphertext, 'base64'));
  expect(await refusal(sender, 'kms', 'decrypt', '--key-id', 'alias/EncryptionKey', '--ciphertext-blob', `fileb://${file('message.enc')}`, '--encryption-algorithm', 'RSAES_OAEP_SHA_256')).toMatch(
    /AccessDeniedException/,
  );

  // Step 3: the receiver decrypts and verifies.
  const receiver = await assume(receiverArn, 'receiver');
  const plaintext = await aws(receiver, 'kms', 'decrypt', '--key-id', 'alias/EncryptionKey', '--ciphertext-blob', `fileb://${file('message.enc')}`, '--encryption-algorithm', 'RSAES_OAEP_SHA_256', '--query', 'Plaintext');
  await writeFile(file('decrypted.txt'), Buffer.from(plaintext, 'base64'));
  expect(await readFile(file('decrypted.txt'), 'utf8')).toBe('The quarterly figures are attached.');
  const valid = await aws(receiver, 'kms', 'verify', '--key-id', 'alias/DigitalSignatureKey', '--message', `fileb://${file('decrypted.txt')}`, '--message-type', 'RAW', '--signature', `fileb://${file('message.sig')}`, '--signing-algorithm', 'ECDSA_SHA_512', '--query', 'SignatureValid');
  expect(valid).toBe('True');
  expect(await refusal(receiver, 'kms', 'sign', '--key-id', 'alias/DigitalSignatureKey', '--message', `fileb://${file('message.txt')}`, '--message-type', 'RAW', '--signing-algorithm', 'ECDSA_SHA_512')).toMatch(
    /AccessDeniedException/,
  );
});
