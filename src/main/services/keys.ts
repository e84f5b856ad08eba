// Learning keys: a public key is taken from the pinned keyring when known, otherwise
// fetched from KMS with the person's role session and pinned (keyring.ts refuses a
// changed key). Opening can also run offline from pinned keys alone.
import { SignetError, type ErrorCode } from '../../shared/errors.js';
import { kmsClientFor } from '../aws/clients.js';
import type { Role } from '../aws/identity.js';
import { fetchPublicKey, signDigest } from '../aws/kmsKeys.js';
import { createTrustBundle } from '../keyring/trustBundle.js';
import { publicKeyOf, type PinnedKey } from '../keyring/keyring.js';
import type { SignetContext } from './context.js';
import type { SignerKey, SignerKeyLookup } from '../engine/signature.js';

/** The pinned key for `keyRef`, fetching and pinning it with `role`'s session if this computer doesn't know it. */
export async function learnKey(ctx: SignetContext, role: Role, keyRef: string, changedCode: ErrorCode): Promise<{ key: PinnedKey; fetched: boolean }> {
  const known = ctx.keyring.find(keyRef);
  if (known) return { key: known, fetched: false };
  const info = await ctx.identity.withSession(role, (session) => fetchPublicKey(kmsClientFor(ctx.config, session.credentials), keyRef));
  return { key: await ctx.keyring.pin(info, keyRef, `KMS GetPublicKey (${role} access)`, changedCode), fetched: true };
}

/** Fetches every configured key now and pins it; a changed key fails. */
export async function refreshKeys(ctx: SignetContext, role: Role): Promise<PinnedKey[]> {
  const refs = [ctx.config.signingKey, ...ctx.config.recipients.map((r) => r.key)];
  const pinned: PinnedKey[] = [];
  for (const ref of refs) {
    const info = await ctx.identity.withSession(role, (session) => fetchPublicKey(kmsClientFor(ctx.config, session.credentials), ref));
    pinned.push(await ctx.keyring.pin(info, ref, `KMS GetPublicKey (${role} access)`, ref === ctx.config.signingKey ? 'SIGNER_KEY_CHANGED' : 'KEY_CHANGED'));
  }
  return pinned;
}

/** Signer keys for opening and verifying: pinned first; else fetched with receiver access when `online`. */
export function signerKeyLookup(ctx: SignetContext, online: boolean): SignerKeyLookup {
  return async (keyArn): Promise<SignerKey> => {
    const pinned = ctx.keyring.find(keyArn);
    if (pinned) return { publicKey: publicKeyOf(pinned), fingerprint: pinned.fingerprint, source: 'pinned', learnedAt: pinned.learnedAt };
    if (!online) throw new SignetError('SIGNER_UNKNOWN', undefined, `no pinned key for ${keyArn}`);
    try {
      const { key } = await learnKey(ctx, 'receiver', keyArn, 'SIGNER_KEY_CHANGED');
      return { publicKey: publicKeyOf(key), fingerprint: key.fingerprint, source: 'fetched', learnedAt: key.learnedAt };
    } catch (error) {
      if (error instanceof SignetError && ['OFFLINE', 'ACCESS_DENIED', 'KEY_UNAVAILABLE', 'NOT_SIGNED_IN', 'SESSION_EXPIRED', 'NEEDS_RECEIVER_ACCESS'].includes(error.code)) {
        throw new SignetError('SIGNER_UNKNOWN', undefined, `${keyArn} is not pinned and could not be fetched: ${error.code}`);
      }
      throw error;
    }
  };
}

/** Exports the pinned keys as a trust bundle signed with the organisation's signing key (sender access). */
export async function exportTrustBundle(ctx: SignetContext): Promise<string> {
  const signing = await learnKey(ctx, 'sender', ctx.config.signingKey, 'SIGNER_KEY_CHANGED');
  const session = await ctx.identity.session('sender');
  return createTrustBundle(
    {
      format: 'signet-trust-bundle/1',
      organisation: ctx.config.organisation,
      exportedAt: new Date().toISOString(),
      exportedBy: session.sessionArn,
      signerKeyArn: signing.key.keyArn,
      signerPublicKey: signing.key.spki,
      keys: ctx.keyring.list(),
    },
    async (digest) => (await ctx.identity.withSession('sender', (s) => signDigest(kmsClientFor(ctx.config, s.credentials), signing.key.keyArn, digest))).signature,
  );
}

/** An administrator accepts that `alias` now names a new key; the old one stays pinned under its ARN. */
export async function acceptRotation(ctx: SignetContext, alias: string, role: Role) {
  const info = await ctx.identity.withSession(role, (session) => fetchPublicKey(kmsClientFor(ctx.config, session.credentials), alias));
  return ctx.keyring.acceptRotation(info, alias, `KMS GetPublicKey (${role} access), rotation accepted`);
}
