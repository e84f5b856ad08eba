// Key derivation (docs/FORMAT.md, "Keys"): the random 256-bit file key never
// encrypts anything itself. HKDF-SHA-256 derives the header MAC key and the payload
// key from it, with distinct labels, so the two uses can never collide; the payload
// key also takes the header's random nonce as salt, so even a reused file key would
// give a fresh payload key and the counter nonces below stay unique.
import { hkdfSync } from 'node:crypto';

const HEADER_LABEL = 'signet/v1 header';
const PAYLOAD_LABEL = 'signet/v1 payload';

export function headerKey(fileKey: Uint8Array): Buffer {
  return Buffer.from(hkdfSync('sha256', fileKey, Buffer.alloc(0), HEADER_LABEL, 32));
}

export function payloadKey(fileKey: Uint8Array, payloadNonce: Uint8Array): Buffer {
  return Buffer.from(hkdfSync('sha256', fileKey, payloadNonce, PAYLOAD_LABEL, 32));
}
