// What the window is told about a finished operation, in the contract's shapes
// (src/shared/ipc.ts), built from what the use cases return.
import type { ResponseOf, VerdictView } from '../../shared/ipc.js';
import type { PinnedKey } from '../keyring/keyring.js';
import type { Opened } from '../services/openFile.js';
import type { ReceiptCheck } from '../services/receipts.js';
import type { RecipeResult } from '../services/recipe.js';
import type { SealResult } from '../engine/seal.js';
import { sealedAtText, verdictOf } from '../services/verdict.js';
import { signerLabel } from '../../shared/words.js';

/** Who sealed it, as a person reads it: their source identity, else the session. */
export const signerOf = (signer: { sourceIdentity?: string; sessionArn: string }): string => signer.sourceIdentity ?? signer.sessionArn;

export function openedView(result: Opened): VerdictView {
  const v = verdictOf(result);
  return {
    verdict: v.verdict,
    signer: signerLabel(v.signer),
    sealedAt: v.sealedAt,
    released: result.released,
    files: v.files,
    details: {
      signerKeyArn: v.signer.keyArn,
      fingerprint: v.signer.fingerprint,
      sessionArn: v.signer.sessionArn,
      sourceIdentity: v.signer.sourceIdentity,
      email: v.signer.certified?.email,
      certificateSha256: v.signer.certified?.certificateSha256,
      revocationNote: v.revocationNote,
      trustedTime: v.timestamp ? sealedAtText(v) : undefined,
      kmsRequestId: v.kmsRequestId,
      recipients: v.recipients,
      checkedWith: v.checkedWith,
    },
    evidence: result.evidence,
    warning: result.warning,
    warningDetail: result.warningDetail,
  };
}

/**
 * An AWS recipe message opened: it names its signing key but records no signer
 * session, time, request id or file list, so those stay empty ('' for the time).
 */
export function recipeView(recipe: RecipeResult): VerdictView {
  return {
    verdict: 'authentic',
    signer: recipe.signerKeyArn,
    sealedAt: '',
    released: recipe.written,
    files: [],
    details: {
      signerKeyArn: recipe.signerKeyArn,
      fingerprint: recipe.fingerprint,
      sessionArn: '',
      kmsRequestId: '',
      recipients: [{ name: recipe.decryptedWith, keyArn: recipe.decryptedWithKey }],
      checkedWith: `the organisation's signing key; this message uses the AWS blog recipe's format, which records no signer session or time`,
    },
  };
}

export function sealedView(result: SealResult): ResponseOf<'seal:run'> {
  return {
    output: result.output,
    recipients: result.manifest.recipients.map((r) => r.name),
    files: result.manifest.entries.filter((e) => e.type === 'file').length,
    bytesIn: result.bytesIn,
    bytesOut: result.bytesOut,
  };
}

export const pinnedKeyView = (k: PinnedKey): ResponseOf<'keys:list'>[number] => ({
  keyArn: k.keyArn,
  aliases: k.aliases,
  keySpec: k.keySpec,
  fingerprint: k.fingerprint,
  learnedAt: k.learnedAt,
  learnedFrom: k.learnedFrom,
});

/** A seal checked again from the receipt kept when it was opened: who, when, and the keys, as both the kept-signature check and Activity show it. */
export function keptView(kept: ReceiptCheck, v = verdictOf(kept)) {
  return {
    verdict: v.verdict,
    signer: signerLabel(v.signer),
    sealedAt: v.sealedAt,
    openedAt: kept.openedAt,
    fingerprint: v.signer.fingerprint,
    signerKeyArn: v.signer.keyArn,
    certificateSha256: v.signer.certified?.certificateSha256,
    revocationNote: v.revocationNote,
  };
}
