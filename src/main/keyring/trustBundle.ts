// Trust bundles (README, "Offline and legal evidence"): the keys an
// organisation trusts, exported with their metadata and signed with the
// organisation's signing key, so a laptop that is never online can import them. An
// import is accepted only if the bundle's signer is a key this computer already trusts
// — pinned, or named by fingerprint in the organisation configuration — and only
// whole: one changed key refuses the bundle.
import { createPublicKey, verify } from 'node:crypto';
import { z } from 'zod';
import { SignetError } from '../../shared/errors.js';
import { encodeCanonical, manifestDigest } from '../format/manifest.js';
import { isStrictDerEcdsaSignature } from '../signatures/derSignature.js';
import { ecdsaCurveOf, isLowS, toLowS } from '../signatures/lowS.js';
import { PinnedKeySchema, spkiFingerprint, type Keyring, type PinnedKey } from './keyring.js';

const PayloadSchema = z
  .object({
    format: z.literal('signet-trust-bundle/1'),
    organisation: z.string(),
    exportedAt: z.string(),
    exportedBy: z.string(),
    signerKeyArn: z.string(),
    /** DER SubjectPublicKeyInfo of the signing key, base64. */
    signerPublicKey: z.string(),
    keys: z.array(PinnedKeySchema).max(1000),
  })
  .strict();
export type TrustBundlePayload = z.infer<typeof PayloadSchema>;

const FileSchema = z.object({ format: z.literal('signet-trust-bundle/1'), payload: z.string(), signature: z.string() }).strict();

/** Signs SHA-512 of the payload (KMS Sign, DIGEST, ECDSA_SHA_512 with a P-521 key). */
export type BundleSigner = (digest: Buffer) => Promise<Buffer>;

export async function createTrustBundle(payload: TrustBundlePayload, sign: BundleSigner): Promise<string> {
  const bytes = encodeCanonical(payload);
  // Stored low S, as seals are (signatures/lowS.ts): one valid signature per bundle.
  const signature = toLowS(await sign(manifestDigest(bytes)), 'P-521');
  return `${JSON.stringify({ format: 'signet-trust-bundle/1', payload: bytes.toString('utf8'), signature: signature.toString('base64') }, null, 2)}\n`;
}

export interface ImportResult {
  signer: { keyArn: string; fingerprint: string; trustedAs: string };
  imported: PinnedKey[];
}

/** Checks a bundle against what this computer trusts, then pins every key in it. */
export async function importTrustBundle(text: string, keyring: Keyring, configuredSigner: string | undefined): Promise<ImportResult> {
  const forged = (why: string) => new SignetError('TAMPERED', 'Do not trust this key file: it was changed after it was made. Nothing was imported.', why);
  let file: z.infer<typeof FileSchema>;
  let payload: TrustBundlePayload;
  try {
    file = FileSchema.parse(JSON.parse(text));
    payload = PayloadSchema.parse(JSON.parse(file.payload));
  } catch {
    throw forged('not a Signet trust bundle');
  }
  if (!encodeCanonical(payload).equals(Buffer.from(file.payload, 'utf8'))) throw forged('the payload is not in canonical form');
  const signerSpki = Buffer.from(payload.signerPublicKey, 'base64');
  const fingerprint = spkiFingerprint(signerSpki);
  const pinned = keyring.find(payload.signerKeyArn);
  if (pinned && pinned.fingerprint !== fingerprint) {
    throw new SignetError('SIGNER_KEY_CHANGED', "Do not trust this key file: it was signed with a key that is not the one this computer knows for your organisation — ask IT.", `${payload.signerKeyArn}: pinned ${pinned.fingerprint}, bundle ${fingerprint}`);
  }
  const trustedAs = pinned ? `the key pinned on this computer on ${pinned.learnedAt}` : fingerprint === configuredSigner ? 'the fingerprint in your organisation configuration' : undefined;
  if (!trustedAs) {
    throw new SignetError('SIGNER_UNKNOWN', "Can't confirm who made this key file: this computer doesn't trust its signer yet. Ask IT for the configuration that names it, or connect once.", `signer ${fingerprint} is neither pinned nor configured`);
  }
  const signature = Buffer.from(file.signature, 'base64');
  let signerKey;
  try {
    signerKey = createPublicKey({ key: signerSpki, format: 'der', type: 'spki' });
  } catch {
    throw forged('the signer key is not a public key');
  }
  const curve = ecdsaCurveOf(signerKey);
  if (!curve || !isStrictDerEcdsaSignature(signature) || !verify('sha512', Buffer.from(file.payload, 'utf8'), signerKey, signature)) {
    throw new SignetError('BAD_SIGNATURE', "Do not trust this key file: its signature does not match your organisation's key. Nothing was imported.");
  }
  if (!isLowS(signature, curve)) {
    throw new SignetError(
      'BAD_SIGNATURE',
      "This key file's signature is not in the form Signet makes: it may have been altered, or exported by an older Signet. Ask IT to export it again. Nothing was imported.",
      'the bundle signature verifies but its S is high (s > n/2); Signet makes and accepts only low-S signatures',
    );
  }
  for (const key of payload.keys) {
    if (spkiFingerprint(Buffer.from(key.spki, 'base64')) !== key.fingerprint) throw forged(`${key.keyArn}: fingerprint does not match its key`);
    const known = keyring.find(key.keyArn);
    if (known && known.fingerprint !== key.fingerprint) throw new SignetError('KEY_CHANGED', undefined, `${key.keyArn}: pinned ${known.fingerprint}, bundle ${key.fingerprint}`);
  }
  const imported: PinnedKey[] = [];
  const from = `trust bundle from ${payload.organisation}, exported ${payload.exportedAt} by ${payload.exportedBy}`;
  for (const key of payload.keys) {
    const learned = { keyArn: key.keyArn, keySpec: key.keySpec, keyUsage: key.keyUsage, algorithms: key.algorithms, spki: Buffer.from(key.spki, 'base64') };
    let pinnedKey = await keyring.pin(learned, key.keyArn, from, 'KEY_CHANGED');
    for (const alias of key.aliases) pinnedKey = await keyring.pin(learned, alias, from, 'KEY_CHANGED');
    imported.push(pinnedKey);
  }
  return { signer: { keyArn: payload.signerKeyArn, fingerprint, trustedAs }, imported };
}
