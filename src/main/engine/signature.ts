// The manifest's signature: checked with the signer's public key (pinned on this
// computer, or fetched and pinned), in the one low-S form Signet makes
// (docs/FORMAT.md, "Signature block"). Opening, the record kept of an open and the
// evidence folder all check it here.
import { verify as verifySignature, type KeyObject } from 'node:crypto';
import { SignetError } from '../../shared/errors.js';
import { parseManifest, type Manifest, type SignatureBlock } from '../format/manifest.js';
import { isLowS } from '../signatures/lowS.js';

export interface SignerKey {
  publicKey: KeyObject;
  fingerprint: string;
  /** How the key was known: pinned earlier, or fetched and pinned during this open. */
  source: 'pinned' | 'fetched';
  learnedAt: string;
}

/** The signer's public key for an ARN: pinned, or fetched and pinned; fails SIGNER_UNKNOWN or SIGNER_KEY_CHANGED. */
export type SignerKeyLookup = (keyArn: string) => Promise<SignerKey>;

export interface Verified {
  manifest: Manifest;
  /** The exact signed bytes. */
  manifestBytes: Buffer;
  signatureBlock: SignatureBlock;
  /** DER ECDSA signature, low S. */
  signature: Buffer;
  signer: SignerKey;
}

/** Checks the DER signature over the manifest bytes with the signer's pinned (or fetched) key, and that it is low S. */
export async function verifyManifestSignature(manifestBytes: Buffer, signature: Buffer, signerKey: SignerKeyLookup): Promise<{ manifest: Manifest; signer: SignerKey }> {
  const manifest = parseManifest(manifestBytes);
  const signer = await signerKey(manifest.signer.keyArn);
  if (!verifySignature('sha512', manifestBytes, signer.publicKey, signature)) {
    if (signer.fingerprint !== manifest.signer.publicKeySha256) {
      throw new SignetError('SIGNER_KEY_CHANGED', undefined, `sealed with key ${manifest.signer.publicKeySha256}; this computer knows ${signer.fingerprint}`);
    }
    throw new SignetError('BAD_SIGNATURE', undefined, `the manifest signature does not verify with ${manifest.signer.keyArn}`);
  }
  if (signer.fingerprint !== manifest.signer.publicKeySha256) {
    throw new SignetError('SIGNER_KEY_CHANGED', undefined, `the manifest names key ${manifest.signer.publicKeySha256}; this computer knows ${signer.fingerprint}`);
  }
  // (r, n − s) verifies as well as (r, s) and anyone can make it; Signet stores only low S.
  if (!isLowS(signature, 'P-521')) {
    throw new SignetError(
      'BAD_SIGNATURE',
      'Do not trust this file: its signature is not in the form Signet makes — it may have been altered, or sealed by an older Signet. Ask the sender to seal it again. Nothing from it was saved.',
      'the manifest signature verifies but its S is high (s > n/2); Signet seals and accepts only low-S signatures',
    );
  }
  return { manifest, signer };
}
