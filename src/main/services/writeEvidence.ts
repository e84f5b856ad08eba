// "Keep the evidence": writes the evidence folder a legal team keeps (README, "Offline
// and legal evidence"; docs/TRUST.md, "Evidence"): the exact signed manifest bytes, the
// DER signature, the signer's public key, the verdict, the file hashes in sha256sum's
// format and VERIFY.txt with the commands a third party runs with stock tools — no
// Signet, no AWS. For a version 2 seal also the sender's certificate, the chain to the
// organisation's root, the root, the CRLs the verdict used, and manifest.p7s: the same
// signature as a detached CMS SignedData with the certificates (and the seal's RFC 3161
// timestamp, when it has one), which `openssl cms -verify` checks in one step. The
// report is a summary; report.pdf is signed when the organisation has a report-signing
// key (and says so when it could not be). Written to a temporary folder and renamed into place whole. checkEvidence.ts
// checks such a folder.
import { mkdir, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { SignetError } from '../../shared/errors.js';
import type { SealVerdict } from '../../shared/ipc.js';
import { encodeCanonical } from '../format/manifest.js';
import { parseCertificate } from '../pki/certificates.js';
import { detachedSignedData } from '../pki/cms.js';
import { temporarySibling, writeFileAtomic } from '../fs/atomicWrite.js';
import { exists, publishFolder } from '../fs/publish.js';
import { EVIDENCE_FILES, hashLines } from './evidenceFolder.js';
import { timestampFile } from './trust.js';
import type { PdfSignature } from './report.js';
import type { ReportSigning } from './signReport.js';
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
  return `5. Whose key, in one step. manifest.p7s is the same signature as manifest.sig, as a
   detached CMS signature that carries the sender's certificate and the issuing CA:

     openssl cms -verify -binary -inform DER -in manifest.p7s -content manifest.json -CAfile root.pem

   It prints manifest.json and then "CMS Verification successful": the signature is
   over these exact bytes and the certificate leads to the root below. (If the
   certificate has expired since, add -attime and the seconds since 1970 of the
   sealing time, e.g. $(date -d ${verdict.sealedAt} +%s).)

6. Whose key, step by step, with the revocation lists:

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
${
  verdict.timestamp
    ? `
7. When. timestamp.tsr is a trusted timestamp (RFC 3161) over manifest.sig from
   ${verdict.timestamp.authority}:

     openssl ts -verify -in timestamp.tsr -data manifest.sig -CAfile root.pem -untrusted chain.pem

   It must print "Verification: OK". The time in it (openssl ts -reply -in timestamp.tsr
   -text) is when the signature existed: ${verdict.timestamp.genTime}.
`
    : `
7. When. This seal has no trusted timestamp: the time in manifest.json is the sender's
   own clock.
`
}`;
}

function reportInstructions(pdf: PdfSignature): string {
  const summary = `The report. report.pdf and report.html summarise this folder for people to read;
   they prove nothing the steps above do not.`;
  if (!('by' in pdf)) return `${summary} report.pdf is not signed: ${pdf.unsigned}.
`;
  return `${summary} report.pdf is signed by ${pdf.by.name}
   (PAdES, checked by any PDF reader). With poppler's pdfsig and an NSS database that
   trusts root.pem:

     mkdir nssdb && certutil -N -d sql:nssdb --empty-password
     certutil -A -d sql:nssdb -n root -t CT,C,C -i root.pem
     pdfsig -nssdir sql:nssdb report.pdf

   It must print "Signature is Valid." and "Certificate is Trusted.".
`;
}

function instructions(verdict: SealVerdict, pdf: PdfSignature): string {
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
${verdict.signer.certified ? 7 : 6}. ${reportInstructions(pdf)}
Sealed at ${verdict.sealedAt} (UTC, as the sender's signed manifest says). Checked by Signet at ${verdict.checkedAt} using ${verdict.checkedWith}.
`;
}

/** The seal's RFC 3161 timestamp token (DER), when its signature block has one. */
/** The seal's RFC 3161 timestamp token, when its signature block carries one. */
export function timestampOf(block: CheckedSeal['signatureBlock']): Buffer | undefined {
  return 'timestamp' in block && typeof block.timestamp === 'string' ? Buffer.from(block.timestamp, 'base64') : undefined;
}

/** What writing the evidence folder could not do in full. */
export interface EvidenceWritten {
  /** Why report.pdf is not signed though the configuration asks for it (technical); the folder is otherwise whole, and its report and VERIFY.txt say so. */
  reportNotSigned?: string;
}

/** report.pdf, signed when `signing` is given and works; if signing fails, unsigned, saying so. */
async function reportPdf(verdict: SealVerdict, signing: ReportSigning | undefined): Promise<{ pdf: Uint8Array; signature: PdfSignature; notSigned?: string }> {
  // The report's PDF library loads only when a report is written: it doubles a cold start.
  const { renderPdf } = await import('./report.js');
  if (signing === undefined) {
    const signature = { unsigned: "your organisation's configuration names no report-signing key" };
    return { pdf: await renderPdf(verdict, signature), signature };
  }
  try {
    const signature = { by: signing };
    return { pdf: await renderPdf(verdict, signature), signature };
  } catch (error) {
    if (!(error instanceof SignetError) || error.code !== 'REPORT_NOT_SIGNED') throw error;
    const signature = { unsigned: "Signet could not sign it with your organisation's report-signing key when this folder was written" };
    return { pdf: await renderPdf(verdict, signature), signature, notSigned: error.detail ?? error.message };
  }
}

/**
 * Writes the evidence folder for a verified seal (just opened, or kept from an earlier
 * open). Its signature passed the engine's checks, so manifest.sig is low S. With
 * `reportSigning`, report.pdf is signed; if that fails (offline, say) the folder is
 * still written, with the report unsigned and saying so, and the result says why.
 */
export async function writeEvidence(dir: string, result: CheckedSeal, trust?: TrustEvidence, reportSigning?: ReportSigning): Promise<EvidenceWritten> {
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
    await writeFileAtomic(join(temporary, EVIDENCE_FILES.hashes), hashLines(verdict.files).map((line) => `${line}\n`).join(''), 0o644);
    if (isCertified(result) && trust) {
      const [signer, ...chain] = result.certificates;
      await writeFileAtomic(join(temporary, EVIDENCE_FILES.signerCertificate), certificatePem(signer!), 0o644);
      await writeFileAtomic(join(temporary, EVIDENCE_FILES.chain), chain.map(certificatePem).join(''), 0o644);
      await writeFileAtomic(join(temporary, EVIDENCE_FILES.root), trust.rootPem, 0o644);
      await writeFileAtomic(join(temporary, EVIDENCE_FILES.crls), trust.crlPems.join(''), 0o644);
      await writeFileAtomic(join(temporary, EVIDENCE_FILES.signatureBlock), encodeCanonical(result.signatureBlock), 0o644);
      const cms = detachedSignedData({ certificates: result.certificates, signature: result.signature, timestampToken: timestampOf(result.signatureBlock) });
      await writeFileAtomic(join(temporary, EVIDENCE_FILES.cms), cms, 0o644);
      const timestamp = timestampFile(result.signatureBlock);
      if (timestamp) await writeFileAtomic(join(temporary, EVIDENCE_FILES.timestamp), timestamp, 0o644);
    }
    const report = await reportPdf(verdict, reportSigning);
    await writeFileAtomic(join(temporary, EVIDENCE_FILES.reportPdf), report.pdf, 0o644);
    const { renderHtml } = await import('./report.js');
    await writeFileAtomic(join(temporary, EVIDENCE_FILES.reportHtml), renderHtml(verdict, report.signature), 0o644);
    await writeFileAtomic(join(temporary, EVIDENCE_FILES.instructions), instructions(verdict, report.signature), 0o644);
    await publishFolder(temporary, dir);
    const written: EvidenceWritten = {};
    if (report.notSigned !== undefined) written.reportNotSigned = report.notSigned;
    return written;
  } catch (error) {
    await rm(temporary, { recursive: true, force: true });
    throw error;
  }
}
