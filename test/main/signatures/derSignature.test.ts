import { generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isStrictDerEcdsaSignature } from '../../../src/main/signatures/derSignature.js';

const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-521' });
const signatures = Array.from({ length: 20 }, (_, i) => sign('sha512', Buffer.from(`message ${i}`), privateKey));

describe('strict DER ECDSA signatures', () => {
  it('accepts what OpenSSL makes (long-form lengths for P-521 included)', () => {
    for (const signature of signatures) expect(isStrictDerEcdsaSignature(signature)).toBe(true);
  });

  it('refuses trailing bytes, a wrong tag, truncation and an empty input', () => {
    const good = signatures[0]!;
    expect(isStrictDerEcdsaSignature(Buffer.concat([good, Buffer.from([0])]))).toBe(false);
    expect(isStrictDerEcdsaSignature(Buffer.concat([Buffer.from([0x31]), good.subarray(1)]))).toBe(false);
    expect(isStrictDerEcdsaSignature(good.subarray(0, good.length - 1))).toBe(false);
    expect(isStrictDerEcdsaSignature(Buffer.alloc(0))).toBe(false);
  });

  it('refuses non-minimal integers, negative integers, zero and non-minimal lengths', () => {
    const seq = (...parts: number[][]) => {
      const body = parts.flat();
      return Buffer.from([0x30, body.length, ...body]);
    };
    expect(isStrictDerEcdsaSignature(seq([0x02, 0x01, 0x05], [0x02, 0x01, 0x07]))).toBe(true);
    expect(isStrictDerEcdsaSignature(seq([0x02, 0x02, 0x00, 0x05], [0x02, 0x01, 0x07]))).toBe(false);
    expect(isStrictDerEcdsaSignature(seq([0x02, 0x01, 0x85], [0x02, 0x01, 0x07]))).toBe(false);
    expect(isStrictDerEcdsaSignature(seq([0x02, 0x01, 0x00], [0x02, 0x01, 0x07]))).toBe(false);
    expect(isStrictDerEcdsaSignature(Buffer.from([0x30, 0x81, 0x06, 0x02, 0x01, 0x05, 0x02, 0x01, 0x07]))).toBe(false);
    expect(isStrictDerEcdsaSignature(seq([0x02, 0x02, 0x00, 0x85], [0x02, 0x01, 0x07]))).toBe(true);
  });
});
