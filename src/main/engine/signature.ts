// The manifest's signature, in the one low-S form Signet makes (docs/FORMAT.md,
// "Signature block"). Version 1: checked with the signer's public key pinned on this
// computer (or fetched and pinned). Version 2: the seal carries the signer's
// certificate chain; the certificate must be the one the signed manifest names, an
// injected trust decision (the caller's, against the pinned root) gives the key, and
// the signature must verify with it. Opening, the record kept of an open and the
// evidence folder all check it here.
import { createHash, verify as verifySignature, type KeyObject } from 'node:crypto';
import { SignetError } from '../../shared/errors.js';
import { parseManifestV1, parseManifestV2, type ManifestV1, type ManifestV2, type SignatureBlockV1, type SignatureBlockV2 } from '../format/manifest.js';
import { ecdsaCurveOf, isLowS } from '../signatures/lowS.js';

export interface SignerKey {
  publicKey: KeyObject;
  fingerprint: string;
  /** How the key was known: pinned earlier, or fetched and pinned during this open. */
  source: 'pinned' | 'fetched';
  learnedAt: string;
}

/** The signer's public key for an ARN: pinned, or fetched and pinned; fails SIGNER_UNKNOWN or SIGNER_KEY_CHANGED. */
export type SignerKeyLookup = (keyArn: string) => Promise<SignerKey>;

/** A version 1 seal, checked. */
export interface Verified {
  manifest: ManifestV1;
  /** The exact signed bytes. */
  manifestBytes: Buffer;
  signatureBlock: SignatureBlockV1;
  /** DER ECDSA signature, low S. */
  signature: Buffer;
  signer: SignerKey;
}

/** Checks the DER signature over the manifest bytes with the signer's pinned (or fetched) key, and that it is low S. */
export async function verifyManifestSignature(manifestBytes: Buffer, signature: Buffer, signerKey: SignerKeyLookup): Promise<{ manifest: ManifestV1; signer: SignerKey }> {
  const manifest = parseManifestV1(manifestBytes);
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
  checkLowS(signature);
  return { manifest, signer };
}

/** (r, n − s) verifies as well as (r, s) and anyone can make it; Signet stores only low S. */
function checkLowS(signature: Buffer): void {
  if (isLowS(signature, 'P-521')) return;
  throw new SignetError(
    'BAD_SIGNATURE',
    'Do not trust this file: its signature is not in the form Signet makes — it may have been altered, or sealed by an older Signet. Ask the sender to seal it again. Nothing from it was saved.',
    'the manifest signature verifies but its S is high (s > n/2); Signet seals and accepts only low-S signatures',
  );
}

/** What a version 2 seal says about its signer, handed to the trust decision before the signature is checked. */
export interface SignerClaim {
  /** Parsed and canonical; its signer.certificateSha256 is the SHA-256 of certificates[0]. Not yet known to be signed. */
  manifest: ManifestV2;
  manifestBytes: Buffer;
  signatureBlock: SignatureBlockV2;
  /** The signature block's certificates as DER: [0] the signer's, then intermediates up to (not including) the root. */
  certificates: Buffer[];
}

/** What the trust decision returns: at least the key the manifest's signature must verify with (the signer certificate's). */
export interface TrustedSigner {
  publicKey: KeyObject;
}

/**
 * Decides whether the claimed signer is trusted and gives the verifying key, or throws
 * a SignetError naming why not (in the app: path validation to the pinned root and
 * revocation, src/main/pki). Whatever else it returns comes back in VerifiedV2.signer.
 */
export type SignerTrust<T extends TrustedSigner = TrustedSigner> = (claim: SignerClaim) => Promise<T>;

/** A version 2 seal, checked. */
export interface VerifiedV2<T extends TrustedSigner = TrustedSigner> {
  manifest: ManifestV2;
  /** The exact signed bytes. */
  manifestBytes: Buffer;
  signatureBlock: SignatureBlockV2;
  /** DER ECDSA signature, low S. */
  signature: Buffer;
  /** The signer's certificate chain as DER, as the seal carries it. */
  certificates: Buffer[];
  /** What the trust decision returned. */
  signer: T;
}

export const certificateSha256 = (der: Uint8Array): string => createHash('sha256').update(der).digest('hex');

/**
 * Checks a version 2 manifest and signature block (docs/FORMAT.md, "Opening, in
 * order"): the block names the manifest's key (TAMPERED), certificates[0] is the
 * certificate the manifest names (TAMPERED), the trust decision accepts it and gives a
 * P-521 key, the signature verifies with that key and is low S (BAD_SIGNATURE).
 */
export async function verifyCertifiedSignature<T extends TrustedSigner>(
  manifestBytes: Buffer,
  signatureBlock: SignatureBlockV2,
  trust: SignerTrust<T>,
): Promise<VerifiedV2<T>> {
  const manifest = parseManifestV2(manifestBytes);
  if (signatureBlock.keyArn !== manifest.signer.keyArn) throw new SignetError('TAMPERED', undefined, 'the signature names another key than the manifest');
  const certificates = signatureBlock.certificates.map((text) => Buffer.from(text, 'base64'));
  if (certificateSha256(certificates[0]!) !== manifest.signer.certificateSha256) {
    throw new SignetError('TAMPERED', undefined, 'the signer certificate in the seal is not the one the signed manifest names');
  }
  const signer = await trust({ manifest, manifestBytes, signatureBlock, certificates });
  if (ecdsaCurveOf(signer.publicKey) !== 'P-521') throw new SignetError('BAD_SIGNATURE', undefined, "the signer certificate's key is not an ECDSA P-521 key");
  const signature = Buffer.from(signatureBlock.signature, 'base64');
  if (!verifySignature('sha512', manifestBytes, signer.publicKey, signature)) {
    throw new SignetError('BAD_SIGNATURE', undefined, `the manifest signature does not verify with the key of the signer certificate ${manifest.signer.certificateSha256}`);
  }
  checkLowS(signature);
  return { manifest, manifestBytes, signatureBlock, signature, certificates, signer };
}
