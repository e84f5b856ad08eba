// The verdict on a seal that was verified: what it proves, as verdict.json in an
// evidence folder, the report and the CLI's --json output record it. Its shape is
// SealVerdictSchema in src/shared/ipc.ts; the window's view of an open is built from it.
import type { SealVerdict } from '../../shared/ipc.js';
import type { Verified } from '../engine/signature.js';

/** The verdict on `verified`, checked at `checkedAt`. */
export function verdictOf(verified: Verified, checkedAt = new Date()): SealVerdict {
  const { manifest, signer } = verified;
  return {
    verdict: 'authentic',
    sealedAt: manifest.createdAt,
    checkedAt: checkedAt.toISOString(),
    signer: {
      keyArn: manifest.signer.keyArn,
      fingerprint: signer.fingerprint,
      sessionArn: manifest.signer.sessionArn,
      sourceIdentity: manifest.signer.sourceIdentity,
      accountId: manifest.signer.accountId,
    },
    kmsRequestId: verified.signatureBlock.kmsRequestId,
    recipients: manifest.recipients,
    files: manifest.entries.flatMap((e) => (e.type === 'file' ? [{ path: e.path, size: e.size, sha256: e.sha256 }] : [])),
    checkedWith: signer.source === 'pinned' ? `the signer's key pinned on this computer on ${signer.learnedAt}` : `the signer's key fetched from AWS KMS and pinned on ${signer.learnedAt}`,
  };
}
