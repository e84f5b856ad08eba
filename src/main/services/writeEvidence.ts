// "Keep the evidence": writes the evidence folder a legal team keeps (README, "Offline
// and legal evidence"): the exact signed manifest bytes, the DER signature, the signer's public key,
// the verdict, the file hashes in sha256sum's format and VERIFY.txt with the commands
// a third party runs with stock OpenSSL — no Signet, no AWS. Written to a temporary
// folder and renamed into place whole. checkEvidence.ts checks such a folder.
import { mkdir, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { SignetError } from '../../shared/errors.js';
import type { SealVerdict } from '../../shared/ipc.js';
import type { Verified } from '../engine/signature.js';
import { temporarySibling, writeFileAtomic } from '../fs/atomicWrite.js';
import { exists, publishFolder } from '../fs/publish.js';
import { EVIDENCE_FILES } from './evidenceFolder.js';
import { verdictOf } from './verdict.js';

function instructions(verdict: SealVerdict): string {
  return `How to check this evidence without Signet or AWS
=================================================

1. The signature. In this folder, run:

     openssl dgst -sha512 -verify signer.pem -signature manifest.sig manifest.json

   It must print "Verified OK". manifest.json is exactly what was signed; manifest.sig
   is the DER ECDSA (P-521, SHA-512) signature made by AWS KMS, in its low-S form
   (s at most n/2). OpenSSL also accepts the high-S twin (r, n - s), which anyone can
   make from this one; Signet writes and accepts only the low-S form.

2. The signer's key. Check it is the key you expect:

     openssl pkey -pubin -in signer.pem -outform DER | sha256sum

   It must print ${verdict.signer.fingerprint}, the fingerprint of
   ${verdict.signer.keyArn}.

3. The files. In the folder that holds the opened files, run:

     sha256sum -c ${'<this folder>'}/files.sha256

   Every line must say OK. The same hashes are listed in manifest.json.

4. Who made the signing call. The signature proves that the key above was used.
   AWS CloudTrail ties the call to a person: look up the KMS Sign event with request
   id ${verdict.kmsRequestId || '(not recorded)'} — it was made by session
   ${verdict.signer.sessionArn}${verdict.signer.sourceIdentity ? ` with source identity ${verdict.signer.sourceIdentity}` : ''}.

Sealed at ${verdict.sealedAt} (UTC). Checked by Signet at ${verdict.checkedAt} using ${verdict.checkedWith}.
`;
}

/**
 * Writes the evidence folder for a verified seal (just opened, or kept from an earlier
 * open). Its signature passed verifyManifestSignature, so manifest.sig is low S.
 */
export async function writeEvidence(dir: string, result: Verified): Promise<void> {
  if (await exists(dir)) throw new SignetError('OUTPUT_EXISTS', `${dir} already exists. Choose a new folder for the evidence.`);
  await mkdir(dirname(dir), { recursive: true });
  const temporary = temporarySibling(dir);
  await mkdir(temporary, { mode: 0o700 });
  try {
    const verdict = verdictOf(result);
    const signerPem = result.signer.publicKey.export({ type: 'spki', format: 'pem' }) as string;
    await writeFileAtomic(join(temporary, EVIDENCE_FILES.manifest), result.manifestBytes, 0o644);
    await writeFileAtomic(join(temporary, EVIDENCE_FILES.signature), result.signature, 0o644);
    await writeFileAtomic(join(temporary, EVIDENCE_FILES.signer), signerPem, 0o644);
    await writeFileAtomic(join(temporary, EVIDENCE_FILES.verdict), `${JSON.stringify(verdict, null, 2)}\n`, 0o644);
    await writeFileAtomic(join(temporary, EVIDENCE_FILES.hashes), verdict.files.map((f) => `${f.sha256}  ${f.path}\n`).join(''), 0o644);
    await writeFileAtomic(join(temporary, EVIDENCE_FILES.instructions), instructions(verdict), 0o644);
    // The report's PDF library loads only when a report is written: it doubles a cold start.
    const { renderHtml, renderPdf } = await import('./report.js');
    await writeFileAtomic(join(temporary, EVIDENCE_FILES.reportPdf), await renderPdf(verdict), 0o644);
    await writeFileAtomic(join(temporary, EVIDENCE_FILES.reportHtml), renderHtml(verdict), 0o644);
    await publishFolder(temporary, dir);
  } catch (error) {
    await rm(temporary, { recursive: true, force: true });
    throw error;
  }
}
