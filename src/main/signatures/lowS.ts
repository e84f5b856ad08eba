// Low-S ECDSA signatures. For every valid signature (r, s) over a message, (r, n − s)
// is another valid signature over the same message with the same key (n is the order
// of the curve's base point), so anyone can turn one valid signature into a second
// one without the key. KMS does not promise either form. Signet stores only the form
// with s ≤ n/2 (the rule Bitcoin adopted in BIP 146), so each seal and each evidence
// folder has exactly one signature, and its own checks refuse the other form.
import type { KeyObject } from 'node:crypto';
import { p521 } from '@noble/curves/nist.js';
import { SignetError } from '../../shared/errors.js';
import { encodeDerEcdsaSignature, parseDerEcdsaSignature } from './derSignature.js';

/** The curves Signet signs and checks ECDSA with: ECC_NIST_P521 keys, ECDSA_SHA_512. */
export type EcdsaCurve = 'P-521';

/**
 * n, the order of each curve's base point, as SEC 2 v2 (§2.6.1, secp521r1) and FIPS
 * 186-4 (D.1.2.5, curve P-521) define it; taken from @noble/curves' curve parameters.
 */
const CURVE_ORDER: Record<EcdsaCurve, bigint> = {
  'P-521': p521.Point.CURVE().n,
};

/** Node's name for each curve (KeyObject.asymmetricKeyDetails.namedCurve). */
const NODE_CURVE_NAME: Record<string, EcdsaCurve> = {
  secp521r1: 'P-521',
};

/** The curve of an EC public key, if it is one Signet signs with; otherwise undefined. */
export function ecdsaCurveOf(key: KeyObject): EcdsaCurve | undefined {
  if (key.asymmetricKeyType !== 'ec') return undefined;
  return NODE_CURVE_NAME[key.asymmetricKeyDetails?.namedCurve ?? ''];
}

/** True when `signature` is strict DER with 1 ≤ s ≤ n/2 on `curve`: the one form Signet stores. */
export function isLowS(signature: Uint8Array, curve: EcdsaCurve): boolean {
  const parsed = parseDerEcdsaSignature(signature);
  return parsed !== undefined && parsed.s <= CURVE_ORDER[curve] / 2n;
}

/**
 * The low-S form of a strict-DER signature: the same bytes when s ≤ n/2, else minimal
 * DER of (r, n − s). Verifies exactly when the input does. Throws INTERNAL for
 * anything but a strict-DER signature with s < n: callers pass only what KMS Sign
 * returned or what was already verified.
 */
export function toLowS(signature: Uint8Array, curve: EcdsaCurve): Buffer {
  const parsed = parseDerEcdsaSignature(signature);
  const n = CURVE_ORDER[curve];
  if (parsed === undefined || parsed.s >= n) {
    throw new SignetError('INTERNAL', undefined, `the signature to normalise is not a strict-DER ${curve} ECDSA signature`);
  }
  if (parsed.s <= n / 2n) return Buffer.from(signature);
  return encodeDerEcdsaSignature({ r: parsed.r, s: n - parsed.s });
}
