// The evidence folder: the files in it (writeEvidence.ts writes them, checkEvidence.ts
// checks them), how each is checked, and the name the app gives a new one. One place
// decides these, for the CLI, the app and the file-drop classification alike.
import { randomUUID } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import { exists } from '../fs/publish.js';

export const EVIDENCE_FILES = {
  manifest: 'manifest.json',
  signature: 'manifest.sig',
  signer: 'signer.pem',
  /** Version 2: the sender's certificate, the intermediates to the root, the root, the CRLs used, the whole signature block. */
  signerCertificate: 'signer-cert.pem',
  chain: 'chain.pem',
  root: 'root.pem',
  crls: 'crls.pem',
  signatureBlock: 'signature-block.json',
  /** Version 2: manifest.sig as a detached CMS SignedData with the certificates (and the seal's timestamp). */
  cms: 'manifest.p7s',
  /** Version 2 with a trusted timestamp: the RFC 3161 reply whose token is in signature-block.json. */
  timestamp: 'timestamp.tsr',
  verdict: 'verdict.json',
  reportPdf: 'report.pdf',
  reportHtml: 'report.html',
  hashes: 'files.sha256',
  instructions: 'VERIFY.txt',
} as const;

export type EvidenceFile = keyof typeof EVIDENCE_FILES;

/**
 * How `signet verify EVIDENCE_DIR` and the app's check treat a file: `checked` — it must
 * agree with the signed manifest (or be what the signature verified with), or the check
 * fails naming it; `summary` — for people, proves nothing, is not checked; `not-checked`
 * — for third parties or not used by Signet's check (it says which).
 */
export type EvidenceRole = 'checked' | 'summary' | 'not-checked';

export interface EvidenceFileCheck {
  role: EvidenceRole;
  /** What it was checked against, in a person's words, by the folder's format version; no entry for a version: not part of that version's folders. */
  how: { 1?: string; 2: string };
}

/**
 * Every file of an evidence folder with how checkEvidence.ts checks it. A file added to
 * EVIDENCE_FILES needs its entry here (the type insists), and its check in
 * checkEvidence.ts before it may say `checked`.
 */
export const EVIDENCE_CHECKS: Record<EvidenceFile, EvidenceFileCheck> = {
  manifest: {
    role: 'checked',
    how: {
      1: "its signature (manifest.sig), with your organisation's signing key pinned on this computer",
      2: "its signature (manifest.sig), with the key in the sender's certificate, which leads to your organisation's root on this computer",
    },
  },
  signature: { role: 'checked', how: { 1: 'manifest.json and the key that signed it; it must be in the low-S form Signet makes', 2: 'the signature in signature-block.json; it must be in the low-S form Signet makes' } },
  signer: { role: 'checked', how: { 1: 'the key the signature verified with', 2: 'the key the signature verified with' } },
  signerCertificate: { role: 'checked', how: { 2: "the certificate in signature-block.json, checked against this computer's root and revocation lists" } },
  chain: { role: 'checked', how: { 2: 'the certificates in signature-block.json' } },
  root: { role: 'checked', how: { 2: "the root certificate your organisation's configuration pins" } },
  crls: { role: 'not-checked', how: { 2: "for third parties; Signet checked revocation with this computer's own revocation lists" } },
  signatureBlock: { role: 'checked', how: { 2: 'the signature and the certificates above, which must be the ones it holds' } },
  cms: { role: 'checked', how: { 2: 'signature-block.json: it must be exactly the CMS signature built from its signature, certificates and timestamp' } },
  timestamp: { role: 'checked', how: { 2: "the timestamp in signature-block.json, which the signature check verified against this computer's root (only when the seal has one)" } },
  verdict: { role: 'checked', how: { 1: 'the signed manifest.json, field by field (when and how it was checked, and the KMS request id, which this folder cannot show, aside)', 2: 'the signed manifest.json, field by field (when and how it was checked aside)' } },
  reportPdf: { role: 'summary', how: { 1: 'a summary for people: it proves nothing and was not checked', 2: 'a summary for people: it proves nothing and was not checked' } },
  reportHtml: { role: 'summary', how: { 1: 'a summary for people: it proves nothing and was not checked', 2: 'a summary for people: it proves nothing and was not checked' } },
  hashes: { role: 'checked', how: { 1: 'the signed manifest.json, line by line', 2: 'the signed manifest.json, line by line' } },
  instructions: { role: 'not-checked', how: { 1: 'instructions for third parties', 2: 'instructions for third parties' } },
};

/** files.sha256: one line a file, in sha256sum's format ("HASH  path"), in the manifest's order. */
export const hashLines = (files: { path: string; sha256: string }[]): string[] => files.map((f) => `${f.sha256}  ${f.path}`);

/**
 * A new evidence folder beside the seal at `sealedPath`: "report.pdf evidence
 * 2026-11-28-1a2b" for report.pdf.signet (or for an AWS recipe's message.enc, its name).
 */
export function evidenceFolderFor(sealedPath: string, now = new Date()): string {
  const stem = basename(sealedPath, sealedPath.endsWith('.signet') ? '.signet' : undefined);
  return join(dirname(sealedPath), `${stem} evidence ${now.toISOString().slice(0, 10)}-${randomUUID().slice(0, 4)}`);
}

/** Whether `path` is a folder that holds an evidence folder's signed manifest and signature. */
export async function isEvidenceFolder(path: string): Promise<boolean> {
  return (await exists(join(path, EVIDENCE_FILES.manifest))) && (await exists(join(path, EVIDENCE_FILES.signature)));
}
