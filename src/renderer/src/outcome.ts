// How a failure is shown: two verdicts for authenticity problems (do not trust it,
// can't confirm who sealed it), a calm "not a Signet file", and plain "couldn't do it"
// for the rest. The words come from main (shared/errors.ts); this decides the headline
// and icon, never by colour alone, and drops a headline the message itself starts with
// (reasonOf).
import { ERRORS, type ErrorCode } from '../../shared/errors.js';

export type Tone = 'danger' | 'unknown' | 'problem';

export function outcomeOf(code: string): { tone: Tone; headline: string; icon: string } {
  if (code === 'SIGNER_UNKNOWN') return { tone: 'unknown', headline: "Can't confirm who sealed this", icon: '?' };
  // Not a Signet file is said calmly, not as an alarm (its exit code stays 3 in the CLI).
  if (code === 'NOT_A_SIGNET_FILE') return { tone: 'problem', headline: 'Not a Signet file', icon: 'i' };
  const known = (ERRORS as Record<string, { class: string }>)[code as ErrorCode];
  if (known?.class === 'notAuthentic') return { tone: 'danger', headline: 'Do not trust this file', icon: '✕' };
  return { tone: 'problem', headline: "That didn't work", icon: '!' };
}

/** The sentence under the headline: the message without the headline it may start with. */
export function reasonOf(message: string): string {
  const rest = message.replace(/^(Do not trust this file|Can't confirm who sealed this): /, '');
  return rest.charAt(0).toUpperCase() + rest.slice(1);
}

/** The path an OUTPUT_EXISTS message starts with ("/a/report.pdf.signet already exists. …"), and its name. */
export function takenPath(message: string): { path: string; name: string } | undefined {
  const path = /^(.+) already exists\./s.exec(message)?.[1];
  return path ? { path, name: path.split(/[/\\]/).pop()! } : undefined;
}
