// "Seal this for Legal": resolves the recipients by name from the organisation's
// directory, takes sender access, learns (or checks) the signing and recipient keys,
// and seals with one KMS Sign call under the sender's role session.
import { SignetError } from '../../shared/errors.js';
import type { ProgressListener } from '../engine/progress.js';
import { pinnedKeyWrapper } from '../engine/recipients.js';
import { seal, type SealRecipient, type SealResult } from '../engine/seal.js';
import { mark } from '../platform/timings.js';
import { publicKeyOf } from '../keyring/keyring.js';
import type { SignetContext } from './context.js';
import { learnKey } from './learnKeys.js';

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

export async function sealFiles(ctx: SignetContext, request: SealFilesRequest): Promise<SealResult> {
  const chosen = resolveRecipientNames(ctx, request.to);
  const session = await ctx.identity.session('sender');
  mark('sender session (sign-in chain)');
  const signing = await learnKey(ctx, 'sender', ctx.config.signingKey, 'SIGNER_KEY_CHANGED');
  const recipients: SealRecipient[] = [];
  for (const r of chosen) {
    const { key } = await learnKey(ctx, 'sender', r.key, 'KEY_CHANGED');
    recipients.push({ name: r.name, keyArn: key.keyArn, wrap: pinnedKeyWrapper(publicKeyOf(key)) });
  }
  mark('signing and recipient keys');
  return seal({
    inputs: request.inputs,
    recipients,
    output: request.output,
    overwrite: request.overwrite,
    signer: {
      keyArn: signing.key.keyArn,
      publicKeySha256: signing.key.fingerprint,
      sessionArn: session.sessionArn,
      sourceIdentity: session.sourceIdentity,
      accountId: session.accountId,
    },
    sign: (digest) => ctx.kms.sign(signing.key.keyArn, digest),
    onProgress: request.onProgress,
    signal: request.signal,
  });
}
