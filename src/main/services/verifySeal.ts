// "Check this sealed file again": decrypts and checks the whole seal exactly as opening
// it does — the header, every chunk, the signature and who made it, the recipient, and
// every file's SHA-256 against the signed manifest — and writes nothing (the engine's
// checkSealed with a sink that only hashes). It needs receiver access: the file key
// comes from KMS Decrypt. Without it, receipts.ts checks only the signature this
// computer kept when it opened the file, and says that the contents were not read.
import { checkSealed, type Checked } from '../engine/open.js';
import type { ProgressListener } from '../engine/progress.js';
import { mark } from '../platform/timings.js';
import type { SignetContext } from './context.js';
import { signerKeyLookup } from './learnKeys.js';
import { kmsUnwrapper } from './openFile.js';
import { openingTrust, type ProvenSigner } from './trust.js';

export interface VerifySealOptions {
  onProgress?: ProgressListener;
  signal?: AbortSignal;
}

/** Checks every byte of the seal at `input` with receiver access; refuses (TAMPERED, BAD_SIGNATURE…) exactly where an open would. */
export async function verifySeal(ctx: SignetContext, input: string, options: VerifySealOptions = {}): Promise<Checked<ProvenSigner>> {
  await ctx.identity.session('receiver');
  mark('receiver session (sign-in chain)');
  return checkSealed({
    input,
    unwrap: kmsUnwrapper(ctx),
    signerKey: signerKeyLookup(ctx, true),
    trust: openingTrust(ctx, true),
    onProgress: options.onProgress,
    signal: options.signal,
  });
}
