// What `signet admin doctor` reports: one finding per problem, each saying in plain
// words what is wrong and how to fix it, and how serious it is — `unsafe` when the
// deployment lets someone do what the design forbids (a sender who can Decrypt, a
// revoked certificate still in use), `missing` when something Signet needs is absent
// or not allowed. The command's exit code follows from the worst finding.

export type Severity = 'unsafe' | 'missing';

export interface Finding {
  /** A stable name for the problem, for scripts: "team-key-sender-decrypts", "crl-stale", … */
  check: string;
  severity: Severity;
  /** What the finding is about: an alias, a role or certificate ARN, a URL. */
  subject: string;
  /** What is wrong, in a sentence. */
  problem: string;
  /** What to do about it, in a sentence. */
  fix: string;
}

/** The most serious finding's severity; undefined when there are none. */
export function worstSeverity(findings: Finding[]): Severity | undefined {
  if (findings.some((f) => f.severity === 'unsafe')) return 'unsafe';
  return findings.length > 0 ? 'missing' : undefined;
}

export const finding = (check: string, severity: Severity, subject: string, problem: string, fix: string): Finding => ({ check, severity, subject, problem, fix });
