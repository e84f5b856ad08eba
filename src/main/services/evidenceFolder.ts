// The evidence folder: the files in it (writeEvidence.ts writes them, checkEvidence.ts
// checks them) and the name the app gives a new one. One place decides both, for the
// CLI, the app and the file-drop classification alike.
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
  verdict: 'verdict.json',
  reportPdf: 'report.pdf',
  reportHtml: 'report.html',
  hashes: 'files.sha256',
  instructions: 'VERIFY.txt',
} as const;

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
