// Sizes and bounds of the .signet format, version 1 (docs/FORMAT.md).

/** "SIGNET", a NUL, and the format version. */
export const MAGIC = Buffer.from([0x53, 0x49, 0x47, 0x4e, 0x45, 0x54, 0x00, 0x01]);
export const FILE_KEY_SIZE = 32;
export const PAYLOAD_NONCE_SIZE = 16;
export const HEADER_MAC_SIZE = 32;
/** Plaintext bytes per payload chunk; every chunk but the last is exactly this long. */
export const CHUNK_SIZE = 64 * 1024;
export const TAG_SIZE = 16;
export const ENCRYPTED_CHUNK_SIZE = CHUNK_SIZE + TAG_SIZE;

/** Bounds a reader enforces before allocating anything. */
export const MAX_HEADER_BODY = 64 * 1024;
export const MAX_STANZAS = 32;
export const MAX_KEY_ARN_BYTES = 2048;
export const MAX_WRAPPED_KEY_BYTES = 1024;
export const MAX_PATH_BYTES = 4096;
export const MAX_MANIFEST_BYTES = 32 * 1024 * 1024;
export const MAX_SIGNATURE_BLOCK_BYTES = 64 * 1024;
export const MAX_ENTRIES = 100_000;

export const STANZA_KMS_RSA_OAEP_256 = 1;
