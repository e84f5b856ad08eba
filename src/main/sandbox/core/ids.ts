// Identifier shapes as AWS issues them: access key ids (AKIA/ASIA + 16 base-32
// characters), unique ids for users and roles (AIDA/AROA), key ids (UUID) and
// request ids.
import { randomBytes, randomUUID } from 'node:crypto';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function base32(length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  for (const byte of bytes) out += BASE32[byte % 32];
  return out;
}

export const newLongTermAccessKeyId = (): string => `AKIA${base32(16)}`;
export const newTemporaryAccessKeyId = (): string => `ASIA${base32(16)}`;
export const newUserId = (): string => `AIDA${base32(17)}`;
export const newRoleId = (): string => `AROA${base32(17)}`;
export const newSecret = (): string => randomBytes(30).toString('base64');
export const newOpaqueToken = (prefix: string): string => `${prefix}${randomBytes(48).toString('base64url')}`;
export const newKeyId = (): string => randomUUID();
export const newRequestId = (): string => randomUUID();

/** A user code as a person types it: eight letters, no look-alikes, in two groups. */
export function newUserCode(): string {
  const letters = 'BCDFGHJKLMNPQRSTVWXZ';
  const bytes = randomBytes(8);
  let code = '';
  for (let i = 0; i < 8; i++) code += letters[bytes[i]! % letters.length];
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}
