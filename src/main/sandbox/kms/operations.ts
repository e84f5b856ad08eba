// KMS over AWS JSON 1.1: the operations Signet and its administrators use, with the
// semantics Signet relies on — key states, key usage, algorithm and size limits,
// aliases and ARNs resolved as KMS resolves them, and key policies evaluated on every
// call. Each operation is four steps (see `staged`): parse the JSON input, authorise
// against the key policy, act on the store, serialise the JSON output.
import { randomBytes } from 'node:crypto';
import { AwsError, validationError } from '../core/awsError.js';
import { newKeyId } from '../core/ids.js';
import { awsJson11 } from '../core/protocols.js';
import { staged, type Operation, type Service, type SignedCall } from '../core/service.js';
import type { KeyRecord, KeyUsage } from '../core/state.js';
import {
  KEY_USAGES,
  digest,
  encryptionAlgorithms,
  generateKeyMaterial,
  hashOf,
  maxOaepPlaintext,
  publicKeyDer,
  rsaDecrypt,
  rsaEncrypt,
  signDigest,
  signingAlgorithms,
  symmetricBlobKeyId,
  symmetricDecrypt,
  symmetricEncrypt,
  verifyDigest,
} from './crypto.js';
import { blob, encryptionContext, oneOf, page, paging, str, type Input } from './inputs.js';
import { authorize, checkLockout, defaultKeyPolicy } from './keyPolicy.js';
import { applyTags, parseTags, TAG_OPERATIONS } from './tags.js';
import { aliasArn, keyArn, keyMetadata, purgeIfDeleted, requireEnabled, requireNotPendingDeletion, requireUsage, resolveKey } from './keys.js';

type KmsOperation = Operation<Input, object, SignedCall>;

const MAX_MESSAGE = 4096;
const MAX_CIPHERTEXT = 6144;
const ALIAS_NAME = /^alias\/[a-zA-Z0-9/_-]+$/;
const SPECS = ['SYMMETRIC_DEFAULT', 'RSA_2048', 'RSA_3072', 'RSA_4096', 'ECC_NIST_P256', 'ECC_NIST_P384', 'ECC_NIST_P521', 'ECC_SECG_P256K1'] as const;
const UNSUPPORTED_SPECS = ['HMAC_224', 'HMAC_256', 'HMAC_384', 'HMAC_512', 'SM2', 'ML_DSA_44', 'ML_DSA_65', 'ML_DSA_87', 'ECC_NIST_EDWARDS25519'];

/** The operation's own steps for one key named by KeyId: parse needs only the id; authorise resolves and checks `action`. */
function onKey<Result>(steps: {
  action: string;
  aliases?: boolean;
  mutates?: boolean;
  act(key: KeyRecord, call: SignedCall): Result | Promise<Result>;
  serialise(result: Result, call: SignedCall): object;
}): KmsOperation {
  return staged({
    mutates: steps.mutates ?? false,
    parse: (input: Input) => str(input, 'KeyId', true),
    authorise(keyId, call: SignedCall) {
      const key = resolveKey(call, keyId, { aliases: steps.aliases ?? true });
      authorize(call, steps.action, key);
      return key;
    },
    act: steps.act,
    serialise: steps.serialise,
  });
}

/** The policy name KMS accepts: only "default". */
function policyName(input: Input): void {
  const name = str(input, 'PolicyName') ?? 'default';
  if (name !== 'default') throw new AwsError('NotFoundException', `No such policy: ${name}. The only key policy name is "default".`);
}

interface SigningRequest {
  keyId: string;
  message: Buffer;
  messageType: 'RAW' | 'DIGEST' | 'EXTERNAL_MU';
  algorithm: string;
}

function parseSigning(input: Input): SigningRequest {
  const message = blob(input, 'Message', 1, MAX_MESSAGE);
  const messageType = oneOf('MessageType', str(input, 'MessageType'), ['RAW', 'DIGEST', 'EXTERNAL_MU'] as const) ?? 'RAW';
  return { keyId: str(input, 'KeyId', true), message, messageType, algorithm: str(input, 'SigningAlgorithm', true) };
}

function authoriseSigning<R extends SigningRequest>(action: string, request: R, call: SignedCall): { key: KeyRecord; request: R } {
  const key = resolveKey(call, request.keyId);
  authorize(call, action, key, { 'kms:signingalgorithm': request.algorithm, 'kms:messagetype': request.messageType });
  return { key, request };
}

/** The digest to sign or verify: the message's, or the message itself when it is one. */
function signingDigest(key: KeyRecord, { algorithm, message, messageType }: SigningRequest): Buffer {
  if (!signingAlgorithms(key.spec).includes(algorithm)) {
    throw new AwsError('InvalidKeyUsageException', `Signing algorithm ${algorithm} is not valid for ${key.arn}. It supports ${signingAlgorithms(key.spec).join(', ')}.`);
  }
  if (messageType === 'EXTERNAL_MU') throw new AwsError('InvalidKeyUsageException', 'EXTERNAL_MU is only valid for ML-DSA keys.');
  if (messageType === 'RAW') return digest(algorithm, message);
  if (message.length !== hashOf(algorithm).length) throw new AwsError('ValidationException', `Digest is invalid length for algorithm ${algorithm}.`);
  return message;
}

function requireEncryptionAlgorithm(key: KeyRecord, algorithm: string): void {
  if (!encryptionAlgorithms(key.spec).includes(algorithm)) {
    throw new AwsError('InvalidKeyUsageException', `Encryption algorithm ${algorithm} is not valid for ${key.arn}. It supports ${encryptionAlgorithms(key.spec).join(', ')}.`);
  }
}

function setState(action: string, state: 'Enabled' | 'Disabled'): KmsOperation {
  return onKey({
    action,
    aliases: false,
    mutates: true,
    act(key) {
      requireNotPendingDeletion(key);
      key.state = state;
    },
    serialise: () => ({}),
  });
}

export const KMS_OPERATIONS: Record<string, KmsOperation> = {
  CreateKey: staged({
    mutates: true,
    parse(input: Input) {
      const requested = str(input, 'KeySpec') ?? str(input, 'CustomerMasterKeySpec') ?? 'SYMMETRIC_DEFAULT';
      if (UNSUPPORTED_SPECS.includes(requested)) throw new AwsError('UnsupportedOperationException', `The sandbox does not support ${requested} keys.`);
      const spec = oneOf('KeySpec', requested, SPECS)!;
      const usage = oneOf('KeyUsage', str(input, 'KeyUsage'), ['ENCRYPT_DECRYPT', 'SIGN_VERIFY', 'GENERATE_VERIFY_MAC', 'KEY_AGREEMENT'] as const) ?? 'ENCRYPT_DECRYPT';
      if (!(KEY_USAGES[spec] as string[]).includes(usage)) throw new AwsError('ValidationException', `KeyUsage ${usage} is not compatible with KeySpec ${spec}.`);
      const origin = str(input, 'Origin') ?? 'AWS_KMS';
      if (origin !== 'AWS_KMS') throw new AwsError('UnsupportedOperationException', `The sandbox only creates keys with origin AWS_KMS, not ${origin}.`);
      const description = str(input, 'Description') ?? '';
      if (description.length > 8192) throw validationError('description', 'Member must have length less than or equal to 8192', '[long]');
      return { spec, usage: usage as KeyUsage, description, policy: str(input, 'Policy'), bypass: input.BypassPolicyLockoutSafetyCheck === true, tags: parseTags(input) };
    },
    authorise(request, call: SignedCall) {
      authorize(call, 'kms:CreateKey', undefined);
      if (request.tags.length > 0) authorize(call, 'kms:TagResource', undefined);
      return request;
    },
    async act({ spec, usage, description, policy, bypass, tags }, call) {
      const keyId = newKeyId();
      const arn = keyArn(call, keyId);
      const keyPolicy = policy ?? defaultKeyPolicy(call.store.state.accountId);
      checkLockout(call, keyPolicy, arn, bypass);
      const material = await generateKeyMaterial(spec);
      const key: KeyRecord = { keyId, arn, spec, usage, description, createdAt: Date.now(), state: 'Enabled', policy: keyPolicy, ...material };
      applyTags(key, tags);
      call.store.state.keys[keyId] = key;
      call.audit.resource = arn;
      return key;
    },
    serialise: (key, call) => ({ KeyMetadata: keyMetadata(call, key) }),
  }),

  DescribeKey: onKey({ action: 'kms:DescribeKey', act: (key) => key, serialise: (key, call) => ({ KeyMetadata: keyMetadata(call, key) }) }),

  ListKeys: staged({
    mutates: false,
    parse: paging,
    authorise(paging, call: SignedCall) {
      authorize(call, 'kms:ListKeys', undefined);
      return paging;
    },
    act(paging, call) {
      const keys = Object.values(call.store.state.keys)
        .filter((k) => purgeIfDeleted(call, k) !== undefined)
        .sort((a, b) => a.createdAt - b.createdAt || a.keyId.localeCompare(b.keyId));
      return page(keys, paging);
    },
    serialise: ({ items, ...rest }) => ({ Keys: items.map((k) => ({ KeyId: k.keyId, KeyArn: k.arn })), ...rest }),
  }),

  CreateAlias: staged({
    mutates: true,
    parse(input: Input) {
      const name = str(input, 'AliasName', true);
      if (name.length > 256 || !ALIAS_NAME.test(name)) throw validationError('aliasName', 'Member must satisfy regular expression pattern: ^alias/[a-zA-Z0-9/_-]+$', name);
      if (name.startsWith('alias/aws/')) throw new AwsError('NotFoundException', 'Alias names that begin with alias/aws/ are reserved for AWS managed keys.');
      return { name, targetKeyId: str(input, 'TargetKeyId', true) };
    },
    authorise({ name, targetKeyId }, call: SignedCall) {
      const key = resolveKey(call, targetKeyId, { aliases: false });
      authorize(call, 'kms:CreateAlias', undefined, {}, aliasArn(call, name));
      authorize(call, 'kms:CreateAlias', key);
      return { name, key };
    },
    act({ name, key }, call) {
      requireNotPendingDeletion(key);
      if (call.store.state.aliases[name]) throw new AwsError('AlreadyExistsException', `An alias with the name ${aliasArn(call, name)} already exists`);
      const now = Date.now();
      call.store.state.aliases[name] = { name, targetKeyId: key.keyId, createdAt: now, updatedAt: now };
    },
    serialise: () => ({}),
  }),

  DeleteAlias: staged({
    mutates: true,
    parse: (input: Input) => str(input, 'AliasName', true),
    authorise(name, call: SignedCall) {
      const alias = call.store.state.aliases[name];
      if (!alias) throw new AwsError('NotFoundException', `Alias ${aliasArn(call, name)} is not found.`);
      const key = call.store.state.keys[alias.targetKeyId];
      authorize(call, 'kms:DeleteAlias', undefined, {}, aliasArn(call, name));
      if (key) authorize(call, 'kms:DeleteAlias', key);
      return name;
    },
    act(name, call) {
      delete call.store.state.aliases[name];
    },
    serialise: () => ({}),
  }),

  ListAliases: staged({
    mutates: false,
    parse: (input: Input) => ({ keyId: str(input, 'KeyId'), paging: paging(input) }),
    authorise({ keyId, paging }, call: SignedCall) {
      authorize(call, 'kms:ListAliases', undefined);
      return { filterKey: keyId === undefined ? undefined : resolveKey(call, keyId, { aliases: false }), paging };
    },
    act({ filterKey, paging }, call) {
      const aliases = Object.values(call.store.state.aliases)
        .filter((a) => filterKey === undefined || a.targetKeyId === filterKey.keyId)
        .sort((a, b) => a.name.localeCompare(b.name));
      return page(aliases, paging);
    },
    serialise: ({ items, ...rest }, call) => ({
      Aliases: items.map((a) => ({
        AliasName: a.name,
        AliasArn: aliasArn(call, a.name),
        TargetKeyId: a.targetKeyId,
        CreationDate: a.createdAt / 1000,
        LastUpdatedDate: a.updatedAt / 1000,
      })),
      ...rest,
    }),
  }),

  GetPublicKey: onKey({
    action: 'kms:GetPublicKey',
    act(key) {
      requireEnabled(key);
      if (key.spec === 'SYMMETRIC_DEFAULT') throw new AwsError('UnsupportedOperationException', `${key.arn} is a symmetric key; it has no public key.`);
      return key;
    },
    serialise: (key) => ({
      KeyId: key.arn,
      PublicKey: publicKeyDer(key).toString('base64'),
      CustomerMasterKeySpec: key.spec,
      KeySpec: key.spec,
      KeyUsage: key.usage,
      EncryptionAlgorithms: key.usage === 'ENCRYPT_DECRYPT' ? encryptionAlgorithms(key.spec) : undefined,
      SigningAlgorithms: key.usage === 'ENCRYPT_DECRYPT' ? undefined : signingAlgorithms(key.spec),
    }),
  }),

  Sign: staged({
    mutates: false,
    parse: parseSigning,
    authorise: (request, call: SignedCall) => authoriseSigning('kms:Sign', request, call),
    act({ key, request }) {
      requireEnabled(key);
      requireUsage(key, 'SIGN_VERIFY', 'Sign');
      return { key, algorithm: request.algorithm, signature: signDigest(key, request.algorithm, signingDigest(key, request)) };
    },
    serialise: ({ key, algorithm, signature }) => ({ KeyId: key.arn, Signature: signature.toString('base64'), SigningAlgorithm: algorithm }),
  }),

  Verify: staged({
    mutates: false,
    parse: (input: Input) => ({ ...parseSigning(input), signature: blob(input, 'Signature', 1, MAX_CIPHERTEXT) }),
    authorise: (request, call: SignedCall) => authoriseSigning('kms:Verify', request, call),
    act({ key, request }) {
      requireEnabled(key);
      requireUsage(key, 'SIGN_VERIFY', 'Verify');
      if (!verifyDigest(key, request.algorithm, signingDigest(key, request), request.signature)) {
        throw new AwsError('KMSInvalidSignatureException', 'The signature is not valid for this message, key and algorithm.');
      }
      return { key, algorithm: request.algorithm };
    },
    serialise: ({ key, algorithm }) => ({ KeyId: key.arn, SignatureValid: true, SigningAlgorithm: algorithm }),
  }),

  Encrypt: staged({
    mutates: false,
    parse: (input: Input) => ({
      keyId: str(input, 'KeyId', true),
      plaintext: blob(input, 'Plaintext', 1, MAX_MESSAGE),
      algorithm: str(input, 'EncryptionAlgorithm') ?? 'SYMMETRIC_DEFAULT',
      context: encryptionContext(input),
    }),
    authorise(request, call: SignedCall) {
      const key = resolveKey(call, request.keyId);
      authorize(call, 'kms:Encrypt', key, { 'kms:encryptionalgorithm': request.algorithm });
      return { key, ...request };
    },
    act({ key, plaintext, algorithm, context }) {
      requireEnabled(key);
      requireUsage(key, 'ENCRYPT_DECRYPT', 'Encrypt');
      requireEncryptionAlgorithm(key, algorithm);
      if (algorithm === 'SYMMETRIC_DEFAULT') return { key, algorithm, ciphertext: symmetricEncrypt(key, plaintext, context) };
      if (context !== undefined) throw new AwsError('ValidationException', 'EncryptionContext is not supported with asymmetric KMS keys.');
      const max = maxOaepPlaintext(key.spec, algorithm);
      if (plaintext.length > max) throw new AwsError('ValidationException', `Plaintext is too long: ${algorithm} with ${key.spec} takes at most ${max} bytes.`);
      return { key, algorithm, ciphertext: rsaEncrypt(key, algorithm, plaintext) };
    },
    serialise: ({ key, algorithm, ciphertext }) => ({ KeyId: key.arn, CiphertextBlob: ciphertext.toString('base64'), EncryptionAlgorithm: algorithm }),
  }),

  Decrypt: staged({
    mutates: false,
    parse(input: Input) {
      const ciphertext = blob(input, 'CiphertextBlob', 1, MAX_CIPHERTEXT);
      const keyId = str(input, 'KeyId');
      const algorithm = str(input, 'EncryptionAlgorithm') ?? 'SYMMETRIC_DEFAULT';
      if (algorithm !== 'SYMMETRIC_DEFAULT' && keyId === undefined) throw new AwsError('ValidationException', 'KeyId is required to decrypt with an asymmetric KMS key.');
      return { ciphertext, keyId, algorithm, context: encryptionContext(input) };
    },
    authorise(request, call: SignedCall) {
      let key: KeyRecord;
      if (request.algorithm === 'SYMMETRIC_DEFAULT') {
        // A symmetric ciphertext names its key; a KeyId given as well must name the same one.
        const named = symmetricBlobKeyId(request.ciphertext);
        if (named === undefined) throw new AwsError('InvalidCiphertextException', 'The ciphertext is not valid.');
        key = resolveKey(call, named);
        if (request.keyId !== undefined && resolveKey(call, request.keyId).keyId !== key.keyId) {
          throw new AwsError('IncorrectKeyException', 'The key ID in the request does not identify the KMS key that encrypted the ciphertext.');
        }
      } else key = resolveKey(call, request.keyId!);
      authorize(call, 'kms:Decrypt', key, { 'kms:encryptionalgorithm': request.algorithm });
      return { key, ...request };
    },
    act({ key, ciphertext, algorithm, context }) {
      requireEnabled(key);
      requireUsage(key, 'ENCRYPT_DECRYPT', 'Decrypt');
      requireEncryptionAlgorithm(key, algorithm);
      const plaintext = algorithm === 'SYMMETRIC_DEFAULT' ? symmetricDecrypt(key, ciphertext, context) : rsaDecrypt(key, algorithm, ciphertext);
      if (plaintext === undefined) throw new AwsError('InvalidCiphertextException', 'The ciphertext is not valid for this key, algorithm and encryption context.');
      return { key, algorithm, plaintext };
    },
    serialise: ({ key, algorithm, plaintext }) => ({ KeyId: key.arn, Plaintext: plaintext.toString('base64'), EncryptionAlgorithm: algorithm }),
  }),

  GenerateDataKey: staged({
    mutates: false,
    parse(input: Input) {
      const spec = oneOf('KeySpec', str(input, 'KeySpec'), ['AES_256', 'AES_128'] as const);
      const count = input.NumberOfBytes;
      if ((spec === undefined) === (count === undefined)) throw new AwsError('ValidationException', 'Specify either KeySpec or NumberOfBytes, but not both.');
      const bytes = spec === 'AES_128' ? 16 : spec === 'AES_256' ? 32 : Number(count);
      if (!Number.isInteger(bytes) || bytes < 1 || bytes > 1024) throw validationError('numberOfBytes', 'Member must have value between 1 and 1024', count);
      return { keyId: str(input, 'KeyId', true), bytes, context: encryptionContext(input) };
    },
    authorise(request, call: SignedCall) {
      const key = resolveKey(call, request.keyId);
      authorize(call, 'kms:GenerateDataKey', key);
      return { key, ...request };
    },
    act({ key, bytes, context }) {
      requireEnabled(key);
      if (key.spec !== 'SYMMETRIC_DEFAULT') throw new AwsError('InvalidKeyUsageException', `GenerateDataKey needs a symmetric key; ${key.arn} is ${key.spec}.`);
      const plaintext = randomBytes(bytes);
      return { key, plaintext, ciphertext: symmetricEncrypt(key, plaintext, context) };
    },
    serialise: ({ key, plaintext, ciphertext }) => ({ KeyId: key.arn, Plaintext: plaintext.toString('base64'), CiphertextBlob: ciphertext.toString('base64') }),
  }),

  EnableKey: setState('kms:EnableKey', 'Enabled'),
  DisableKey: setState('kms:DisableKey', 'Disabled'),

  ScheduleKeyDeletion: staged({
    mutates: true,
    parse(input: Input) {
      const days = input.PendingWindowInDays === undefined ? 30 : Number(input.PendingWindowInDays);
      if (!Number.isInteger(days) || days < 7 || days > 30) throw validationError('pendingWindowInDays', 'Member must have value between 7 and 30', input.PendingWindowInDays);
      return { keyId: str(input, 'KeyId', true), days };
    },
    authorise({ keyId, days }, call: SignedCall) {
      const key = resolveKey(call, keyId, { aliases: false });
      authorize(call, 'kms:ScheduleKeyDeletion', key);
      return { key, days };
    },
    act({ key, days }, call) {
      requireNotPendingDeletion(key);
      key.state = 'PendingDeletion';
      key.deletionDate = call.store.now() + days * 86_400_000;
      return { key, days };
    },
    serialise: ({ key, days }) => ({ KeyId: key.arn, DeletionDate: key.deletionDate! / 1000, KeyState: key.state, PendingWindowInDays: days }),
  }),

  CancelKeyDeletion: onKey({
    action: 'kms:CancelKeyDeletion',
    aliases: false,
    mutates: true,
    act(key) {
      if (key.state !== 'PendingDeletion') throw new AwsError('KMSInvalidStateException', `${key.arn} is not pending deletion.`);
      key.state = 'Disabled';
      delete key.deletionDate;
      return key;
    },
    serialise: (key) => ({ KeyId: key.arn }),
  }),

  GetKeyPolicy: staged({
    mutates: false,
    parse(input: Input) {
      policyName(input);
      return str(input, 'KeyId', true);
    },
    authorise(keyId, call: SignedCall) {
      const key = resolveKey(call, keyId, { aliases: false });
      authorize(call, 'kms:GetKeyPolicy', key);
      return key;
    },
    act: (key) => key,
    serialise: (key) => ({ Policy: key.policy, PolicyName: 'default' }),
  }),

  PutKeyPolicy: staged({
    mutates: true,
    parse(input: Input) {
      policyName(input);
      return { keyId: str(input, 'KeyId', true), policy: str(input, 'Policy', true), bypass: input.BypassPolicyLockoutSafetyCheck === true };
    },
    authorise({ keyId, policy, bypass }, call: SignedCall) {
      const key = resolveKey(call, keyId, { aliases: false });
      authorize(call, 'kms:PutKeyPolicy', key);
      return { key, policy, bypass };
    },
    act({ key, policy, bypass }, call) {
      checkLockout(call, policy, key.arn, bypass);
      key.policy = policy;
    },
    serialise: () => ({}),
  }),

  ...TAG_OPERATIONS,
};

export const KMS_SERVICE: Service<Input, object, SignedCall> = {
  name: 'kms',
  signingName: 'kms',
  protocol: awsJson11('TrentService'),
  internalErrorCode: 'KMSInternalException',
  operations: KMS_OPERATIONS,
};
