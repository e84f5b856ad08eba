// A new KMS key record with fresh key material, as the demo organisation and the demo
// PKI create them (CreateKey builds its own from the request).
import { newKeyId } from '../core/ids.js';
import type { KeyRecord, KeySpec, KeyUsage } from '../core/state.js';
import { generateKeyMaterial } from './crypto.js';

/** A new KMS key record with fresh key material. */
export async function makeKey(region: string, accountId: string, spec: KeySpec, usage: KeyUsage, description: string, policy: string): Promise<KeyRecord> {
  const keyId = newKeyId();
  return {
    keyId,
    arn: `arn:aws:kms:${region}:${accountId}:key/${keyId}`,
    spec,
    usage,
    description,
    createdAt: Date.now(),
    state: 'Enabled',
    policy,
    ...(await generateKeyMaterial(spec)),
  };
}
