// "Open this": takes receiver access, unwraps the file key through KMS Decrypt with
// the first stanza this person may use, opens and checks everything, and optionally
// writes the evidence folder for the legal team.
import { SignetError } from '../../shared/errors.js';
import { mark } from '../platform/timings.js';
import { kmsClientFor } from '../aws/clients.js';
import { unwrapFileKey } from '../aws/kmsKeys.js';
import type { SignetContext } from './context.js';
import { writeEvidence } from './evidence.js';
import { keepOpened } from './openedSeals.js';
import { signerKeyLookup } from './keys.js';
import { openSealed, type OpenResult, type Unwrapper } from './open.js';
import type { ProgressListener } from './progress.js';

export interface OpenForRequest {
  input: string;
  destination: string;
  overwrite?: boolean;
  evidence?: string;
  onProgress?: ProgressListener;
  signal?: AbortSignal;
}

export function kmsUnwrapper(ctx: SignetContext): Unwrapper {
  return (stanzas) =>
    ctx.identity.withSession('receiver', async (session) => {
      const kms = kmsClientFor(ctx.config, session.credentials);
      for (const stanza of stanzas) {
        try {
          const fileKey = await unwrapFileKey(kms, stanza.keyArn, stanza.wrappedKey);
          if (fileKey) return { fileKey, stanza };
        } catch (error) {
          // A stanza for a key that is gone or disabled is simply not one this person can use.
          if (error instanceof SignetError && error.code === 'KEY_UNAVAILABLE') continue;
          throw error;
        }
      }
      throw new SignetError('NOT_FOR_YOU', undefined, `none of ${stanzas.map((s) => s.keyArn).join(', ')} can be used with ${session.sessionArn}`);
    });
}

export async function openFor(ctx: SignetContext, request: OpenForRequest): Promise<OpenResult> {
  await ctx.identity.session('receiver');
  mark('receiver session (sign-in chain)');
  const result = await openSealed({
    input: request.input,
    destination: request.destination,
    ...(request.overwrite !== undefined ? { overwrite: request.overwrite } : {}),
    unwrap: kmsUnwrapper(ctx),
    signerKey: signerKeyLookup(ctx, true),
    ...(request.onProgress ? { onProgress: request.onProgress } : {}),
    ...(request.signal ? { signal: request.signal } : {}),
  });
  await keepOpened(ctx.home, request.input, result);
  mark('kept for later verify');
  if (request.evidence) await writeEvidence(request.evidence, result);
  return result;
}
