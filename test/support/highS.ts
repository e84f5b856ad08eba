// The other valid form of an ECDSA P-521 signature: (r, s) → (r, n − s). Anyone can
// compute it from a signature without the key, which is what tests of malleability
// need. Made with the same DER code Signet uses and the curve order from @noble/curves.
import { p521 } from '@noble/curves/nist.js';
import { encodeDerEcdsaSignature, parseDerEcdsaSignature } from '../../src/main/signatures/derSignature.js';

export const P521_ORDER = p521.Point.CURVE().n;

/** (r, n − s) for a strict-DER P-521 signature (r, s): low S becomes high S and the other way round. */
export function sTwin(signature: Uint8Array): Buffer {
  const parsed = parseDerEcdsaSignature(signature);
  if (!parsed) throw new Error('not a strict-DER ECDSA signature');
  return encodeDerEcdsaSignature({ r: parsed.r, s: P521_ORDER - parsed.s });
}

/** True when s > n/2. */
export function isHighS(signature: Uint8Array): boolean {
  const parsed = parseDerEcdsaSignature(signature);
  if (!parsed) throw new Error('not a strict-DER ECDSA signature');
  return parsed.s > P521_ORDER / 2n;
}
