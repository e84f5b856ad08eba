import { createPublicKey, generateKeyPairSync, sign, verify } from 'node:crypto';
import { p521 } from '@noble/curves/nist.js';
import { describe, expect, it } from 'vitest';
import { encodeDerEcdsaSignature, parseDerEcdsaSignature } from '../../../src/main/signatures/derSignature.js';
import { ecdsaCurveOf, isLowS, toLowS } from '../../../src/main/signatures/lowS.js';
import { SignetError } from '../../../src/shared/errors.js';
import { isHighS, sTwin } from '../../support/highS.js';

// n for P-521 as FIPS 186-4 D.1.2.5 prints it, typed here to check the constant Signet uses.
const N = BigInt(
  '0x01ff' + 'ffffffff'.repeat(7) + 'fffffffa' + '51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409',
);

const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-521' });
const publicKey = createPublicKey(privateKey);
const secret = Buffer.from(privateKey.export({ format: 'jwk' }).d!, 'base64url');
const message = (i: number) => Buffer.from(`message ${i}`);
// What KMS may return: noble with lowS off picks either form, like the sandbox does.
const kmsLike = Array.from({ length: 24 }, (_, i) => Buffer.from(p521.sign(message(i), secret, { format: 'der', lowS: false })));

describe('low-S ECDSA signatures on P-521', () => {
  it('uses the curve order FIPS 186-4 gives for P-521', () => {
    const parsed = parseDerEcdsaSignature(kmsLike[0]!)!;
    const twin = encodeDerEcdsaSignature({ r: parsed.r, s: N - parsed.s });
    expect(toLowS(twin, 'P-521').equals(toLowS(kmsLike[0]!, 'P-521'))).toBe(true);
    expect(isLowS(twin, 'P-521')).not.toBe(isLowS(kmsLike[0]!, 'P-521'));
  });

  it('turns every signature into a low-S one that still verifies, leaving low-S ones byte for byte', () => {
    let high = 0;
    for (const [i, signature] of kmsLike.entries()) {
      const low = toLowS(signature, 'P-521');
      expect(isLowS(low, 'P-521')).toBe(true);
      expect(verify('sha512', message(i), publicKey, low)).toBe(true);
      if (isHighS(signature)) {
        high++;
        expect(isLowS(signature, 'P-521')).toBe(false);
        expect(low.equals(sTwin(signature))).toBe(true);
      } else {
        expect(low.equals(signature)).toBe(true);
      }
    }
    expect(high, 'no high-S signature among the samples: the test proved nothing').toBeGreaterThan(0);
    expect(high).toBeLessThan(kmsLike.length);
  });

  it('shows why it matters: OpenSSL accepts the high-S twin of a valid signature', () => {
    const signature = sign('sha512', message(99), privateKey);
    const twin = sTwin(signature);
    expect(twin.equals(signature)).toBe(false);
    expect(verify('sha512', message(99), publicKey, twin)).toBe(true);
    expect(isLowS(signature, 'P-521') !== isLowS(twin, 'P-521')).toBe(true);
  });

  it('puts the boundary at n/2: s = (n − 1)/2 is low, s = (n + 1)/2 is high', () => {
    const at = (s: bigint) => encodeDerEcdsaSignature({ r: 1n, s });
    expect(isLowS(at((N - 1n) / 2n), 'P-521')).toBe(true);
    expect(isLowS(at((N + 1n) / 2n), 'P-521')).toBe(false);
    expect(isLowS(at(1n), 'P-521')).toBe(true);
    expect(isLowS(at(N - 1n), 'P-521')).toBe(false);
    expect(parseDerEcdsaSignature(toLowS(at((N + 1n) / 2n), 'P-521'))).toEqual({ r: 1n, s: (N - 1n) / 2n });
  });

  it('is not low S when not strict DER', () => {
    expect(isLowS(Buffer.concat([toLowS(kmsLike[0]!, 'P-521'), Buffer.from([0])]), 'P-521')).toBe(false);
    expect(isLowS(Buffer.alloc(0), 'P-521')).toBe(false);
  });

  it('refuses to normalise what is not a signature, or has s ≥ n, as an internal error', () => {
    const codeOf = (bytes: Buffer): string => {
      try {
        toLowS(bytes, 'P-521');
        return 'no error';
      } catch (error) {
        return error instanceof SignetError ? error.code : String(error);
      }
    };
    expect(codeOf(Buffer.from('not der'))).toBe('INTERNAL');
    expect(codeOf(encodeDerEcdsaSignature({ r: 1n, s: N }))).toBe('INTERNAL');
    expect(codeOf(encodeDerEcdsaSignature({ r: 1n, s: N + 5n }))).toBe('INTERNAL');
  });

  it('knows a P-521 key, and no other kind', () => {
    expect(ecdsaCurveOf(publicKey)).toBe('P-521');
    expect(ecdsaCurveOf(generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey)).toBeUndefined();
    expect(ecdsaCurveOf(generateKeyPairSync('ec', { namedCurve: 'P-384' }).publicKey)).toBeUndefined();
    expect(ecdsaCurveOf(generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey)).toBeUndefined();
    expect(ecdsaCurveOf(generateKeyPairSync('ed25519').publicKey)).toBeUndefined();
  });
});
