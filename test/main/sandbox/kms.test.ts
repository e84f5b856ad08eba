// KMS conformance: every operation Signet and its administrators use, through the
// real @aws-sdk/client-kms over HTTP against the sandbox. Assertions are about AWS's
// documented behaviour, so the same tests describe real KMS.
import { constants, createHash, createPublicKey, publicEncrypt, verify as nodeVerify } from 'node:crypto';
import {
  CancelKeyDeletionCommand,
  CreateAliasCommand,
  CreateKeyCommand,
  DecryptCommand,
  DeleteAliasCommand,
  DescribeKeyCommand,
  DisableKeyCommand,
  EnableKeyCommand,
  EncryptCommand,
  GenerateDataKeyCommand,
  GetKeyPolicyCommand,
  GetPublicKeyCommand,
  ListAliasesCommand,
  ListKeysCommand,
  PutKeyPolicyCommand,
  ScheduleKeyDeletionCommand,
  SignCommand,
  VerifyCommand,
  type KMSClient,
} from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAwsError } from '../../support/expectAwsError.js';
import { adminCredentials, keyArnByAlias, kmsClient, roleCredentials, startTestSandbox, type TestSandbox } from '../../support/sandbox.js';

let sandbox: TestSandbox;
let kms: KMSClient;

beforeAll(async () => {
  sandbox = await startTestSandbox();
  kms = kmsClient(sandbox, adminCredentials(sandbox));
});
afterAll(() => sandbox.remove());

const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);

async function createKey(spec: string, usage: string, extra: object = {}): Promise<string> {
  const out = await kms.send(new CreateKeyCommand({ KeySpec: spec as never, KeyUsage: usage as never, ...extra }));
  return out.KeyMetadata!.KeyId!;
}

describe('CreateKey and DescribeKey', () => {
  it('creates keys of each spec Signet uses and describes them by id, ARN, alias name and alias ARN', async () => {
    const out = await kms.send(new CreateKeyCommand({ KeySpec: 'ECC_NIST_P521', KeyUsage: 'SIGN_VERIFY', Description: 'test signer' }));
    const meta = out.KeyMetadata!;
    expect(meta.Arn).toBe(`arn:aws:kms:us-east-1:111122223333:key/${meta.KeyId}`);
    expect(meta.KeySpec).toBe('ECC_NIST_P521');
    expect(meta.SigningAlgorithms).toEqual(['ECDSA_SHA_512']);
    expect(meta.KeyState).toBe('Enabled');
    expect(meta.CreationDate).toBeInstanceOf(Date);
    await kms.send(new CreateAliasCommand({ AliasName: 'alias/test-signer', TargetKeyId: meta.KeyId! }));
    for (const id of [meta.KeyId!, meta.Arn!, 'alias/test-signer', 'arn:aws:kms:us-east-1:111122223333:alias/test-signer']) {
      const described = await kms.send(new DescribeKeyCommand({ KeyId: id }));
      expect(described.KeyMetadata!.KeyId).toBe(meta.KeyId);
      expect(described.KeyMetadata!.Description).toBe('test signer');
    }
    const rsa = await kms.send(new CreateKeyCommand({ KeySpec: 'RSA_4096', KeyUsage: 'ENCRYPT_DECRYPT' }));
    expect(rsa.KeyMetadata!.EncryptionAlgorithms).toEqual(['RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256']);
    const symmetric = await kms.send(new CreateKeyCommand({}));
    expect(symmetric.KeyMetadata!.KeySpec).toBe('SYMMETRIC_DEFAULT');
    expect(symmetric.KeyMetadata!.KeyUsage).toBe('ENCRYPT_DECRYPT');
  });

  it('refuses a key usage the key spec cannot have', async () => {
    await expectAwsError(kms.send(new CreateKeyCommand({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'ENCRYPT_DECRYPT' })), 'ValidationException');
  });

  it('refuses a malformed key policy', async () => {
    await expectAwsError(kms.send(new CreateKeyCommand({ Policy: '{"Statement": [' })), 'MalformedPolicyDocumentException');
  });

  it('answers NotFoundException for unknown keys, aliases and key ids that are not ids', async () => {
    await expectAwsError(kms.send(new DescribeKeyCommand({ KeyId: '00000000-0000-4000-8000-000000000000' })), 'NotFoundException');
    await expectAwsError(kms.send(new DescribeKeyCommand({ KeyId: 'alias/nobody' })), 'NotFoundException');
    await expectAwsError(kms.send(new DescribeKeyCommand({ KeyId: 'not-a-key' })), 'NotFoundException');
    await expectAwsError(
      kms.send(new DescribeKeyCommand({ KeyId: 'arn:aws:kms:eu-west-1:111122223333:key/00000000-0000-4000-8000-000000000000' })),
      'NotFoundException',
    );
  });
});

describe('ListKeys, aliases', () => {
  it('lists keys across pages with Marker', async () => {
    const all: string[] = [];
    let marker: string | undefined;
    do {
      const page = await kms.send(new ListKeysCommand({ Limit: 2, ...(marker ? { Marker: marker } : {}) }));
      all.push(...page.Keys!.map((k) => k.KeyId!));
      expect(page.Keys!.length).toBeLessThanOrEqual(2);
      marker = page.Truncated ? page.NextMarker : undefined;
    } while (marker);
    expect(new Set(all).size).toBe(all.length);
    expect(all.length).toBeGreaterThanOrEqual(3);
  });

  it('creates, lists, filters and deletes aliases, and refuses duplicates and reserved names', async () => {
    const keyId = await createKey('SYMMETRIC_DEFAULT', 'ENCRYPT_DECRYPT');
    await kms.send(new CreateAliasCommand({ AliasName: 'alias/test-one', TargetKeyId: keyId }));
    await expectAwsError(kms.send(new CreateAliasCommand({ AliasName: 'alias/test-one', TargetKeyId: keyId })), 'AlreadyExistsException');
    await expectAwsError(kms.send(new CreateAliasCommand({ AliasName: 'alias/aws/s3', TargetKeyId: keyId })), 'NotFoundException');
    await expectAwsError(kms.send(new CreateAliasCommand({ AliasName: 'no-prefix', TargetKeyId: keyId })), 'ValidationException');
    await expectAwsError(kms.send(new CreateAliasCommand({ AliasName: 'alias/test-two', TargetKeyId: 'alias/test-one' })), 'ValidationException');
    const filtered = await kms.send(new ListAliasesCommand({ KeyId: keyId }));
    expect(filtered.Aliases!.map((a) => a.AliasName)).toEqual(['alias/test-one']);
    expect(filtered.Aliases![0]!.AliasArn).toBe('arn:aws:kms:us-east-1:111122223333:alias/test-one');
    const all = await kms.send(new ListAliasesCommand({}));
    expect(all.Aliases!.map((a) => a.AliasName)).toEqual(expect.arrayContaining(['alias/signet-signing', 'alias/signet-legal', 'alias/signet-finance', 'alias/test-one']));
    await kms.send(new DeleteAliasCommand({ AliasName: 'alias/test-one' }));
    await expectAwsError(kms.send(new DescribeKeyCommand({ KeyId: 'alias/test-one' })), 'NotFoundException');
    await expectAwsError(kms.send(new DeleteAliasCommand({ AliasName: 'alias/test-one' })), 'NotFoundException');
  });
});

describe('GetPublicKey, Sign and Verify', () => {
  it('returns the public key as DER SPKI with the key ARN and spec', async () => {
    const out = await kms.send(new GetPublicKeyCommand({ KeyId: 'alias/signet-signing' }));
    expect(out.KeyId).toBe(keyArnByAlias(sandbox, 'alias/signet-signing'));
    expect(out.KeySpec).toBe('ECC_NIST_P521');
    expect(out.KeyUsage).toBe('SIGN_VERIFY');
    expect(out.SigningAlgorithms).toEqual(['ECDSA_SHA_512']);
    const key = createPublicKey({ key: Buffer.from(out.PublicKey!), format: 'der', type: 'spki' });
    expect(key.asymmetricKeyDetails?.namedCurve).toBe('secp521r1');
  });

  it('signs RAW messages and SHA-512 DIGESTs with DER ECDSA signatures that OpenSSL-style verification accepts', async () => {
    const message = bytes('the manifest');
    const { PublicKey } = await kms.send(new GetPublicKeyCommand({ KeyId: 'alias/signet-signing' }));
    const publicKey = createPublicKey({ key: Buffer.from(PublicKey!), format: 'der', type: 'spki' });
    const raw = await kms.send(new SignCommand({ KeyId: 'alias/signet-signing', Message: message, MessageType: 'RAW', SigningAlgorithm: 'ECDSA_SHA_512' }));
    expect(raw.SigningAlgorithm).toBe('ECDSA_SHA_512');
    expect(Buffer.from(raw.Signature!)[0]).toBe(0x30);
    expect(nodeVerify('sha512', message, publicKey, Buffer.from(raw.Signature!))).toBe(true);
    const digest = createHash('sha512').update(message).digest();
    const viaDigest = await kms.send(new SignCommand({ KeyId: 'alias/signet-signing', Message: digest, MessageType: 'DIGEST', SigningAlgorithm: 'ECDSA_SHA_512' }));
    expect(nodeVerify('sha512', message, publicKey, Buffer.from(viaDigest.Signature!))).toBe(true);
    expect(nodeVerify('sha512', bytes('another manifest'), publicKey, Buffer.from(viaDigest.Signature!))).toBe(false);
    const verified = await kms.send(
      new VerifyCommand({ KeyId: 'alias/signet-signing', Message: digest, MessageType: 'DIGEST', Signature: raw.Signature!, SigningAlgorithm: 'ECDSA_SHA_512' }),
    );
    expect(verified.SignatureValid).toBe(true);
  });

  it('refuses a digest of the wrong length and a raw message over 4096 bytes', async () => {
    const sha256 = createHash('sha256').update('x').digest();
    await expectAwsError(
      kms.send(new SignCommand({ KeyId: 'alias/signet-signing', Message: sha256, MessageType: 'DIGEST', SigningAlgorithm: 'ECDSA_SHA_512' })),
      'ValidationException',
    );
    await expectAwsError(
      kms.send(new SignCommand({ KeyId: 'alias/signet-signing', Message: new Uint8Array(4097), MessageType: 'RAW', SigningAlgorithm: 'ECDSA_SHA_512' })),
      'ValidationException',
    );
    const at = await kms.send(new SignCommand({ KeyId: 'alias/signet-signing', Message: new Uint8Array(4096), MessageType: 'RAW', SigningAlgorithm: 'ECDSA_SHA_512' }));
    expect(at.Signature!.length).toBeGreaterThan(100);
  });

  it('raises KMSInvalidSignatureException for a signature that does not match', async () => {
    const sig = await kms.send(new SignCommand({ KeyId: 'alias/signet-signing', Message: bytes('a'), SigningAlgorithm: 'ECDSA_SHA_512' }));
    await expectAwsError(
      kms.send(new VerifyCommand({ KeyId: 'alias/signet-signing', Message: bytes('b'), Signature: sig.Signature!, SigningAlgorithm: 'ECDSA_SHA_512' })),
      'KMSInvalidSignatureException',
    );
    await expectAwsError(
      kms.send(new VerifyCommand({ KeyId: 'alias/signet-signing', Message: bytes('a'), Signature: bytes('not DER at all'), SigningAlgorithm: 'ECDSA_SHA_512' })),
      'KMSInvalidSignatureException',
    );
  });

  it('refuses the wrong key usage and an algorithm the key does not support', async () => {
    await expectAwsError(kms.send(new SignCommand({ KeyId: 'alias/signet-legal', Message: bytes('a'), SigningAlgorithm: 'RSASSA_PSS_SHA_256' })), 'InvalidKeyUsageException');
    await expectAwsError(kms.send(new SignCommand({ KeyId: 'alias/signet-signing', Message: bytes('a'), SigningAlgorithm: 'ECDSA_SHA_256' })), 'InvalidKeyUsageException');
    await expectAwsError(kms.send(new EncryptCommand({ KeyId: 'alias/signet-signing', Plaintext: bytes('a') })), 'InvalidKeyUsageException');
  });

  it('signs and verifies with RSA keys in PSS and PKCS#1 v1.5, RAW and DIGEST', async () => {
    const keyId = await createKey('RSA_2048', 'SIGN_VERIFY');
    const { PublicKey } = await kms.send(new GetPublicKeyCommand({ KeyId: keyId }));
    const publicKey = createPublicKey({ key: Buffer.from(PublicKey!), format: 'der', type: 'spki' });
    const message = bytes('rsa message');
    for (const algorithm of ['RSASSA_PSS_SHA_256', 'RSASSA_PKCS1_V1_5_SHA_256'] as const) {
      const digest = createHash('sha256').update(message).digest();
      for (const [type, input] of [['RAW', message], ['DIGEST', digest]] as const) {
        const out = await kms.send(new SignCommand({ KeyId: keyId, Message: input, MessageType: type, SigningAlgorithm: algorithm }));
        const padding = algorithm.includes('PSS') ? constants.RSA_PKCS1_PSS_PADDING : constants.RSA_PKCS1_PADDING;
        expect(nodeVerify('sha256', message, { key: publicKey, padding, saltLength: 32 }, Buffer.from(out.Signature!))).toBe(true);
        const ok = await kms.send(new VerifyCommand({ KeyId: keyId, Message: message, Signature: out.Signature!, SigningAlgorithm: algorithm }));
        expect(ok.SignatureValid).toBe(true);
      }
    }
  });
});

describe('Encrypt, Decrypt, GenerateDataKey', () => {
  it('decrypts RSA-OAEP-SHA-256 ciphertext made locally with the key from GetPublicKey', async () => {
    const { PublicKey } = await kms.send(new GetPublicKeyCommand({ KeyId: 'alias/signet-legal' }));
    const fileKey = Buffer.alloc(32, 7);
    const wrapped = publicEncrypt(
      { key: createPublicKey({ key: Buffer.from(PublicKey!), format: 'der', type: 'spki' }), padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' },
      fileKey,
    );
    const out = await kms.send(new DecryptCommand({ KeyId: 'alias/signet-legal', CiphertextBlob: wrapped, EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' }));
    expect(Buffer.from(out.Plaintext!)).toEqual(fileKey);
    expect(out.KeyId).toBe(keyArnByAlias(sandbox, 'alias/signet-legal'));
    expect(out.EncryptionAlgorithm).toBe('RSAES_OAEP_SHA_256');
  });

  it('takes at most 446 bytes under RSA_4096 with OAEP-SHA-256', async () => {
    const ok = await kms.send(new EncryptCommand({ KeyId: 'alias/signet-legal', Plaintext: new Uint8Array(446).fill(1), EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' }));
    expect(ok.CiphertextBlob!.length).toBe(512);
    await expectAwsError(
      kms.send(new EncryptCommand({ KeyId: 'alias/signet-legal', Plaintext: new Uint8Array(447), EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' })),
      'ValidationException',
    );
    const back = await kms.send(new DecryptCommand({ KeyId: 'alias/signet-legal', CiphertextBlob: ok.CiphertextBlob!, EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' }));
    expect(Buffer.from(back.Plaintext!)).toEqual(Buffer.alloc(446, 1));
  });

  it('raises InvalidCiphertextException for ciphertext that is not for this key or was altered', async () => {
    const ok = await kms.send(new EncryptCommand({ KeyId: 'alias/signet-legal', Plaintext: bytes('k'), EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' }));
    await expectAwsError(
      kms.send(new DecryptCommand({ KeyId: 'alias/signet-finance', CiphertextBlob: ok.CiphertextBlob!, EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' })),
      'InvalidCiphertextException',
    );
    const symmetric = await createKey('SYMMETRIC_DEFAULT', 'ENCRYPT_DECRYPT');
    const blob = await kms.send(new EncryptCommand({ KeyId: symmetric, Plaintext: bytes('secret'), EncryptionContext: { purpose: 'test' } }));
    const altered = Buffer.from(blob.CiphertextBlob!);
    altered[altered.length - 1]! ^= 1;
    await expectAwsError(kms.send(new DecryptCommand({ CiphertextBlob: altered, EncryptionContext: { purpose: 'test' } })), 'InvalidCiphertextException');
    await expectAwsError(kms.send(new DecryptCommand({ CiphertextBlob: blob.CiphertextBlob!, EncryptionContext: { purpose: 'other' } })), 'InvalidCiphertextException');
    const back = await kms.send(new DecryptCommand({ CiphertextBlob: blob.CiphertextBlob!, EncryptionContext: { purpose: 'test' } }));
    expect(new TextDecoder().decode(back.Plaintext)).toBe('secret');
  });

  it('generates data keys under symmetric keys only', async () => {
    const symmetric = await createKey('SYMMETRIC_DEFAULT', 'ENCRYPT_DECRYPT');
    const dataKey = await kms.send(new GenerateDataKeyCommand({ KeyId: symmetric, KeySpec: 'AES_256' }));
    expect(dataKey.Plaintext!.length).toBe(32);
    const back = await kms.send(new DecryptCommand({ CiphertextBlob: dataKey.CiphertextBlob! }));
    expect(Buffer.from(back.Plaintext!)).toEqual(Buffer.from(dataKey.Plaintext!));
    const sixteen = await kms.send(new GenerateDataKeyCommand({ KeyId: symmetric, NumberOfBytes: 16 }));
    expect(sixteen.Plaintext!.length).toBe(16);
    await expectAwsError(kms.send(new GenerateDataKeyCommand({ KeyId: 'alias/signet-legal', KeySpec: 'AES_256' })), 'InvalidKeyUsageException');
  });
});

describe('key states', () => {
  it('raises DisabledException on a disabled key and works again once enabled', async () => {
    const keyId = await createKey('ECC_NIST_P256', 'SIGN_VERIFY');
    await kms.send(new DisableKeyCommand({ KeyId: keyId }));
    expect((await kms.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata!.KeyState).toBe('Disabled');
    await expectAwsError(kms.send(new SignCommand({ KeyId: keyId, Message: bytes('a'), SigningAlgorithm: 'ECDSA_SHA_256' })), 'DisabledException');
    await expectAwsError(kms.send(new GetPublicKeyCommand({ KeyId: keyId })), 'DisabledException');
    await kms.send(new EnableKeyCommand({ KeyId: keyId }));
    const out = await kms.send(new SignCommand({ KeyId: keyId, Message: bytes('a'), SigningAlgorithm: 'ECDSA_SHA_256' }));
    expect(out.Signature!.length).toBeGreaterThan(60);
  });

  it('raises KMSInvalidStateException while a key is pending deletion; cancelling leaves it disabled', async () => {
    const keyId = await createKey('SYMMETRIC_DEFAULT', 'ENCRYPT_DECRYPT');
    await expectAwsError(kms.send(new ScheduleKeyDeletionCommand({ KeyId: keyId, PendingWindowInDays: 3 })), 'ValidationException');
    const scheduled = await kms.send(new ScheduleKeyDeletionCommand({ KeyId: keyId, PendingWindowInDays: 7 }));
    expect(scheduled.KeyState).toBe('PendingDeletion');
    expect(scheduled.PendingWindowInDays).toBe(7);
    expect(scheduled.DeletionDate!.getTime()).toBeGreaterThan(Date.now() + 6 * 86_400_000);
    await expectAwsError(kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: bytes('a') })), 'KMSInvalidStateException');
    await expectAwsError(kms.send(new EnableKeyCommand({ KeyId: keyId })), 'KMSInvalidStateException');
    await expectAwsError(kms.send(new ScheduleKeyDeletionCommand({ KeyId: keyId, PendingWindowInDays: 7 })), 'KMSInvalidStateException');
    await kms.send(new CancelKeyDeletionCommand({ KeyId: keyId }));
    expect((await kms.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata!.KeyState).toBe('Disabled');
    await expectAwsError(kms.send(new CancelKeyDeletionCommand({ KeyId: keyId })), 'KMSInvalidStateException');
  });
});

describe('key policies', () => {
  it('returns the default policy and refuses other policy names', async () => {
    const keyId = await createKey('SYMMETRIC_DEFAULT', 'ENCRYPT_DECRYPT');
    const out = await kms.send(new GetKeyPolicyCommand({ KeyId: keyId, PolicyName: 'default' }));
    expect(JSON.parse(out.Policy!).Statement[0].Principal.AWS).toBe('arn:aws:iam::111122223333:root');
    await expectAwsError(kms.send(new GetKeyPolicyCommand({ KeyId: keyId, PolicyName: 'other' })), 'NotFoundException');
  });

  it('refuses a policy that would lock the caller out, unless told to bypass the check', async () => {
    const keyId = await createKey('SYMMETRIC_DEFAULT', 'ENCRYPT_DECRYPT');
    const lockout = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:role/SignetReceiver' }, Action: 'kms:Decrypt', Resource: '*' }],
    });
    await expectAwsError(kms.send(new PutKeyPolicyCommand({ KeyId: keyId, PolicyName: 'default', Policy: lockout })), 'MalformedPolicyDocumentException');
    await kms.send(new PutKeyPolicyCommand({ KeyId: keyId, PolicyName: 'default', Policy: lockout, BypassPolicyLockoutSafetyCheck: true }));
    // Locked out, as asked: the administrator can no longer read or use the key.
    await expectAwsError(kms.send(new GetKeyPolicyCommand({ KeyId: keyId, PolicyName: 'default' })), 'AccessDeniedException');
    await expectAwsError(kms.send(new DescribeKeyCommand({ KeyId: keyId })), 'AccessDeniedException');
  });

  it('lets a sender Sign but not Decrypt, and a receiver Decrypt but not Sign (AccessDeniedException)', async () => {
    const sender = kmsClient(sandbox, await roleCredentials(sandbox, 'alice', 'SignetSender'));
    const receiver = kmsClient(sandbox, await roleCredentials(sandbox, 'bob', 'SignetReceiver'));
    const digest = createHash('sha512').update('m').digest();
    // alice signs with her own key (trust v2); the shared organisation key no longer signs for senders.
    await expectAwsError(sender.send(new SignCommand({ KeyId: 'alias/signet-signing', Message: digest, MessageType: 'DIGEST', SigningAlgorithm: 'ECDSA_SHA_512' })), 'AccessDeniedException');
    const signed = await sender.send(new SignCommand({ KeyId: 'alias/signet/person/alice', Message: digest, MessageType: 'DIGEST', SigningAlgorithm: 'ECDSA_SHA_512' }));
    const wrapped = await sender.send(new EncryptCommand({ KeyId: 'alias/signet-legal', Plaintext: bytes('file key'), EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' }));
    const denied = await expectAwsError(
      sender.send(new DecryptCommand({ KeyId: 'alias/signet-legal', CiphertextBlob: wrapped.CiphertextBlob!, EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' })),
      'AccessDeniedException',
    );
    expect(denied.message).toContain('assumed-role/SignetSender/alice');
    expect(denied.message).toContain('kms:Decrypt');
    const opened = await receiver.send(new DecryptCommand({ KeyId: 'alias/signet-legal', CiphertextBlob: wrapped.CiphertextBlob!, EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' }));
    expect(new TextDecoder().decode(opened.Plaintext)).toBe('file key');
    await expectAwsError(
      receiver.send(new SignCommand({ KeyId: 'alias/signet/person/bob', Message: digest, MessageType: 'DIGEST', SigningAlgorithm: 'ECDSA_SHA_512' })),
      'AccessDeniedException',
    );
    const verified = await receiver.send(
      new VerifyCommand({ KeyId: 'alias/signet/person/alice', Message: digest, MessageType: 'DIGEST', Signature: signed.Signature!, SigningAlgorithm: 'ECDSA_SHA_512' }),
    );
    expect(verified.SignatureValid).toBe(true);
    await expectAwsError(receiver.send(new CreateKeyCommand({})), 'AccessDeniedException');
  });

  it('lets a receiver decrypt only their own team key (condition on aws:SourceIdentity)', async () => {
    const admin = kms;
    const forFinance = await admin.send(new EncryptCommand({ KeyId: 'alias/signet-finance', Plaintext: bytes('x'), EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' }));
    const bob = kmsClient(sandbox, await roleCredentials(sandbox, 'bob', 'SignetReceiver'));
    await expectAwsError(
      bob.send(new DecryptCommand({ KeyId: 'alias/signet-finance', CiphertextBlob: forFinance.CiphertextBlob!, EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' })),
      'AccessDeniedException',
    );
    const carol = kmsClient(sandbox, await roleCredentials(sandbox, 'carol', 'SignetReceiver'));
    const out = await carol.send(new DecryptCommand({ KeyId: 'alias/signet-finance', CiphertextBlob: forFinance.CiphertextBlob!, EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' }));
    expect(new TextDecoder().decode(out.Plaintext)).toBe('x');
  });

  it('lets an explicit Deny win over an Allow (carol as sender cannot decrypt even for Finance)', async () => {
    const forFinance = await kms.send(new EncryptCommand({ KeyId: 'alias/signet-finance', Plaintext: bytes('x'), EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' }));
    const carolSender = kmsClient(sandbox, await roleCredentials(sandbox, 'carol', 'SignetSender'));
    await expectAwsError(
      carolSender.send(new DecryptCommand({ KeyId: 'alias/signet-finance', CiphertextBlob: forFinance.CiphertextBlob!, EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' })),
      'AccessDeniedException',
    );
  });
});
