// The .signet header (docs/FORMAT.md, "Header"): magic (whose last byte is the format
// version, 1 or 2; the layout is the same in both), body length, the payload
// nonce and one stanza per recipient (KMS key ARN + the file key wrapped with that
// key's RSA public key), then an HMAC-SHA-256 over everything before it under a key
// derived from the file key. Any change to the header — a swapped, added or removed
// stanza included — fails the MAC once the file key is known.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { SignetError } from '../../shared/errors.js';
import {
  FORMAT_VERSIONS,
  HEADER_MAC_SIZE,
  MAGIC_PREFIX,
  MAGIC_SIZE,
  MAX_HEADER_BODY,
  MAX_KEY_ARN_BYTES,
  MAX_STANZAS,
  MAX_WRAPPED_KEY_BYTES,
  PAYLOAD_NONCE_SIZE,
  STANZA_KMS_RSA_OAEP_256,
  magic,
  type FormatVersion,
} from './constants.js';
import { headerKey } from './keySchedule.js';
import { KMS_KEY_ARN } from './shapes.js';

export interface Stanza {
  /** The recipient's KMS key ARN. */
  keyArn: string;
  /** The file key, RSAES-OAEP-SHA-256-encrypted with that key's public key. */
  wrappedKey: Buffer;
}

export interface Header {
  version: FormatVersion;
  payloadNonce: Buffer;
  stanzas: Stanza[];
  /** Magic, length and body: the bytes the MAC covers. */
  authenticated: Buffer;
  mac: Buffer;
  /** Where the payload starts in the file. */
  payloadOffset: number;
}

/** Bytes needed before the body length is known. */
export const HEADER_PREFIX_SIZE = MAGIC_SIZE + 4;

function macOf(fileKey: Uint8Array, authenticated: Buffer): Buffer {
  return createHmac('sha256', headerKey(fileKey)).update(authenticated).digest();
}

export function encodeHeader(version: FormatVersion, stanzas: Stanza[], payloadNonce: Buffer, fileKey: Uint8Array): Buffer {
  if (stanzas.length < 1 || stanzas.length > MAX_STANZAS) throw new Error(`a header takes 1 to ${MAX_STANZAS} stanzas`);
  if (payloadNonce.length !== PAYLOAD_NONCE_SIZE) throw new Error('payload nonce must be 16 bytes');
  const parts: Buffer[] = [payloadNonce, u16(stanzas.length)];
  for (const stanza of stanzas) {
    const arn = Buffer.from(stanza.keyArn, 'utf8');
    if (arn.length < 1 || arn.length > MAX_KEY_ARN_BYTES) throw new Error('key ARN length out of bounds');
    if (!KMS_KEY_ARN.test(stanza.keyArn)) throw new Error('a stanza needs a KMS key ARN');
    if (stanza.wrappedKey.length < 1 || stanza.wrappedKey.length > MAX_WRAPPED_KEY_BYTES) throw new Error('wrapped key length out of bounds');
    parts.push(Buffer.from([STANZA_KMS_RSA_OAEP_256]), u16(arn.length), arn, u16(stanza.wrappedKey.length), stanza.wrappedKey);
  }
  const body = Buffer.concat(parts);
  if (body.length > MAX_HEADER_BODY) throw new Error('header body too large');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(body.length);
  const authenticated = Buffer.concat([magic(version), length, body]);
  return Buffer.concat([authenticated, macOf(fileKey, authenticated)]);
}

function u16(n: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(n);
  return b;
}

/**
 * Why a file shorter than the header prefix fails: a seal cut short (TRUNCATED) if its
 * bytes begin as Signet's magic ("SIGNET\0") does, and otherwise not a Signet file.
 */
export function shortPrefixError(bytes: Buffer): SignetError {
  const seen = bytes.subarray(0, Math.min(bytes.length, MAGIC_PREFIX.length));
  return seen.length > 0 && seen.equals(MAGIC_PREFIX.subarray(0, seen.length))
    ? new SignetError('TRUNCATED', undefined, `the file ends after ${bytes.length} bytes, inside the header prefix`)
    : new SignetError('NOT_A_SIGNET_FILE', undefined, 'file shorter than the header prefix');
}

/** From the first HEADER_PREFIX_SIZE bytes: how many more bytes the header needs (body + MAC). */
export function headerRemainder(prefix: Buffer): number {
  if (prefix.length < HEADER_PREFIX_SIZE) throw shortPrefixError(prefix);
  if (!prefix.subarray(0, MAGIC_PREFIX.length).equals(MAGIC_PREFIX)) throw new SignetError('NOT_A_SIGNET_FILE', undefined, 'magic bytes do not match');
  versionOf(prefix);
  const bodyLength = prefix.readUInt32BE(MAGIC_SIZE);
  if (bodyLength > MAX_HEADER_BODY) throw new SignetError('LIMIT_EXCEEDED', undefined, `header body of ${bodyLength} bytes exceeds ${MAX_HEADER_BODY}`);
  return bodyLength + HEADER_MAC_SIZE;
}

/** The format version in a header prefix whose magic matched; UNSUPPORTED_VERSION for any other than 1 or 2. */
function versionOf(prefix: Buffer): FormatVersion {
  const version = FORMAT_VERSIONS.find((v) => v === prefix[MAGIC_PREFIX.length]);
  if (version === undefined) throw new SignetError('UNSUPPORTED_VERSION', undefined, `format version ${prefix[MAGIC_PREFIX.length]}`);
  return version;
}

function utf8(bytes: Buffer, malformed: (why: string) => SignetError): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw malformed('a key ARN is not UTF-8');
  }
}

/** Parses a complete header (prefix + body + MAC). The MAC is checked later, with the file key. */
export function parseHeader(bytes: Buffer): Header {
  const remainder = headerRemainder(bytes.subarray(0, HEADER_PREFIX_SIZE));
  const total = HEADER_PREFIX_SIZE + remainder;
  if (bytes.length < total) throw new SignetError('TRUNCATED', undefined, 'file ends inside the header');
  const body = bytes.subarray(HEADER_PREFIX_SIZE, total - HEADER_MAC_SIZE);
  const malformed = (why: string): SignetError => new SignetError('TAMPERED', undefined, `malformed header: ${why}`);
  let at = 0;
  const take = (n: number): Buffer => {
    if (at + n > body.length) throw malformed('a field runs past the end of the header');
    const out = body.subarray(at, at + n);
    at += n;
    return out;
  };
  const payloadNonce = Buffer.from(take(PAYLOAD_NONCE_SIZE));
  const count = take(2).readUInt16BE();
  if (count < 1 || count > MAX_STANZAS) throw malformed(`${count} stanzas (1 to ${MAX_STANZAS} allowed)`);
  const stanzas: Stanza[] = [];
  for (let i = 0; i < count; i++) {
    const type = take(1)[0];
    if (type !== STANZA_KMS_RSA_OAEP_256) throw malformed(`unknown stanza type ${type}`);
    const arnLength = take(2).readUInt16BE();
    if (arnLength < 1 || arnLength > MAX_KEY_ARN_BYTES) throw malformed('key ARN length out of bounds');
    const keyArn = utf8(take(arnLength), malformed);
    if (!KMS_KEY_ARN.test(keyArn)) throw malformed('a recipient key is not a KMS key ARN');
    const wrappedLength = take(2).readUInt16BE();
    if (wrappedLength < 1 || wrappedLength > MAX_WRAPPED_KEY_BYTES) throw malformed('wrapped key length out of bounds');
    stanzas.push({ keyArn, wrappedKey: Buffer.from(take(wrappedLength)) });
  }
  if (at !== body.length) throw malformed('trailing bytes after the last stanza');
  return {
    version: versionOf(bytes),
    payloadNonce,
    stanzas,
    authenticated: Buffer.from(bytes.subarray(0, total - HEADER_MAC_SIZE)),
    mac: Buffer.from(bytes.subarray(total - HEADER_MAC_SIZE, total)),
    payloadOffset: total,
  };
}

/** Constant-time check of the header MAC under the file key. */
export function headerMacMatches(header: Header, fileKey: Uint8Array): boolean {
  return timingSafeEqual(macOf(fileKey, header.authenticated), header.mac);
}
