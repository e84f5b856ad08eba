// "Check this evidence": re-checks an evidence folder (writeEvidence.ts) offline,
// against the signer key pinned on this computer; nothing is decrypted and AWS is not
// contacted.
import { createPublicKey } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { SignetError } from '../../shared/errors.js';
import { verifyManifestSignature, type SignerKey, type SignerKeyLookup } from '../engine/signature.js';
import type { Manifest } from '../format/manifest.js';
import { spkiFingerprint } from '../keyring/keyring.js';
import { isLowS } from '../signatures/lowS.js';
import { EVIDENCE_FILES } from './evidenceFolder.js';

/**
 * Re-checks an evidence folder offline: that manifest.sig is in the low-S form Signet
 * writes, the signature over manifest.json against the signer key pinned on this
 * computer, and that signer.pem is that same key.
 */
export async function checkEvidence(dir: string, signerKey: SignerKeyLookup): Promise<{ manifest: Manifest; signer: SignerKey }> {
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
