// How a result is shown. A seal that checked out shows one of three verdict states
// (docs/TRUST.md, "Verdicts"), each with its own icon, headline and tone; a failure is
// one of two verdicts for authenticity problems (do not trust it, can't confirm who
// sealed it), a calm "not a Signet file" or "incomplete file", a plain headline for enrolment and trust
// files, and "couldn't do it" for the rest. This decides the headline and icon, never by
// colour alone, in the window's language (i18n/); the sentence under it is main's own
// message in English (dropping a headline it starts with, reasonOf), and in another
// language the catalogue's words for its code (reasonFor).
import { ERRORS, type ErrorCode } from '../../shared/errors.js';
import type { VerdictState } from '../../shared/ipc.js';
import { inEnglish, t } from './i18n/index.js';

export type Tone = 'ok' | 'danger' | 'unknown' | 'claimed' | 'problem';

export interface Look {
  tone: Tone;
  headline: string;
  icon: string;
}

/** The look of each verdict: only `authentic` is the green tick. */
export function verdictLook(verdict: VerdictState): Look {
  switch (verdict) {
    case 'authentic':
      return { tone: 'ok', headline: t.authentic, icon: '✓' };
    case 'revocation-unknown':
      return { tone: 'unknown', headline: t.cantConfirmYet, icon: '?' };
    case 'claimed-name':
      return { tone: 'claimed', headline: t.madeWithOrganisationKey, icon: 'i' };
  }
}

/** What was being done when it failed: a certificate problem while sealing is not about a file to distrust. */
export type During = 'Sealing' | 'Opening';

const CANT_CONFIRM: readonly string[] = ['SIGNER_UNKNOWN', 'CERT_UNTRUSTED'] satisfies ErrorCode[];

/** The refusals that name what they are about ("Do not trust these documents: …", "Do not trust message.json: …"): in English, their headline is their own. */
const OWN_HEADLINE = /^(Do not trust [^:]+|Can't confirm who sealed this|Can't confirm whose key this is): /;

export function outcomeOf(code: string, during?: During, message = ''): Look {
  if (code === 'NOT_ENROLLED') return { tone: 'problem', headline: t.askItToEnrolYou, icon: '!' };
  if (code === 'TRUST_FILE_INVALID' || code === 'TRUST_FILE_STALE') return { tone: 'problem', headline: t.trustFileNotImported, icon: '!' };
  // Not a Signet file is said calmly, not as an alarm (its exit code stays 3 in the CLI).
  if (code === 'NOT_A_SIGNET_FILE') return { tone: 'problem', headline: t.notASignetFile, icon: 'i' };
  // A file cut short is not an alarm either: fetching it again is the whole remedy.
  if (code === 'TRUNCATED') return { tone: 'problem', headline: t.incompleteFile, icon: 'i' };
  const known = (ERRORS as Record<string, { class: string }>)[code as ErrorCode];
  if (during === 'Sealing' && known?.class === 'notAuthentic') return { tone: 'danger', headline: t.notSealed, icon: '✕' };
  if (code === 'REVOCATION_UNKNOWN') return { tone: 'unknown', headline: t.cantConfirmYet, icon: '?' };
  if (CANT_CONFIRM.includes(code)) return { tone: 'unknown', headline: t.cantConfirmWhoSealed, icon: '?' };
  if (known?.class === 'notAuthentic') return { tone: 'danger', headline: (inEnglish ? OWN_HEADLINE.exec(message)?.[1] : undefined) ?? t.doNotTrustThisFile, icon: '✕' };
  return { tone: 'problem', headline: t.thatDidntWork, icon: '!' };
}

/** What an import of a trust file added: "2 new certificates and 1 new revocation list". */
export function importedCounts(imported: { certificates: number; crls: number }): string {
  return t.newCounts(imported.certificates, imported.crls);
}

/**
 * The sentence under a failure's headline. In English, main's own message (reasonOf),
 * which may name the file, the documents or the date it is about. In another language,
 * the catalogue's words for the code, and main's message as `mainSaid` (for Details)
 * when it says more than the code's usual words; `windowsOwn` messages are the window's
 * own words, already in its language.
 */
export function reasonFor(code: string, message: string, windowsOwn = false): { reason: string; mainSaid?: string } {
  const words = (t.errors as Record<string, string | undefined>)[code];
  if (inEnglish || windowsOwn || !words) return { reason: reasonOf(message) };
  const usual = (ERRORS as Record<string, { message: string }>)[code]?.message;
  return { reason: words, mainSaid: message === usual ? undefined : message };
}

/** The sentence under the headline: the message without the headline it may start with. */
export function reasonOf(message: string): string {
  const rest = message.replace(OWN_HEADLINE, '');
  return rest.charAt(0).toUpperCase() + rest.slice(1);
}

/** The path an OUTPUT_EXISTS message starts with ("/a/report.pdf.signet already exists. …"), and its name. */
export function takenPath(message: string): { path: string; name: string } | undefined {
  const path = /^(.+) already exists\./s.exec(message)?.[1];
  return path ? { path, name: path.split(/[/\\]/).pop()! } : undefined;
}

/** Now, as ISO 8601 UTC: when a failure happened. */
export const nowUtc = (): string => new Date().toISOString();

/**
 * The plain-text block "Copy details for IT" puts on the clipboard: what failed and
 * where, the stable code, the words the person saw, the technical cause (a changed
 * key's fingerprints among them), when, and which Signet.
 */
export function detailsForIt(failure: { headline: string; code: string; message: string; file?: string; detail?: string; at: string; version: string }): string {
  return [
    `Signet: ${failure.headline}`,
    `${t.file}: ${failure.file ?? t.forItNone}`,
    `${t.code}: ${failure.code}`,
    `${t.forItMessage}: ${failure.message}`,
    ...(failure.detail ? [`${t.forItDetail}: ${failure.detail}`] : []),
    `${t.forItTime}: ${failure.at}`,
    `${t.signetVersion}: ${failure.version}`,
  ].join('\n');
}
