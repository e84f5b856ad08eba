// Builds .signet bytes from parts, for tests that need seals no honest sender makes
// (re-encrypted, forwarded, altered contents). Uses the format code's own pieces.
import { randomBytes } from 'node:crypto';
import { PAYLOAD_CHUNK_SIZE, TAG_SIZE, type FormatVersion } from '../../src/main/format/constants.js';
import { encodeHeader, parseHeader } from '../../src/main/format/header.js';
import { payloadKey } from '../../src/main/format/keySchedule.js';
import { sealChunk } from '../../src/main/format/streamAead.js';
import type { LocalRecipient } from './localKeys.js';
import { createDecipheriv } from 'node:crypto';

/** The payload of `plaintext` in chunks of `chunkSize` bytes (PAYLOAD_CHUNK_SIZE of the version). */
export function encryptPayload(key: Buffer, plaintext: Buffer, chunkSize: number): Buffer {
  const parts: Buffer[] = [];
  let counter = 0;
  let at = 0;
  while (plaintext.length - at > chunkSize) {
    parts.push(...sealChunk(key, counter++, false, plaintext.subarray(at, at + chunkSize)));
    at += chunkSize;
  }
  parts.push(...sealChunk(key, counter, true, plaintext.subarray(at)));
  return Buffer.concat(parts);
}

/** A complete seal of `container` bytes for `recipients`, with a fresh file key, in format `version` (1 unless told). */
export function craftSeal(container: Buffer, recipients: LocalRecipient[], version: FormatVersion = 1): Buffer {
  const fileKey = randomBytes(32);
  const nonce = randomBytes(16);
  const header = encodeHeader(version, recipients.map((r) => ({ keyArn: r.keyArn, wrappedKey: r.wrap(fileKey) })), nonce, fileKey);
  return Buffer.concat([header, encryptPayload(payloadKey(fileKey, nonce), container, PAYLOAD_CHUNK_SIZE[version])]);
}

/** The container plaintext of a seal, given its file key (what any recipient can compute). */
export function decryptContainer(sealed: Buffer, fileKey: Buffer): Buffer {
  const header = parseHeader(sealed);
  const key = payloadKey(fileKey, header.payloadNonce);
  const payload = sealed.subarray(header.payloadOffset);
  const ENCRYPTED_CHUNK_SIZE = PAYLOAD_CHUNK_SIZE[header.version] + TAG_SIZE;
  const out: Buffer[] = [];
  for (let at = 0, counter = 0; at < payload.length; at += ENCRYPTED_CHUNK_SIZE, counter++) {
    const chunk = payload.subarray(at, at + ENCRYPTED_CHUNK_SIZE);
    const last = at + ENCRYPTED_CHUNK_SIZE >= payload.length;
    const nonce = Buffer.alloc(12);
    nonce.writeUIntBE(counter, 5, 6);
    nonce[11] = last ? 1 : 0;
    const d = createDecipheriv('aes-256-gcm', key, nonce);
    d.setAuthTag(chunk.subarray(chunk.length - 16));
    out.push(d.update(chunk.subarray(0, chunk.length - 16)), d.final());
  }
  return Buffer.concat(out);
}
