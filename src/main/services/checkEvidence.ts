// "Check this evidence": re-checks an evidence folder (writeEvidence.ts) offline —
// nothing is decrypted and AWS is not contacted. A version 1 folder is checked against
// the organisation's key pinned on this computer; a version 2 folder against this
// computer's own root and revocation lists (never the root.pem or crls.pem the folder
// brings, which are there for third parties), and every copy of the signature and the
// certificates in the folder must be the same bytes.
import { createPublicKey } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { SignetError } from '../../shared/errors.js';
import { verifyCertifiedSignature, verifyManifestSignature, type SignerKeyLookup, type SignerTrust } from '../engine/signature.js';
import { parseSignatureBlockV2 } from '../format/manifest.js';
import { spkiFingerprint } from '../keyring/keyring.js';
import { parseCertificate } from '../pki/certificates.js';
import { isLowS } from '../signatures/lowS.js';
import { EVIDENCE_FILES } from './evidenceFolder.js';
import type { ProvenSigner } from './trust.js';
import type { CheckedSeal } from './verdict.js';

const pemCertificates = (text: string): Buffer[] => (text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? []).map((pem) => Buffer.from(parseCertificate(pem).rawData));

function formatOf(manifestBytes: Buffer): unknown {
  try {
    return (JSON.parse(manifestBytes.toString('utf8')) as { format?: unknown }).format;
  } catch {
    throw new SignetError('TAMPERED', undefined, 'manifest.json is not JSON');
  }
}

/**
 * Re-checks an evidence folder offline: the signature over manifest.json (low S), who
 * made it (the organisation's pinned key for version 1; the certificate chain to this
 * computer's root for version 2), and that signer.pem is that same key.
 */
export async function checkEvidence(dir: string, signerKey: SignerKeyLookup, trust: SignerTrust<ProvenSigner>): Promise<CheckedSeal> {
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
  let checked: CheckedSeal;
  if (formatOf(manifestBytes) === 'signet-manifest/2') {
    const [blockBytes, certificatePem, chainPem] = await Promise.all([read(EVIDENCE_FILES.signatureBlock), read(EVIDENCE_FILES.signerCertificate), read(EVIDENCE_FILES.chain)]);
    const block = parseSignatureBlockV2(blockBytes);
    const inFolder = [...pemCertificates(certificatePem.toString('utf8')), ...pemCertificates(chainPem.toString('utf8'))];
    const inBlock = block.certificates.map((b64) => Buffer.from(b64, 'base64'));
    if (!Buffer.from(block.signature, 'base64').equals(signature)) throw new SignetError('TAMPERED', undefined, `${EVIDENCE_FILES.signature} is not the signature in ${EVIDENCE_FILES.signatureBlock}`);
    if (inFolder.length !== inBlock.length || inFolder.some((der, i) => !der.equals(inBlock[i]!))) {
      throw new SignetError('TAMPERED', undefined, `${EVIDENCE_FILES.signerCertificate} and ${EVIDENCE_FILES.chain} are not the certificates in ${EVIDENCE_FILES.signatureBlock}`);
    }
    checked = await verifyCertifiedSignature(manifestBytes, block, trust);
  } else {
    const verified = await verifyManifestSignature(manifestBytes, signature, signerKey);
    checked = {
      ...verified,
      manifestBytes,
      signature,
      signatureBlock: { format: 'signet-signature/1', keyArn: verified.manifest.signer.keyArn, signingAlgorithm: 'ECDSA_SHA_512', messageType: 'DIGEST', signature: signature.toString('base64'), kmsRequestId: '' },
    };
  }
  let bundled: string;
  try {
    bundled = spkiFingerprint(createPublicKey(signerPem).export({ type: 'spki', format: 'der' }));
  } catch {
    throw new SignetError('TAMPERED', undefined, 'signer.pem is not a public key');
  }
  const verifying = spkiFingerprint(checked.signer.publicKey.export({ type: 'spki', format: 'der' }));
  if (bundled !== verifying) throw new SignetError('SIGNER_KEY_CHANGED', undefined, `signer.pem is ${bundled}; the signature verified with ${verifying}`);
  return checked;
}
