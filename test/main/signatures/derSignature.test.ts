import { generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { encodeDerEcdsaSignature, isStrictDerEcdsaSignature, parseDerEcdsaSignature } from '../../../src/main/signatures/derSignature.js';

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

  it('reads r and s, and encodes them back to the same bytes', () => {
    for (const signature of signatures) {
      const parsed = parseDerEcdsaSignature(signature)!;
      expect(parsed.r).toBeGreaterThan(0n);
      expect(encodeDerEcdsaSignature(parsed).equals(signature)).toBe(true);
    }
    expect(parseDerEcdsaSignature(Buffer.from([0x30, 0x06, 0x02, 0x01, 0x05, 0x02, 0x01, 0x07]))).toEqual({ r: 5n, s: 7n });
    expect(parseDerEcdsaSignature(Buffer.from([0x30, 0x06, 0x02, 0x01, 0x05, 0x02, 0x02, 0x00, 0x07]))).toBeUndefined();
  });

  it('encodes minimally: a zero byte only before a set top bit, long-form lengths only past 127 bytes', () => {
    expect(encodeDerEcdsaSignature({ r: 5n, s: 0x85n })).toEqual(Buffer.from([0x30, 0x07, 0x02, 0x01, 0x05, 0x02, 0x02, 0x00, 0x85]));
    expect(encodeDerEcdsaSignature({ r: 0x1234n, s: 7n })).toEqual(Buffer.from([0x30, 0x07, 0x02, 0x02, 0x12, 0x34, 0x02, 0x01, 0x07]));
    const big = (1n << 520n) - 1n; // 66 bytes, top bit of the first byte clear
    const encoded = encodeDerEcdsaSignature({ r: big, s: big });
    expect(encoded.subarray(0, 3)).toEqual(Buffer.from([0x30, 0x81, 2 * (2 + 66)]));
    expect(isStrictDerEcdsaSignature(encoded)).toBe(true);
    expect(parseDerEcdsaSignature(encoded)).toEqual({ r: big, s: big });
    const long = (1n << 1100n) - 1n; // a body over 255 bytes needs a two-byte length
    expect(encodeDerEcdsaSignature({ r: long, s: long }).subarray(0, 2)).toEqual(Buffer.from([0x30, 0x82]));
    expect(parseDerEcdsaSignature(encodeDerEcdsaSignature({ r: long, s: long }))).toEqual({ r: long, s: long });
  });
});
