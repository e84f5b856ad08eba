// "Seal this for Legal" (trust v2, docs/TRUST.md): resolves the recipients by name from
// the organisation's directory, takes sender access, finds the person's own signing
// key and its certificate, checks that certificate and each recipient team's against
// the organisation's root, and seals with one KMS Sign call under the sender's role
// session. A recipient is wrapped for with the key in their certificate, never with
// a key learned any other way. When the configuration names a time-stamping authority
// (trust.timestamps), the seal carries its trusted timestamp over the signature; if
// none can be had, or it does not check out against the root, nothing is sealed
// (docs/TRUST.md, "Trusted time").
import { SignetError } from '../../shared/errors.js';
import { personKeyAlias } from '../admin/keyPolicies.js';
import type { ProgressListener } from '../engine/progress.js';
import { pinnedKeyWrapper } from '../engine/recipients.js';
import { seal, type SealRecipient, type SealResult, type Timestamper } from '../engine/seal.js';
import { spkiDer } from '../pki/certificates.js';
import { fetchTimestamp } from '../pki/timestamp.js';
import { mark } from '../platform/timings.js';
import type { TrustStore } from '../trust/trustStore.js';
import type { SignetContext } from './context.js';
import { certify, refreshTrust, revokedError, trustStoreFor, trustedTime, type Certified } from './trust.js';

export interface SealFilesRequest {
  inputs: string[];
  /** Recipient names from the organisation's directory, e.g. ["Legal"]. */
  to: string[];
  output: string;
  overwrite?: boolean;
  onProgress?: ProgressListener;
  signal?: AbortSignal;
}

export function resolveRecipientNames(ctx: SignetContext, names: string[]): { name: string; key: string }[] {
  if (names.length === 0) throw new SignetError('USAGE', `Choose who the file is for: ${ctx.config.recipients.map((r) => r.name).join(', ')}.`);
  return names.map((wanted) => {
    const found = ctx.config.recipients.find((r) => r.name.toLowerCase() === wanted.trim().toLowerCase());
    if (!found) throw new SignetError('UNKNOWN_RECIPIENT', `"${wanted}" isn't in your organisation's directory. Choose from: ${ctx.config.recipients.map((r) => r.name).join(', ')}.`);
    return found;
  });
}

const isKeyArn = (ref: string): boolean => ref.startsWith('arn:') && ref.includes(':key/');

/** The certificate this computer holds for `keyArn`; fetches the published trust file once if it holds none. */
async function certificateFor(ctx: SignetContext, store: TrustStore, keyArn: string, refreshed: { done: boolean }) {
  const known = store.certificateForKey(keyArn);
  if (known || refreshed.done) return known;
  refreshed.done = true;
  await refreshTrust(ctx.config, store).catch(() => undefined);
  return store.certificateForKey(keyArn);
}

/** The person's own key (alias signet/person/NAME) and its checked certificate. */
async function sealerCertificate(ctx: SignetContext, store: TrustStore, userName: string, refreshed: { done: boolean }): Promise<Certified> {
  const own = await ctx.kms.publicKey('sender', personKeyAlias(userName)).catch((error: unknown) => {
    if (error instanceof SignetError && (error.code === 'KEY_UNAVAILABLE' || error.code === 'ACCESS_DENIED')) {
      throw new SignetError('NOT_ENROLLED', undefined, `${personKeyAlias(userName)}: ${error.detail ?? error.code}`);
    }
    throw error;
  });
  const certificate = await certificateFor(ctx, store, own.keyArn, refreshed);
  if (!certificate) throw new SignetError('NOT_ENROLLED', "Your signing certificate isn't on this computer yet, so Signet can't seal in your name. Connect once, or import the trust file from IT.", `no certificate for ${own.keyArn}`);
  if (!spkiDer(certificate).equals(own.spki)) throw new SignetError('CERT_INVALID', undefined, `the certificate for ${own.keyArn} is for another public key than KMS holds`);
  const certified = await certify(store, certificate, [], 'signing');
  if (certified.revocation.state === 'revoked') {
    throw new SignetError('CERT_REVOKED', 'Your organisation has revoked your signing certificate, so Signet will not seal in your name. Ask IT.', revokedError(certified.revocation, 'your').detail);
  }
  return certified;
}

/** A recipient team's checked certificate: it names the team and certifies the key the configuration names. */
async function recipientCertificate(ctx: SignetContext, store: TrustStore, recipient: { name: string; key: string }, refreshed: { done: boolean }): Promise<Certified> {
  const keyArn = isKeyArn(recipient.key) ? recipient.key : (await ctx.kms.publicKey('sender', recipient.key)).keyArn;
  const certificate = await certificateFor(ctx, store, keyArn, refreshed);
  const refuse = (code: 'CERT_UNTRUSTED' | 'CERT_REVOKED' | 'CERT_WRONG_USAGE', why: string): SignetError =>
    new SignetError(code, `Signet can't seal for ${recipient.name}: ${why}. Nothing was sealed — ask IT.`, `${recipient.name} (${keyArn}): ${why}`);
  if (!certificate) throw refuse('CERT_UNTRUSTED', "this computer has no certificate for their key (import the current trust file from IT)");
  const certified = await certify(store, certificate, [], 'encryption').catch((error: unknown) => {
    if (error instanceof SignetError) throw new SignetError(error.code, `Signet can't seal for ${recipient.name}: their certificate is not valid. Nothing was sealed — ask IT.`, error.detail);
    throw error;
  });
  if (certified.revocation.state === 'revoked') throw refuse('CERT_REVOKED', 'their certificate has been revoked');
  if (certified.identity.kind !== 'team' || certified.identity.displayName !== recipient.name) throw refuse('CERT_WRONG_USAGE', `their key's certificate names "${certified.identity.displayName}", not ${recipient.name}`);
  return certified;
}

/** Asks the configured TSA for a token over the signature and checks it as opening will; every failure is TIMESTAMP_UNAVAILABLE. */
function timestamper(url: string, store: TrustStore): Timestamper {
  return async (signature) => {
    const token = await fetchTimestamp(url, signature);
    await trustedTime(store, token, signature).catch((error: unknown) => {
      if (error instanceof SignetError) throw new SignetError('TIMESTAMP_UNAVAILABLE', undefined, `${url} answered with a timestamp Signet would not accept: ${error.detail ?? error.message}`);
      throw error;
    });
    return token;
  };
}

export async function sealFiles(ctx: SignetContext, request: SealFilesRequest): Promise<SealResult> {
  const chosen = resolveRecipientNames(ctx, request.to);
  const store = await trustStoreFor(ctx.config, ctx.home);
  const session = await ctx.identity.session('sender');
  mark('sender session (sign-in chain)');
  const refreshed = { done: false };
  const sealer = await sealerCertificate(ctx, store, session.sourceIdentity, refreshed);
  const recipients: SealRecipient[] = [];
  for (const r of chosen) {
    const certified = await recipientCertificate(ctx, store, r, refreshed);
    recipients.push({ name: r.name, keyArn: certified.identity.keyArn, certificateSha256: certified.certificateSha256, wrap: pinnedKeyWrapper(certified.publicKey) });
  }
  mark('signing and recipient keys');
  const keyArn = sealer.identity.keyArn;
  return seal({
    inputs: request.inputs,
    recipients,
    output: request.output,
    overwrite: request.overwrite,
    signer: { keyArn, sessionArn: session.sessionArn, sourceIdentity: session.sourceIdentity, accountId: session.accountId, certificates: sealer.chainDer },
    sign: (digest) => ctx.kms.sign(keyArn, digest),
    timestamp: ctx.config.trust?.timestamps === undefined ? undefined : timestamper(ctx.config.trust.timestamps, store),
    onProgress: request.onProgress,
    signal: request.signal,
  });
}
