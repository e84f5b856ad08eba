// The evidence folder a legal team keeps (DESIGN.md, "Prove it"): the exact signed
// manifest bytes, the DER signature, the signer's public key, the verdict, the file
// hashes in sha256sum's format and VERIFY.txt with the commands a third party runs
// with stock OpenSSL — no Signet, no AWS. Written to a temporary folder and renamed
// into place whole.
import { createPublicKey } from 'node:crypto';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { SignetError } from '../../shared/errors.js';
import { verifyManifestSignature, type SignerKey, type SignerKeyLookup, type Verified } from '../engine/signature.js';
import { temporarySibling, writeFileAtomic } from '../fs/atomicWrite.js';
import { exists, publishFolder } from '../fs/publish.js';
import { spkiFingerprint } from '../keyring/keyring.js';
import { isLowS } from '../signatures/lowS.js';
import type { Manifest } from '../format/manifest.js';

export const EVIDENCE_FILES = {
  manifest: 'manifest.json',
  signature: 'manifest.sig',
  signer: 'signer.pem',
  verdict: 'verdict.json',
  reportPdf: 'report.pdf',
  reportHtml: 'report.html',
  hashes: 'files.sha256',
  instructions: 'VERIFY.txt',
} as const;

export interface Verdict {
  verdict: 'authentic';
  sealedAt: string;
  checkedAt: string;
  signer: { keyArn: string; fingerprint: string; sessionArn: string; sourceIdentity?: string; accountId: string };
  kmsRequestId: string;
  recipients: { name: string; keyArn: string }[];
  files: { path: string; size: number; sha256: string }[];
  /** How the signer's key was known when this was checked. */
  checkedWith: string;
}

export function verdictOf(verified: Verified, checkedAt = new Date()): Verdict {
  const { manifest, signer } = verified;
  return {
    verdict: 'authentic',
    sealedAt: manifest.createdAt,
    checkedAt: checkedAt.toISOString(),
    signer: {
      keyArn: manifest.signer.keyArn,
      fingerprint: signer.fingerprint,
      sessionArn: manifest.signer.sessionArn,
      ...(manifest.signer.sourceIdentity ? { sourceIdentity: manifest.signer.sourceIdentity } : {}),
      accountId: manifest.signer.accountId,
    },
    kmsRequestId: verified.signatureBlock.kmsRequestId,
    recipients: manifest.recipients,
    files: manifest.entries.flatMap((e) => (e.type === 'file' ? [{ path: e.path, size: e.size, sha256: e.sha256 }] : [])),
    checkedWith: signer.source === 'pinned' ? `the signer's key pinned on this computer on ${signer.learnedAt}` : `the signer's key fetched from AWS KMS and pinned on ${signer.learnedAt}`,
  };
}

function instructions(verdict: Verdict): string {
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

/**
 * Re-checks an evidence folder offline: that manifest.sig is in the low-S form Signet
 * writes, the signature over manifest.json against the signer key pinned on this
 * computer, and that signer.pem is that same key.
 */
export async function verifyEvidence(dir: string, signerKey: SignerKeyLookup): Promise<{ manifest: Manifest; signer: SignerKey }> {
  const read = (name: string) =>
    readFile(join(dir, name)).catch(() => {
      throw new SignetError('INPUT_NOT_FOUND', `${join(dir, name)} is missing; ${basename(dir)} is not a complete evidence folder.`);
    });
  const [manifestBytes, signature, signerPem] = await Promise.all([read(EVIDENCE_FILES.manifest), read(EVIDENCE_FILES.signature), read(EVIDENCE_FILES.signer)]);
  // OpenSSL accepts both (r, s) and (r, n − s); Signet writes only the low-S one.
  if (!isLowS(signature, 'P-521')) {
    throw new SignetError(
      'BAD_SIGNATURE',
      `Do not trust this evidence folder: ${EVIDENCE_FILES.signature} is not in the form Signet makes — it may have been altered, or written by an older Signet. Open the sealed file again to make new evidence.`,
      `${EVIDENCE_FILES.signature} is not a strict-DER low-S ECDSA signature`,
    );
  }
  const verified = await verifyManifestSignature(manifestBytes, signature, signerKey);
  let bundled: string;
  try {
    bundled = spkiFingerprint(createPublicKey(signerPem).export({ type: 'spki', format: 'der' }));
  } catch {
    throw new SignetError('TAMPERED', undefined, 'signer.pem is not a public key');
  }
  if (bundled !== verified.signer.fingerprint) {
    throw new SignetError('SIGNER_KEY_CHANGED', undefined, `signer.pem is ${bundled}; this computer knows ${verified.signer.fingerprint}`);
  }
  return verified;
}
