// Strict DER for ECDSA signatures (SEQUENCE of two INTEGERs, RFC 3279): definite
// minimal lengths, minimally encoded positive integers, nothing after the sequence.
// OpenSSL accepts only this form since 1.0.2; Signet refuses anything else before
// verifying, so a signature cannot be altered into a second, still-valid encoding.

export function isStrictDerEcdsaSignature(bytes: Uint8Array): boolean {
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
  const readInteger = (): boolean => {
    if (bytes[at++] !== 0x02) return false;
    const length = readLength();
    if (length === undefined || length === 0 || at + length > bytes.length) return false;
    const first = bytes[at]!;
    if (first & 0x80) return false; // negative
    if (first === 0 && length > 1 && !(bytes[at + 1]! & 0x80)) return false; // non-minimal
    if (length === 1 && first === 0) return false; // zero is never a valid r or s
    at += length;
    return true;
  };
  if (bytes[at++] !== 0x30) return false;
  const total = readLength();
  if (total === undefined || at + total !== bytes.length) return false;
  return readInteger() && readInteger() && at === bytes.length;
}
