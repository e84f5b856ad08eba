// The words a person sees for sizes, progress and verdicts in English, as main and the
// CLI write them. The window says the same things in its own language from its
// catalogue (src/renderer/src/i18n), whose British English matches these.

export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = -1;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${value >= 100 ? value.toFixed(0) : value.toFixed(1)} ${units[unit]}`;
}

/** "Sealing report.pdf — 340 MB of 1.2 GB · 95 MB/s · about 9 s left" */
export function progressLine(verb: string, name: string | undefined, done: number, total: number, elapsedMs: number): string {
  const parts = [`${verb}${name ? ` ${name}` : ''} — ${formatBytes(done)} of ${formatBytes(total)}`];
  if (elapsedMs > 250 && done > 0) {
    const rate = done / (elapsedMs / 1000);
    parts.push(`${formatBytes(rate)}/s`);
    if (total > done) parts.push(`about ${Math.max(1, Math.round((total - done) / rate))} s left`);
  }
  return parts.join(' · ');
}

/** "28 Nov 2026 at 10:42" in the reader's local time. */
export function formatWhen(iso: string, timeZone?: string): string {
  const date = new Date(iso);
  const day = date.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone });
  const time = date.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', timeZone });
  return `${day} at ${time}`;
}

export function authenticHeadline(signer: string, sealedAt: string): string {
  return `Authentic. Sealed by ${signer} on ${formatWhen(sealedAt)} (your time). Nothing has changed since it was sealed.`;
}

/** Who sealed it: the certificate's name and team ("Alice Example, Finance"), or the name a version 1 seal claims. */
export function signerLabel(signer: { certified?: { name: string; team?: string }; sourceIdentity?: string; sessionArn: string }): string {
  if (signer.certified) return signer.certified.team ? `${signer.certified.name}, ${signer.certified.team}` : signer.certified.name;
  return signer.sourceIdentity ?? signer.sessionArn;
}

/** The verdict's first sentences, per state (docs/TRUST.md, "Verdicts"). */
export function verdictHeadline(verdict: 'authentic' | 'revocation-unknown' | 'claimed-name', signer: string, sealedAt: string): string {
  const when = `${formatWhen(sealedAt)} (your time)`;
  switch (verdict) {
    case 'authentic':
      return authenticHeadline(signer, sealedAt);
    case 'revocation-unknown':
      return `Sealed by ${signer} on ${when}, and nothing has changed since — but Signet can't confirm the certificate is still valid: this computer has no current revocation list. Connect once, or import a fresh trust file from IT.`;
    case 'claimed-name':
      return `Sealed with your organisation's key on ${when}, and nothing has changed since. It says it was sealed by ${signer}, but that is the sender's own claim: this older kind of seal can't prove who sealed it.`;
  }
}

/**
 * The first sentences of a check that proved the signature but did not read the sealed
 * files themselves (an evidence folder without its documents, a seal checked offline
 * from what was kept): never "nothing has changed", which it did not see.
 */
export function signatureHeadline(verdict: 'authentic' | 'revocation-unknown' | 'claimed-name', signer: string, sealedAt: string): string {
  const when = `${formatWhen(sealedAt)} (your time)`;
  switch (verdict) {
    case 'authentic':
      return `Authentic signature. Sealed by ${signer} on ${when}.`;
    case 'revocation-unknown':
      return `The signature checks out: sealed by ${signer} on ${when} — but Signet can't confirm the certificate is still valid: this computer has no current revocation list. Connect once, or import a fresh trust file from IT.`;
    case 'claimed-name':
      return `The signature checks out: sealed with your organisation's key on ${when}. It says it was sealed by ${signer}, but that is the sender's own claim: this older kind of seal can't prove who sealed it.`;
  }
}
