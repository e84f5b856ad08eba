// "Keep the evidence": writes the evidence folder a legal team keeps (README, "Offline
// and legal evidence"): the exact signed manifest bytes, the DER signature, the signer's public key,
// the verdict, the file hashes in sha256sum's format and VERIFY.txt with the commands
// a third party runs with stock OpenSSL — no Signet, no AWS. For a version 2 seal also
// the sender's certificate, the chain to the organisation's root, the root and the
// CRLs the verdict used, so `openssl verify` proves whose key it is. Written to a
// temporary folder and renamed into place whole. checkEvidence.ts checks such a folder.
import { mkdir, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { SignetError } from '../../shared/errors.js';
import type { SealVerdict } from '../../shared/ipc.js';
import { encodeCanonical } from '../format/manifest.js';
import { parseCertificate } from '../pki/certificates.js';
import { temporarySibling, writeFileAtomic } from '../fs/atomicWrite.js';
import { exists, publishFolder } from '../fs/publish.js';
import { EVIDENCE_FILES } from './evidenceFolder.js';
import { isCertified, verdictOf, type CheckedSeal } from './verdict.js';

/** For a version 2 seal: the organisation's root and the CRLs this computer checked revocation with (PEM). */
export interface TrustEvidence {
  rootPem: string;
  crlPems: string[];
}

const certificatePem = (der: Buffer): string => parseCertificate(der).toString('pem') + '\n';

function certificateInstructions(verdict: SealVerdict): string {
  if (!verdict.signer.certified) {
    return `5. Whose key. This is a version 1 seal: it was made with your organisation's
   signing key, and the name in it (${verdict.signer.sourceIdentity ?? verdict.signer.sessionArn}) is the sender's own claim.
`;
  }
  return `5. Whose key. The organisation's certificate authority certified the key:

     openssl verify -CAfile root.pem -untrusted chain.pem signer-cert.pem
     openssl verify -crl_check_all -CRLfile crls.pem -CAfile root.pem -untrusted chain.pem signer-cert.pem
     openssl x509 -in signer-cert.pem -pubkey -noout | openssl pkey -pubin -outform DER | sha256sum
     openssl x509 -in root.pem -outform DER | sha256sum

   The first two must print "signer-cert.pem: OK" (the second also checks the
   revocation lists). The third must print the same fingerprint as step 2: the
   certificate is for the key that signed. The fourth must print the root fingerprint
   in your organisation's Signet configuration (trust.rootSha256). The certificate
   names ${verdict.signer.certified.name}${verdict.signer.certified.email ? ` <${verdict.signer.certified.email}>` : ''}; its SHA-256 is
   ${verdict.signer.certified.certificateSha256}, the value manifest.json binds.
`;
}

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

${certificateInstructions(verdict)}
Sealed at ${verdict.sealedAt} (UTC, as the sender's signed manifest says). Checked by Signet at ${verdict.checkedAt} using ${verdict.checkedWith}.
`;
}

/**
 * Writes the evidence folder for a verified seal (just opened, or kept from an earlier
 * open). Its signature passed the engine's checks, so manifest.sig is low S.
 */
export async function writeEvidence(dir: string, result: CheckedSeal, trust?: TrustEvidence): Promise<void> {
  if (isCertified(result) && !trust) throw new SignetError('INTERNAL', undefined, 'evidence for a version 2 seal needs the root and the CRLs');
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
    if (isCertified(result) && trust) {
      const [signer, ...chain] = result.certificates;
      await writeFileAtomic(join(temporary, EVIDENCE_FILES.signerCertificate), certificatePem(signer!), 0o644);
      await writeFileAtomic(join(temporary, EVIDENCE_FILES.chain), chain.map(certificatePem).join(''), 0o644);
      await writeFileAtomic(join(temporary, EVIDENCE_FILES.root), trust.rootPem, 0o644);
      await writeFileAtomic(join(temporary, EVIDENCE_FILES.crls), trust.crlPems.join(''), 0o644);
      await writeFileAtomic(join(temporary, EVIDENCE_FILES.signatureBlock), encodeCanonical(result.signatureBlock), 0o644);
    }
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
