// "Open this": takes receiver access, unwraps the file key through KMS Decrypt with
// the first stanza this person may use, opens and checks everything, and optionally
// writes the evidence folder for the legal team. Once the files are released, what
// follows (the record kept for later checks, the evidence) cannot undo the open: if it
// fails, the open is still reported as opened, with a warning saying what to do.
import { SignetError } from '../../shared/errors.js';
import { openSealed, type OpenResult } from '../engine/open.js';
import type { ProgressListener } from '../engine/progress.js';
import { unwrapFirst, type Unwrapper } from '../engine/recipients.js';
import { asSignetError } from '../fs/ioErrors.js';
import { exists } from '../fs/publish.js';
import { mark } from '../platform/timings.js';
import type { SignetContext } from './context.js';
import { signerKeyLookup } from './learnKeys.js';
import { keepReceipt } from './receipts.js';
import { writeEvidence, type EvidenceWritten } from './writeEvidence.js';
import { openingTrust, trustEvidence, type ProvenSigner } from './trust.js';
import { isCertified, type CheckedSeal } from './verdict.js';

export interface OpenFileRequest {
  input: string;
  destination: string;
  overwrite?: boolean;
  evidence?: string;
  onProgress?: ProgressListener;
  signal?: AbortSignal;
}

/** Unwraps the file key through KMS Decrypt (receiver access) with the first stanza this person may use. */
export function kmsUnwrapper(ctx: SignetContext): Unwrapper {
  return async (stanzas) => {
    const unwrapped = await unwrapFirst(stanzas, (stanza) => ctx.kms.decrypt(stanza.keyArn, stanza.wrappedKey));
    if (unwrapped) return unwrapped;
    const { sessionArn } = await ctx.identity.session('receiver');
    throw new SignetError('NOT_FOR_YOU', undefined, `none of ${stanzas.map((s) => s.keyArn).join(', ')} can be used with ${sessionArn}`);
  };
}

export type Opened = OpenResult<ProvenSigner> & AfterRelease;

interface AfterRelease {
  /** The evidence folder, when one was asked for and written. */
  evidence?: string;
  /** The files are in place, but what is saved after them could not be: what happened and what to do, in a person's words. */
  warning?: string;
  /** With `warning`: the technical cause, for Details. */
  warningDetail?: string;
  /** The evidence folder could not be written: the command that writes it later without opening again (CLI only). */
  evidenceLater?: string;
}

/** Why a step after release failed, in a person's words, and how the sentence that says what to do begins. */
function why(error: unknown): { reason: string; then: string } {
  if (asSignetError(error).code === 'DISK_FULL') return { reason: "there isn't enough space on the disk", then: 'Free some space, then' };
  return { reason: 'it could not be written', then: 'Once that is fixed,' };
}

/** The technical cause of a step that failed after release, for Details. */
const detailOf = (error: unknown): string => {
  const signet = asSignetError(error);
  return `${signet.code}: ${(signet.detail ?? signet.message).split('\n')[0]}`;
};

/** The warning for an open whose record (kept for later checks) or evidence could not be saved. */
function afterReleaseWarning(keptError: unknown, evidenceError: unknown): string | undefined {
  const saved = 'The files are opened, checked and saved';
  if (keptError !== undefined && evidenceError !== undefined) {
    const { reason, then } = why(keptError);
    return `${saved}, but Signet couldn't keep its record of this open or write the evidence folder (${reason}). ${then} open the file again into a new folder to get both.`;
  }
  if (keptError !== undefined) {
    const { reason, then } = why(keptError);
    return `${saved}, but Signet couldn't keep its record of this open (${reason}), so it can't check this file again offline. ${then} open the file again into a new folder if you need that.`;
  }
  if (evidenceError !== undefined) {
    const { reason, then } = why(evidenceError);
    return `${saved}, but the evidence folder couldn't be written (${reason}). ${then} open the file again with evidence to write it.`;
  }
  return undefined;
}

/** Runs a step after release; returns its error instead of throwing it. */
const errorOf = (step: Promise<void>): Promise<unknown> =>
  step.then(
    () => undefined,
    (error: unknown) => error ?? new Error('failed without a reason'),
  );

/**
 * Writes the evidence folder for `checked`; a version 2 seal's includes this computer's
 * root and CRLs. Its report.pdf is signed when the configuration names a report-signing key.
 */
export async function evidenceFor(ctx: SignetContext, dir: string, checked: CheckedSeal): Promise<EvidenceWritten> {
  // Loaded only when evidence is written, like the report's PDF library.
  const { reportSigningFor } = await import('./signReport.js');
  return writeEvidence(dir, checked, isCertified(checked) ? await trustEvidence(ctx) : undefined, reportSigningFor(ctx));
}

/** The warning for evidence written with an unsigned report though the configuration asks for a signed one. */
const REPORT_NOT_SIGNED_WARNING =
  "The evidence folder is written and complete, but its report.pdf is not signed: Signet couldn't use your organisation's report-signing key. The proof (manifest.p7s, VERIFY.txt) does not depend on it; to get a signed report, open the file again with evidence once you are online.";

export async function openFile(ctx: SignetContext, request: OpenFileRequest): Promise<Opened> {
  await ctx.identity.session('receiver');
  mark('receiver session (sign-in chain)');
  if (request.evidence && (await exists(request.evidence))) {
    throw new SignetError('OUTPUT_EXISTS', `${request.evidence} already exists. Choose a new folder for the evidence. Nothing was opened.`);
  }
  const result = await openSealed({
    input: request.input,
    destination: request.destination,
    overwrite: request.overwrite,
    unwrap: kmsUnwrapper(ctx),
    signerKey: signerKeyLookup(ctx, true),
    trust: openingTrust(ctx, true),
    onProgress: request.onProgress,
    signal: request.signal,
  });
  // The files are in place: from here on a failure is a warning, never a refusal.
  const opened: Opened = { ...result };
  const keptError = await errorOf(keepReceipt(ctx.home, request.input, result));
  mark('receipt kept');
  let reportNotSigned: string | undefined;
  const writeEvidenceTo = async (dir: string): Promise<void> => {
    reportNotSigned = (await evidenceFor(ctx, dir, result)).reportNotSigned;
  };
  const evidenceError = request.evidence ? await errorOf(writeEvidenceTo(request.evidence)) : undefined;
  if (request.evidence && evidenceError === undefined) opened.evidence = request.evidence;
  const warning = afterReleaseWarning(keptError, evidenceError);
  if (warning) {
    opened.warning = warning;
    opened.warningDetail = [keptError, evidenceError].filter((error) => error !== undefined).map(detailOf).join('; ');
  }
  if (reportNotSigned !== undefined) {
    opened.warning = [opened.warning, REPORT_NOT_SIGNED_WARNING].filter((text) => text !== undefined).join(' ');
    opened.warningDetail = [opened.warningDetail, `REPORT_NOT_SIGNED: ${reportNotSigned}`].filter((text) => text !== undefined).join('; ');
  }
  // `signet verify FILE --evidence DIR` checks the seal again and writes only the evidence.
  if (request.evidence && evidenceError !== undefined && keptError === undefined) opened.evidenceLater = `signet verify "${request.input}" --evidence "${request.evidence}"`;
  return opened;
}
