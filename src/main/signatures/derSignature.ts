// Strict DER for ECDSA signatures (SEQUENCE of two INTEGERs, RFC 3279): definite
// minimal lengths, minimally encoded positive integers, nothing after the sequence.
// OpenSSL accepts only this form since 1.0.2; Signet refuses anything else before
// verifying, so the same (r, s) cannot travel in a second, BER-only encoding. Strict
// DER does not make a signature unique: (r, n − s) is a second valid signature for
// the same message and key; lowS.ts deals with that.
import { SignetError } from '../../shared/errors.js';

/** The two integers of an ECDSA signature. */
export interface EcdsaSignature {
  r: bigint;
  s: bigint;
}

/** r and s of `bytes` if it is a strict-DER ECDSA signature with r, s ≥ 1; otherwise undefined. */
export function parseDerEcdsaSignature(bytes: Uint8Array): EcdsaSignature | undefined {
  let at = 0;
  const readLength = (): number | undefined => {
    const first = bytes[at++];
    if (first === undefined) return undefined;
    if (first < 0x80) return first;
    const count = first & 0x7f;
    if (count === 0 || count > 2) return undefined;
    let length = 0;
    for (let i = 0; i < count; i++) {
      const b = bytes[at++];
      if (b === undefined) return undefined;
      length = (length << 8) | b;
    }
    // Long form only for lengths that need it, without leading zero bytes.
    if (length < 0x80 || (count === 2 && length < 0x100)) return undefined;
    return length;
  };
  const readInteger = (): bigint | undefined => {
    if (bytes[at++] !== 0x02) return undefined;
    const length = readLength();
    if (length === undefined || length === 0 || at + length > bytes.length) return undefined;
    const first = bytes[at]!;
    if (first & 0x80) return undefined; // negative
    if (first === 0 && length > 1 && !(bytes[at + 1]! & 0x80)) return undefined; // non-minimal
    if (length === 1 && first === 0) return undefined; // zero is never a valid r or s
    const value = BigInt(`0x${Buffer.from(bytes.subarray(at, at + length)).toString('hex')}`);
    at += length;
    return value;
  };
  if (bytes[at++] !== 0x30) return undefined;
  const total = readLength();
  if (total === undefined || at + total !== bytes.length) return undefined;
  const r = readInteger();
  if (r === undefined) return undefined;
  const s = readInteger();
  if (s === undefined || at !== bytes.length) return undefined;
  return { r, s };
}

export function isStrictDerEcdsaSignature(bytes: Uint8Array): boolean {
  return parseDerEcdsaSignature(bytes) !== undefined;
}

function derLength(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length]);
  if (length < 0x100) return Buffer.from([0x81, length]);
  return Buffer.from([0x82, length >> 8, length & 0xff]);
}

function derInteger(value: bigint): Buffer {
  const hex = value.toString(16);
  let bytes = Buffer.from(hex.length % 2 ? `0${hex}` : hex, 'hex');
  // A set top bit would read as negative: a leading zero byte keeps it positive.
  if (bytes[0]! & 0x80) bytes = Buffer.concat([Buffer.from([0]), bytes]);
  return Buffer.concat([Buffer.from([0x02]), derLength(bytes.length), bytes]);
}

/** The strict (minimal) DER encoding of a signature whose r and s are both ≥ 1. */
export function encodeDerEcdsaSignature({ r, s }: EcdsaSignature): Buffer {
  if (r < 1n || s < 1n) throw new SignetError('INTERNAL', undefined, 'an ECDSA signature to encode has r or s below 1');
  const body = Buffer.concat([derInteger(r), derInteger(s)]);
  return Buffer.concat([Buffer.from([0x30]), derLength(body.length), body]);
}
