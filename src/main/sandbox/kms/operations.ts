// KMS over AWS JSON 1.1: the operations Signet and its administrators use, with the
// semantics Signet relies on — key states, key usage, algorithm and size limits,
// aliases and ARNs resolved as KMS resolves them, and key policies evaluated on every
// call. Each handler takes the parsed JSON input and returns the JSON output.
import { randomBytes } from 'node:crypto';
import { isAllowed, parsePolicy } from '../core/policy.js';
import { AwsError, validationError } from '../core/awsError.js';
import type { ResolvedCaller } from '../core/callers.js';
import { newKeyId } from '../core/ids.js';
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
import type { KeyRecord, KeySpec, KeyUsage, SandboxStore } from '../core/state.js';

export interface KmsCall {
  store: SandboxStore;
  caller: ResolvedCaller;
  /** Filled in by the handler for the audit log. */
  audit: { key?: string };
}

type Input = Record<string, unknown>;
type Handler = (input: Input, call: KmsCall) => Promise<object> | object;

const MAX_MESSAGE = 4096;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ALIAS_NAME = /^alias\/[a-zA-Z0-9/_-]+$/;

export const defaultKeyPolicy = (accountId: string): string =>
  JSON.stringify({
    Version: '2012-10-17',
    Id: 'key-default-1',
    Statement: [
      {
        Sid: 'Enable IAM User Permissions',
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${accountId}:root` },
        Action: 'kms:*',
        Resource: '*',
      },
    ],
  });

// ---- input helpers -------------------------------------------------------------

function str(input: Input, name: string, required: true): string;
function str(input: Input, name: string, required?: false): string | undefined;
function str(input: Input, name: string, required = false): string | undefined {
  const v = input[name];
  if (v === undefined || v === null) {
    if (required) throw validationError(lowerFirst(name), 'Member must not be null');
    return undefined;
  }
  if (typeof v !== 'string') throw new AwsError('SerializationException', `${name} must be a string.`);
  return v;
}

function lowerFirst(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

function blob(input: Input, name: string): Buffer {
  const v = str(input, name, true);
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(v) || v.length % 4 !== 0) {
    throw new AwsError('SerializationException', `${name} is not valid base64.`);
  }
  return Buffer.from(v, 'base64');
}

function lengthBetween(name: string, value: Buffer, min: number, max: number): void {
  if (value.length < min) throw validationError(lowerFirst(name), `Member must have length greater than or equal to ${min}`, '[hidden]');
  if (value.length > max) throw validationError(lowerFirst(name), `Member must have length less than or equal to ${max}`, '[hidden]');
}

function oneOf<T extends string>(name: string, value: string | undefined, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if (!allowed.includes(value as T)) throw validationError(lowerFirst(name), `Member must satisfy enum value set: [${allowed.join(', ')}]`, value);
  return value as T;
}

function encryptionContext(input: Input): Record<string, string> | undefined {
  const v = input.EncryptionContext;
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'object' || Array.isArray(v) || Object.values(v).some((x) => typeof x !== 'string')) {
    throw new AwsError('SerializationException', 'EncryptionContext must be a map of strings.');
  }
  return v as Record<string, string>;
}

function limitAndMarker(input: Input): { limit: number; start: number } {
  const limit = input.Limit === undefined ? 100 : Number(input.Limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw validationError('limit', 'Member must have value between 1 and 1000', input.Limit);
  const marker = str(input, 'Marker');
  const start = marker === undefined ? 0 : Number(marker);
  if (!Number.isInteger(start) || start < 0) throw new AwsError('InvalidMarkerException', 'The marker is not valid.');
  return { limit, start };
}

function page<T>(items: T[], input: Input): { items: T[]; Truncated: boolean; NextMarker?: string } {
  const { limit, start } = limitAndMarker(input);
  const slice = items.slice(start, start + limit);
  const truncated = start + limit < items.length;
  return { items: slice, Truncated: truncated, ...(truncated ? { NextMarker: String(start + limit) } : {}) };
}

// ---- keys, aliases and authorisation ---------------------------------------------

const regionPrefix = (call: KmsCall): string => `arn:aws:kms:${call.store.state.region}:${call.store.state.accountId}:`;
const keyArn = (call: KmsCall, keyId: string): string => `${regionPrefix(call)}key/${keyId}`;
const aliasArn = (call: KmsCall, name: string): string => `${regionPrefix(call)}${name}`;

/** A key pending deletion whose date has passed is gone, as in KMS. */
function purgeIfDeleted(call: KmsCall, key: KeyRecord | undefined): KeyRecord | undefined {
  if (key?.state === 'PendingDeletion' && key.deletionDate !== undefined && call.store.now() >= key.deletionDate) {
    const state = call.store.state;
    delete state.keys[key.keyId];
    for (const alias of Object.values(state.aliases)) if (alias.targetKeyId === key.keyId) delete state.aliases[alias.name];
    void call.store.commit();
    return undefined;
  }
  return key;
}

function resolveKey(call: KmsCall, keyIdInput: string, { aliases = true } = {}): KeyRecord {
  const state = call.store.state;
  const prefix = regionPrefix(call);
  let keyId: string | undefined;
  let aliasName: string | undefined;
  if (keyIdInput.startsWith('alias/')) aliasName = keyIdInput;
  else if (keyIdInput.startsWith(`${prefix}alias/`)) aliasName = keyIdInput.slice(prefix.length);
  else if (keyIdInput.startsWith(`${prefix}key/`)) keyId = keyIdInput.slice(prefix.length + 4);
  else if (UUID.test(keyIdInput)) keyId = keyIdInput;
  else if (keyIdInput.startsWith('arn:aws:kms:')) throw new AwsError('NotFoundException', `Key '${keyIdInput}' does not exist`);
  else throw new AwsError('NotFoundException', `Invalid keyId '${keyIdInput}'`);

  if (aliasName !== undefined) {
    if (!aliases) throw new AwsError('ValidationException', 'An alias cannot be used here; use a key ID or key ARN.');
    const alias = state.aliases[aliasName];
    if (!alias) throw new AwsError('NotFoundException', `Alias ${aliasArn(call, aliasName)} is not found.`);
    keyId = alias.targetKeyId;
  }
  const key = purgeIfDeleted(call, state.keys[keyId!]);
  if (!key) throw new AwsError('NotFoundException', `Key '${keyArn(call, keyId!)}' does not exist`);
  call.audit.key = key.arn;
  return key;
}

function authorize(call: KmsCall, action: string, key: KeyRecord | undefined, context: Record<string, string | undefined> = {}, resource?: string): void {
  const request = { caller: call.caller, action, resource: resource ?? key?.arn ?? '*', context };
  if (!isAllowed(key?.policy, call.caller.identityPolicies, request)) {
    const why = key ? 'because no resource-based policy allows the ' + action + ' action' : 'because no identity-based policy allows the ' + action + ' action';
    throw new AwsError(
      'AccessDeniedException',
      `User: ${call.caller.arn} is not authorized to perform: ${action} on resource: ${request.resource} ${why}`,
    );
  }
}

function requireEnabled(key: KeyRecord): void {
  if (key.state === 'Disabled') throw new AwsError('DisabledException', `${key.arn} is disabled.`);
  if (key.state === 'PendingDeletion') throw new AwsError('KMSInvalidStateException', `${key.arn} is pending deletion.`);
}

function requireUsage(key: KeyRecord, usage: KeyUsage, operation: string): void {
  if (key.usage !== usage) {
    throw new AwsError('InvalidKeyUsageException', `You cannot perform this operation on a ${key.usage} key. ${operation} needs a ${usage} key: ${key.arn}`);
  }
}

function keyMetadata(call: KmsCall, key: KeyRecord): object {
  return {
    AWSAccountId: call.store.state.accountId,
    KeyId: key.keyId,
    Arn: key.arn,
    CreationDate: key.createdAt / 1000,
    Enabled: key.state === 'Enabled',
    Description: key.description,
    KeyUsage: key.usage,
    KeyState: key.state,
    ...(key.deletionDate !== undefined ? { DeletionDate: key.deletionDate / 1000 } : {}),
    Origin: 'AWS_KMS',
    KeyManager: 'CUSTOMER',
    CustomerMasterKeySpec: key.spec,
    KeySpec: key.spec,
    ...(key.usage === 'ENCRYPT_DECRYPT' ? { EncryptionAlgorithms: encryptionAlgorithms(key.spec) } : {}),
    ...(key.usage === 'SIGN_VERIFY' ? { SigningAlgorithms: signingAlgorithms(key.spec) } : {}),
    MultiRegion: false,
  };
}

/** Refuses a policy that would stop the caller from changing it again, as KMS does. */
function checkLockout(call: KmsCall, policy: string, resource: string, bypass: unknown): void {
  parsePolicy(policy, true);
  if (bypass === true) return;
  const request = { caller: call.caller, action: 'kms:PutKeyPolicy', resource, context: {} };
  if (!isAllowed(policy, call.caller.identityPolicies, request)) {
    throw new AwsError(
      'MalformedPolicyDocumentException',
      'The new key policy will not allow you to update the key policy in the future.',
    );
  }
}

function signingInputs(input: Input, key: KeyRecord): { algorithm: string; mHash: Buffer; messageType: string } {
  const message = blob(input, 'Message');
  lengthBetween('Message', message, 1, MAX_MESSAGE);
  const messageType = oneOf('MessageType', str(input, 'MessageType'), ['RAW', 'DIGEST', 'EXTERNAL_MU'] as const) ?? 'RAW';
  const algorithm = str(input, 'SigningAlgorithm', true);
  if (!signingAlgorithms(key.spec).includes(algorithm)) {
    throw new AwsError('InvalidKeyUsageException', `Signing algorithm ${algorithm} is not valid for ${key.arn}. It supports ${signingAlgorithms(key.spec).join(', ')}.`);
  }
  if (messageType === 'EXTERNAL_MU') throw new AwsError('InvalidKeyUsageException', 'EXTERNAL_MU is only valid for ML-DSA keys.');
  if (messageType === 'DIGEST') {
    const { length } = hashOf(algorithm);
    if (message.length !== length) throw new AwsError('ValidationException', `Digest is invalid length for algorithm ${algorithm}.`);
    return { algorithm, mHash: message, messageType };
  }
  return { algorithm, mHash: digest(algorithm, message), messageType };
}

function asymmetricEncryptionAlgorithm(input: Input, key: KeyRecord): string {
  const algorithm = str(input, 'EncryptionAlgorithm') ?? 'SYMMETRIC_DEFAULT';
  if (!encryptionAlgorithms(key.spec).includes(algorithm)) {
    throw new AwsError('InvalidKeyUsageException', `Encryption algorithm ${algorithm} is not valid for ${key.arn}. It supports ${encryptionAlgorithms(key.spec).join(', ')}.`);
  }
  return algorithm;
}

// ---- operations --------------------------------------------------------------------

const SPECS = ['SYMMETRIC_DEFAULT', 'RSA_2048', 'RSA_3072', 'RSA_4096', 'ECC_NIST_P256', 'ECC_NIST_P384', 'ECC_NIST_P521', 'ECC_SECG_P256K1'] as const;
const UNSUPPORTED_SPECS = ['HMAC_224', 'HMAC_256', 'HMAC_384', 'HMAC_512', 'SM2', 'ML_DSA_44', 'ML_DSA_65', 'ML_DSA_87', 'ECC_NIST_EDWARDS25519'];

export const KMS_OPERATIONS: Record<string, Handler> = {
  async CreateKey(input, call) {
    authorize(call, 'kms:CreateKey', undefined);
    const requested = str(input, 'KeySpec') ?? str(input, 'CustomerMasterKeySpec') ?? 'SYMMETRIC_DEFAULT';
    if (UNSUPPORTED_SPECS.includes(requested)) throw new AwsError('UnsupportedOperationException', `The sandbox does not support ${requested} keys.`);
    const spec = oneOf('KeySpec', requested, SPECS)!;
    const usage = oneOf('KeyUsage', str(input, 'KeyUsage'), ['ENCRYPT_DECRYPT', 'SIGN_VERIFY', 'GENERATE_VERIFY_MAC', 'KEY_AGREEMENT'] as const) ?? 'ENCRYPT_DECRYPT';
    if (!(KEY_USAGES[spec] as string[]).includes(usage)) {
      throw new AwsError('ValidationException', `KeyUsage ${usage} is not compatible with KeySpec ${spec}.`);
    }
    const origin = str(input, 'Origin') ?? 'AWS_KMS';
    if (origin !== 'AWS_KMS') throw new AwsError('UnsupportedOperationException', `The sandbox only creates keys with origin AWS_KMS, not ${origin}.`);
    const description = str(input, 'Description') ?? '';
    if (description.length > 8192) throw validationError('description', 'Member must have length less than or equal to 8192', '[long]');
    const keyId = newKeyId();
    const arn = keyArn(call, keyId);
    const policy = str(input, 'Policy') ?? defaultKeyPolicy(call.store.state.accountId);
    checkLockout(call, policy, arn, input.BypassPolicyLockoutSafetyCheck);
    const material = await generateKeyMaterial(spec);
    const key: KeyRecord = { keyId, arn, spec, usage: usage as KeyUsage, description, createdAt: Date.now(), state: 'Enabled', policy, ...material };
    call.store.state.keys[keyId] = key;
    call.audit.key = arn;
    await call.store.commit();
    return { KeyMetadata: keyMetadata(call, key) };
  },

  DescribeKey(input, call) {
    const key = resolveKey(call, str(input, 'KeyId', true));
    authorize(call, 'kms:DescribeKey', key);
    return { KeyMetadata: keyMetadata(call, key) };
  },

  ListKeys(input, call) {
    authorize(call, 'kms:ListKeys', undefined);
    const keys = Object.values(call.store.state.keys)
      .filter((k) => purgeIfDeleted(call, k) !== undefined)
      .sort((a, b) => a.createdAt - b.createdAt || a.keyId.localeCompare(b.keyId));
    const { items, ...rest } = page(keys, input);
    return { Keys: items.map((k) => ({ KeyId: k.keyId, KeyArn: k.arn })), ...rest };
  },

  async CreateAlias(input, call) {
    const name = str(input, 'AliasName', true);
    if (name.length > 256 || !ALIAS_NAME.test(name)) {
      throw validationError('aliasName', 'Member must satisfy regular expression pattern: ^alias/[a-zA-Z0-9/_-]+$', name);
    }
    if (name.startsWith('alias/aws/')) throw new AwsError('NotFoundException', 'Alias names that begin with alias/aws/ are reserved for AWS managed keys.');
    const key = resolveKey(call, str(input, 'TargetKeyId', true), { aliases: false });
    authorize(call, 'kms:CreateAlias', undefined, {}, aliasArn(call, name));
    authorize(call, 'kms:CreateAlias', key);
    if (key.state === 'PendingDeletion') throw new AwsError('KMSInvalidStateException', `${key.arn} is pending deletion.`);
    if (call.store.state.aliases[name]) throw new AwsError('AlreadyExistsException', `An alias with the name ${aliasArn(call, name)} already exists`);
    const now = Date.now();
    call.store.state.aliases[name] = { name, targetKeyId: key.keyId, createdAt: now, updatedAt: now };
    await call.store.commit();
    return {};
  },

  async DeleteAlias(input, call) {
    const name = str(input, 'AliasName', true);
    const alias = call.store.state.aliases[name];
    if (!alias) throw new AwsError('NotFoundException', `Alias ${aliasArn(call, name)} is not found.`);
    const key = call.store.state.keys[alias.targetKeyId];
    authorize(call, 'kms:DeleteAlias', undefined, {}, aliasArn(call, name));
    if (key) authorize(call, 'kms:DeleteAlias', key);
    delete call.store.state.aliases[name];
    await call.store.commit();
    return {};
  },

  ListAliases(input, call) {
    authorize(call, 'kms:ListAliases', undefined);
    const keyIdInput = str(input, 'KeyId');
    const filterKey = keyIdInput === undefined ? undefined : resolveKey(call, keyIdInput, { aliases: false });
    const aliases = Object.values(call.store.state.aliases)
      .filter((a) => filterKey === undefined || a.targetKeyId === filterKey.keyId)
      .sort((a, b) => a.name.localeCompare(b.name));
    const { items, ...rest } = page(aliases, input);
    return {
      Aliases: items.map((a) => ({
        AliasName: a.name,
        AliasArn: aliasArn(call, a.name),
        TargetKeyId: a.targetKeyId,
        CreationDate: a.createdAt / 1000,
        LastUpdatedDate: a.updatedAt / 1000,
      })),
      ...rest,
    };
  },

  GetPublicKey(input, call) {
    const key = resolveKey(call, str(input, 'KeyId', true));
    authorize(call, 'kms:GetPublicKey', key);
    requireEnabled(key);
    if (key.spec === 'SYMMETRIC_DEFAULT') throw new AwsError('UnsupportedOperationException', `${key.arn} is a symmetric key; it has no public key.`);
    return {
      KeyId: key.arn,
      PublicKey: publicKeyDer(key).toString('base64'),
      CustomerMasterKeySpec: key.spec,
      KeySpec: key.spec,
      KeyUsage: key.usage,
      ...(key.usage === 'ENCRYPT_DECRYPT' ? { EncryptionAlgorithms: encryptionAlgorithms(key.spec) } : { SigningAlgorithms: signingAlgorithms(key.spec) }),
    };
  },

  Sign(input, call) {
    const key = resolveKey(call, str(input, 'KeyId', true));
    authorize(call, 'kms:Sign', key, { 'kms:signingalgorithm': str(input, 'SigningAlgorithm'), 'kms:messagetype': str(input, 'MessageType') ?? 'RAW' });
    requireEnabled(key);
    requireUsage(key, 'SIGN_VERIFY', 'Sign');
    const { algorithm, mHash } = signingInputs(input, key);
    return { KeyId: key.arn, Signature: signDigest(key, algorithm, mHash).toString('base64'), SigningAlgorithm: algorithm };
  },

  Verify(input, call) {
    const key = resolveKey(call, str(input, 'KeyId', true));
    authorize(call, 'kms:Verify', key, { 'kms:signingalgorithm': str(input, 'SigningAlgorithm'), 'kms:messagetype': str(input, 'MessageType') ?? 'RAW' });
    requireEnabled(key);
    requireUsage(key, 'SIGN_VERIFY', 'Verify');
    const { algorithm, mHash } = signingInputs(input, key);
    const signature = blob(input, 'Signature');
    lengthBetween('Signature', signature, 1, 6144);
    if (!verifyDigest(key, algorithm, mHash, signature)) {
      throw new AwsError('KMSInvalidSignatureException', 'The signature is not valid for this message, key and algorithm.');
    }
    return { KeyId: key.arn, SignatureValid: true, SigningAlgorithm: algorithm };
  },

  Encrypt(input, call) {
    const key = resolveKey(call, str(input, 'KeyId', true));
    authorize(call, 'kms:Encrypt', key, { 'kms:encryptionalgorithm': str(input, 'EncryptionAlgorithm') ?? 'SYMMETRIC_DEFAULT' });
    requireEnabled(key);
    requireUsage(key, 'ENCRYPT_DECRYPT', 'Encrypt');
    const plaintext = blob(input, 'Plaintext');
    lengthBetween('Plaintext', plaintext, 1, MAX_MESSAGE);
    const algorithm = asymmetricEncryptionAlgorithm(input, key);
    const context = encryptionContext(input);
    if (algorithm === 'SYMMETRIC_DEFAULT') {
      return { KeyId: key.arn, CiphertextBlob: symmetricEncrypt(key, plaintext, context).toString('base64'), EncryptionAlgorithm: algorithm };
    }
    if (context !== undefined) throw new AwsError('ValidationException', 'EncryptionContext is not supported with asymmetric KMS keys.');
    const max = maxOaepPlaintext(key.spec, algorithm);
    if (plaintext.length > max) {
      throw new AwsError('ValidationException', `Plaintext is too long: ${algorithm} with ${key.spec} takes at most ${max} bytes.`);
    }
    return { KeyId: key.arn, CiphertextBlob: rsaEncrypt(key, algorithm, plaintext).toString('base64'), EncryptionAlgorithm: algorithm };
  },

  Decrypt(input, call) {
    const ciphertext = blob(input, 'CiphertextBlob');
    lengthBetween('CiphertextBlob', ciphertext, 1, 6144);
    const keyIdInput = str(input, 'KeyId');
    const algorithmInput = str(input, 'EncryptionAlgorithm') ?? 'SYMMETRIC_DEFAULT';
    let key: KeyRecord;
    if (algorithmInput === 'SYMMETRIC_DEFAULT') {
      const named = symmetricBlobKeyId(ciphertext);
      if (named === undefined) throw new AwsError('InvalidCiphertextException', 'The ciphertext is not valid.');
      key = resolveKey(call, named);
      if (keyIdInput !== undefined && resolveKey(call, keyIdInput).keyId !== key.keyId) {
        throw new AwsError('IncorrectKeyException', 'The key ID in the request does not identify the KMS key that encrypted the ciphertext.');
      }
    } else {
      if (keyIdInput === undefined) throw new AwsError('ValidationException', 'KeyId is required to decrypt with an asymmetric KMS key.');
      key = resolveKey(call, keyIdInput);
    }
    authorize(call, 'kms:Decrypt', key, { 'kms:encryptionalgorithm': algorithmInput });
    requireEnabled(key);
    requireUsage(key, 'ENCRYPT_DECRYPT', 'Decrypt');
    const algorithm = asymmetricEncryptionAlgorithm({ EncryptionAlgorithm: algorithmInput }, key);
    const plaintext =
      algorithm === 'SYMMETRIC_DEFAULT'
        ? symmetricDecrypt(key, ciphertext, encryptionContext(input))
        : rsaDecrypt(key, algorithm, ciphertext);
    if (plaintext === undefined) throw new AwsError('InvalidCiphertextException', 'The ciphertext is not valid for this key, algorithm and encryption context.');
    return { KeyId: key.arn, Plaintext: plaintext.toString('base64'), EncryptionAlgorithm: algorithm };
  },

  GenerateDataKey(input, call) {
    const key = resolveKey(call, str(input, 'KeyId', true));
    authorize(call, 'kms:GenerateDataKey', key);
    requireEnabled(key);
    if (key.spec !== 'SYMMETRIC_DEFAULT') throw new AwsError('InvalidKeyUsageException', `GenerateDataKey needs a symmetric key; ${key.arn} is ${key.spec}.`);
    const spec = oneOf('KeySpec', str(input, 'KeySpec'), ['AES_256', 'AES_128'] as const);
    const count = input.NumberOfBytes;
    if ((spec === undefined) === (count === undefined)) {
      throw new AwsError('ValidationException', 'Specify either KeySpec or NumberOfBytes, but not both.');
    }
    const bytes = spec === 'AES_128' ? 16 : spec === 'AES_256' ? 32 : Number(count);
    if (!Number.isInteger(bytes) || bytes < 1 || bytes > 1024) throw validationError('numberOfBytes', 'Member must have value between 1 and 1024', count);
    const plaintext = randomBytes(bytes);
    return {
      KeyId: key.arn,
      Plaintext: plaintext.toString('base64'),
      CiphertextBlob: symmetricEncrypt(key, plaintext, encryptionContext(input)).toString('base64'),
    };
  },

  async EnableKey(input, call) {
    const key = resolveKey(call, str(input, 'KeyId', true), { aliases: false });
    authorize(call, 'kms:EnableKey', key);
    if (key.state === 'PendingDeletion') throw new AwsError('KMSInvalidStateException', `${key.arn} is pending deletion.`);
    key.state = 'Enabled';
    await call.store.commit();
    return {};
  },

  async DisableKey(input, call) {
    const key = resolveKey(call, str(input, 'KeyId', true), { aliases: false });
    authorize(call, 'kms:DisableKey', key);
    if (key.state === 'PendingDeletion') throw new AwsError('KMSInvalidStateException', `${key.arn} is pending deletion.`);
    key.state = 'Disabled';
    await call.store.commit();
    return {};
  },

  async ScheduleKeyDeletion(input, call) {
    const key = resolveKey(call, str(input, 'KeyId', true), { aliases: false });
    authorize(call, 'kms:ScheduleKeyDeletion', key);
    if (key.state === 'PendingDeletion') throw new AwsError('KMSInvalidStateException', `${key.arn} is pending deletion.`);
    const days = input.PendingWindowInDays === undefined ? 30 : Number(input.PendingWindowInDays);
    if (!Number.isInteger(days) || days < 7 || days > 30) throw validationError('pendingWindowInDays', 'Member must have value between 7 and 30', input.PendingWindowInDays);
    key.state = 'PendingDeletion';
    key.deletionDate = call.store.now() + days * 86_400_000;
    await call.store.commit();
    return { KeyId: key.arn, DeletionDate: key.deletionDate / 1000, KeyState: key.state, PendingWindowInDays: days };
  },

  async CancelKeyDeletion(input, call) {
    const key = resolveKey(call, str(input, 'KeyId', true), { aliases: false });
    authorize(call, 'kms:CancelKeyDeletion', key);
    if (key.state !== 'PendingDeletion') throw new AwsError('KMSInvalidStateException', `${key.arn} is not pending deletion.`);
    key.state = 'Disabled';
    delete key.deletionDate;
    await call.store.commit();
    return { KeyId: key.arn };
  },

  GetKeyPolicy(input, call) {
    const key = resolveKey(call, str(input, 'KeyId', true), { aliases: false });
    authorize(call, 'kms:GetKeyPolicy', key);
    const name = str(input, 'PolicyName') ?? 'default';
    if (name !== 'default') throw new AwsError('NotFoundException', `No such policy: ${name}. The only key policy name is "default".`);
    return { Policy: key.policy, PolicyName: 'default' };
  },

  async PutKeyPolicy(input, call) {
    const key = resolveKey(call, str(input, 'KeyId', true), { aliases: false });
    authorize(call, 'kms:PutKeyPolicy', key);
    const name = str(input, 'PolicyName') ?? 'default';
    if (name !== 'default') throw new AwsError('NotFoundException', `No such policy: ${name}. The only key policy name is "default".`);
    const policy = str(input, 'Policy', true);
    checkLockout(call, policy, key.arn, input.BypassPolicyLockoutSafetyCheck);
    key.policy = policy;
    await call.store.commit();
    return {};
  },
};
