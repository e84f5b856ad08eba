// Finding a KMS key as KMS does — by key id, key ARN, alias name or alias ARN — and
// the checks and description every key operation shares: its state, its usage and
// the KeyMetadata KMS returns.
import { AwsError } from '../core/awsError.js';
import type { SignedCall } from '../core/service.js';
import type { KeyRecord, KeyUsage } from '../core/state.js';
import { encryptionAlgorithms, signingAlgorithms } from './crypto.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const regionPrefix = (call: SignedCall): string => `arn:aws:kms:${call.store.state.region}:${call.store.state.accountId}:`;
export const keyArn = (call: SignedCall, keyId: string): string => `${regionPrefix(call)}key/${keyId}`;
export const aliasArn = (call: SignedCall, name: string): string => `${regionPrefix(call)}${name}`;

/**
 * A key pending deletion whose date has passed is gone, as in KMS. The removal is
 * saved with the next commit; until then a restart removes it again, since it follows
 * from the deletion date alone.
 */
export function purgeIfDeleted(call: SignedCall, key: KeyRecord | undefined): KeyRecord | undefined {
  if (key?.state === 'PendingDeletion' && key.deletionDate !== undefined && call.store.now() >= key.deletionDate) {
    const state = call.store.state;
    delete state.keys[key.keyId];
    for (const alias of Object.values(state.aliases)) if (alias.targetKeyId === key.keyId) delete state.aliases[alias.name];
    return undefined;
  }
  return key;
}

/** The key `keyIdInput` names (aliases only when allowed); it becomes the call's resource in the audit log. */
export function resolveKey(call: SignedCall, keyIdInput: string, { aliases = true } = {}): KeyRecord {
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
  call.audit.resource = key.arn;
  return key;
}

export function requireEnabled(key: KeyRecord): void {
  if (key.state === 'Disabled') throw new AwsError('DisabledException', `${key.arn} is disabled.`);
  requireNotPendingDeletion(key);
}

export function requireNotPendingDeletion(key: KeyRecord): void {
  if (key.state === 'PendingDeletion') throw new AwsError('KMSInvalidStateException', `${key.arn} is pending deletion.`);
}

export function requireUsage(key: KeyRecord, usage: KeyUsage, operation: string): void {
  if (key.usage !== usage) {
    throw new AwsError('InvalidKeyUsageException', `You cannot perform this operation on a ${key.usage} key. ${operation} needs a ${usage} key: ${key.arn}`);
  }
}

export function keyMetadata(call: SignedCall, key: KeyRecord): object {
  return {
    AWSAccountId: call.store.state.accountId,
    KeyId: key.keyId,
    Arn: key.arn,
    CreationDate: key.createdAt / 1000,
    Enabled: key.state === 'Enabled',
    Description: key.description,
    KeyUsage: key.usage,
    KeyState: key.state,
    DeletionDate: key.deletionDate === undefined ? undefined : key.deletionDate / 1000,
    Origin: 'AWS_KMS',
    KeyManager: 'CUSTOMER',
    CustomerMasterKeySpec: key.spec,
    KeySpec: key.spec,
    EncryptionAlgorithms: key.usage === 'ENCRYPT_DECRYPT' ? encryptionAlgorithms(key.spec) : undefined,
    SigningAlgorithms: key.usage === 'SIGN_VERIFY' ? signingAlgorithms(key.spec) : undefined,
    MultiRegion: false,
  };
}
