// The verdict on a seal that was verified (docs/TRUST.md, "Verdicts"): what it proves,
// as verdict.json in an evidence folder, the report and the CLI's --json output record
// it. Its shape is SealVerdictSchema in src/shared/ipc.ts; the window's view of an
// open is built from it. A version 2 seal names its sender by certificate; a version 1
// seal only by the sender's own claim. The time of sealing is a trusted timestamp's
// when the seal has one, otherwise the sender's own clock.
import type { KeyObject } from 'node:crypto';
import type { SealVerdict } from '../../shared/ipc.js';
import type { Verified, VerifiedV2 } from '../engine/signature.js';
import { spkiFingerprint } from '../keyring/keyring.js';
import type { ProvenSigner } from './trust.js';

/** A seal whose signature checked out: version 1 (the organisation's key) or version 2 (a certified person). */
export type CheckedSeal = Verified | VerifiedV2<ProvenSigner>;

export const isCertified = (checked: CheckedSeal): checked is VerifiedV2<ProvenSigner> => 'certificates' in checked;

/** The key the signature verified with. */
export const signerKeyOf = (checked: CheckedSeal): KeyObject => checked.signer.publicKey;

/** The verdict on `checked`, checked at `checkedAt`. */
export function verdictOf(checked: CheckedSeal, checkedAt = new Date()): SealVerdict {
  const { manifest } = checked;
  const common = {
    format: isCertified(checked) ? 2 : 1,
    sealedAt: manifest.createdAt,
    checkedAt: checkedAt.toISOString(),
    kmsRequestId: checked.signatureBlock.kmsRequestId,
    recipients: manifest.recipients,
    files: manifest.entries.flatMap((e) => (e.type === 'file' ? [{ path: e.path, size: e.size, sha256: e.sha256 }] : [])),
  };
  const claims = { keyArn: manifest.signer.keyArn, sessionArn: manifest.signer.sessionArn, sourceIdentity: manifest.signer.sourceIdentity, accountId: manifest.signer.accountId };
  if (isCertified(checked)) {
    const { identity, certificateSha256, revocation, time, revokedLater } = checked.signer;
    const when = time ? ` at the trusted time ${time.genTime.toISOString()}` : '';
    return {
      ...common,
      timestamp: time && { genTime: time.genTime.toISOString(), authority: time.authority, policy: time.policy, serialNumber: time.serialNumber },
      revokedAfterSealing: revokedLater && { revokedAt: revokedLater.revokedAt.toISOString(), reason: revokedLater.reason },
      verdict: revocation.state === 'good' ? 'authentic' : 'revocation-unknown',
      signer: {
        ...claims,
        fingerprint: spkiFingerprint(checked.signer.publicKey.export({ type: 'spki', format: 'der' })),
        certified: { name: identity.displayName, team: identity.team, email: identity.email, organisation: identity.organisation, certificateSha256 },
      },
      revocationNote: revocation.state === 'unknown' ? revocation.why : undefined,
      checkedWith: `the sender's certificate (SHA-256 ${certificateSha256}), checked${when} against your organisation's root certificate${revocation.state === 'good' ? ' and its current revocation lists' : ''}`,
    };
  }
  const { signer } = checked;
  return {
    ...common,
    verdict: 'claimed-name',
    signer: { ...claims, fingerprint: signer.fingerprint },
    checkedWith: `your organisation's signing key, ${signer.source === 'pinned' ? `pinned on this computer on ${signer.learnedAt}` : `fetched from AWS KMS and pinned on ${signer.learnedAt}`} (a version 1 seal: the sender's name in it is their own claim)`,
  };
}

/**
 * When it was sealed, and on whose word: "Sealed at 2026-11-30T10:45:00Z (trusted
 * timestamp from Example Time-Stamping Authority)", or "… (the sender's own clock)".
 */
export function sealedAtText(verdict: SealVerdict): string {
  if (verdict.timestamp) return `Sealed at ${verdict.timestamp.genTime} (trusted timestamp from ${verdict.timestamp.authority})`;
  return `Sealed at ${verdict.sealedAt} (the sender's own clock)`;
}
