// Learning keys: a public key is taken from the pinned keyring when known, otherwise
// fetched from KMS with the person's role session and pinned (keyring.ts refuses a
// changed key). Checking a seal, a receipt or evidence needs no AWS: the signer's key
// comes from the keyring alone.
import { SignetError, type ErrorCode } from '../../shared/errors.js';
import type { Role } from '../aws/identity.js';
import { publicKeyOf, type PinnedKey } from '../keyring/keyring.js';
import type { SignetContext } from './context.js';
import type { SignerKey, SignerKeyLookup } from '../engine/signature.js';

/** The pinned key for `keyRef`, fetching and pinning it with `role`'s session if this computer doesn't know it. */
export async function learnKey(ctx: SignetContext, role: Role, keyRef: string, changedCode: ErrorCode): Promise<{ key: PinnedKey; fetched: boolean }> {
  const known = ctx.keyring.find(keyRef);
  if (known) return { key: known, fetched: false };
  const info = await ctx.kms.publicKey(role, keyRef);
  return { key: await ctx.keyring.pin(info, keyRef, `KMS GetPublicKey (${role} access)`, changedCode), fetched: true };
}

const isKeyChange = (error: unknown): error is SignetError => error instanceof SignetError && (error.code === 'KEY_CHANGED' || error.code === 'SIGNER_KEY_CHANGED');

/** Fetches every configured key now and pins it; a changed key fails, in words about that key (not about a file). */
export async function refreshKeys(ctx: SignetContext, role: Role): Promise<PinnedKey[]> {
  const refs = [ctx.config.signingKey, ...ctx.config.recipients.map((r) => r.key)];
  const pinned: PinnedKey[] = [];
  for (const ref of refs) {
    const info = await ctx.kms.publicKey(role, ref);
    try {
      pinned.push(await ctx.keyring.pin(info, ref, `KMS GetPublicKey (${role} access)`, ref === ctx.config.signingKey ? 'SIGNER_KEY_CHANGED' : 'KEY_CHANGED'));
    } catch (error) {
      if (!isKeyChange(error)) throw error;
      const next = ref.startsWith('alias/')
        ? `If IT replaced it on purpose, an administrator accepts it with "signet keys accept-rotation ${ref}"; otherwise ask IT before sealing or opening anything with it.`
        : 'Ask IT before sealing or opening anything with it.';
      throw new SignetError(error.code, `${ref} now gives a different key from the one this computer pinned for it, so the keys were not refreshed. ${next}`, error.detail);
    }
  }
  return pinned;
}

/** Why a signer's key could not be fetched that makes its signer unknown here, rather than the check failing. */
const CANNOT_FETCH: readonly ErrorCode[] = ['OFFLINE', 'ACCESS_DENIED', 'KEY_UNAVAILABLE', 'NOT_SIGNED_IN', 'SESSION_EXPIRED', 'NEEDS_RECEIVER_ACCESS'];

/**
 * A signer's key: pinned on this computer, or else (when `online`) fetched with
 * receiver access and pinned. SIGNER_UNKNOWN when it is neither pinned nor fetchable.
 */
export async function signerKey(ctx: SignetContext, keyRef: string, online: boolean): Promise<{ key: PinnedKey; source: 'pinned' | 'fetched' }> {
  const pinned = ctx.keyring.find(keyRef);
  if (pinned) return { key: pinned, source: 'pinned' };
  if (!online) throw new SignetError('SIGNER_UNKNOWN', undefined, `${keyRef} is not pinned on this computer`);
  try {
    const { key } = await learnKey(ctx, 'receiver', keyRef, 'SIGNER_KEY_CHANGED');
    return { key, source: 'fetched' };
  } catch (error) {
    if (error instanceof SignetError && CANNOT_FETCH.includes(error.code)) {
      throw new SignetError('SIGNER_UNKNOWN', undefined, `${keyRef} is not pinned and could not be fetched: ${error.code}`);
    }
    throw error;
  }
}

/**
 * The signer key for version 1 seals, as the engine asks for it: only the key the
 * configuration names as the organisation's (pinned, or fetched when `online`). Any
 * other key is SIGNER_UNKNOWN, however it came to be pinned (docs/TRUST.md, "Version 1 seals").
 */
export function signerKeyLookup(ctx: SignetContext, online: boolean): SignerKeyLookup {
  return async (keyArn): Promise<SignerKey> => {
    const { key, source } = await signerKey(ctx, ctx.config.signingKey, online);
    if (key.keyArn !== keyArn) {
      throw new SignetError(
        'SIGNER_UNKNOWN',
        "Can't confirm who sealed this: it is an older kind of seal made with a key that isn't your organisation's signing key. Ask the sender to seal it again. Nothing from it was saved.",
        `sealed with ${keyArn}; the organisation's signing key is ${key.keyArn}`,
      );
    }
    return { publicKey: publicKeyOf(key), fingerprint: key.fingerprint, source, learnedAt: key.learnedAt };
  };
}

/**
 * An administrator accepts that `alias` now names a new key; the old one stays pinned
 * under its ARN. Refused when the key the alias names now is pinned here with another
 * public key: a KMS key's public key never changes, so that is no rotation.
 */
export async function acceptRotation(ctx: SignetContext, alias: string, role: Role) {
  const info = await ctx.kms.publicKey(role, alias);
  try {
    return await ctx.keyring.acceptRotation(info, alias, `KMS GetPublicKey (${role} access), rotation accepted`);
  } catch (error) {
    if (!isKeyChange(error)) throw error;
    throw new SignetError(
      alias === ctx.config.signingKey ? 'SIGNER_KEY_CHANGED' : 'KEY_CHANGED',
      `${alias} now names ${info.keyArn}, but this computer pinned a different public key for that same key earlier. A KMS key's public key never changes, so this is not a rotation and nothing was accepted — ask IT.`,
      error.detail,
    );
  }
}
