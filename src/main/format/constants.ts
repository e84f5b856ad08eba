// Sizes and bounds of the .signet format, versions 1 and 2 (docs/FORMAT.md).

/** The format versions this code reads; it writes version 2 (and version 1 only for callers that sign without a certificate). */
export type FormatVersion = 1 | 2;
export const FORMAT_VERSIONS: readonly FormatVersion[] = [1, 2];

/** "SIGNET" and a NUL; the magic's eighth byte is the format version. */
export const MAGIC_PREFIX = Buffer.from([0x53, 0x49, 0x47, 0x4e, 0x45, 0x54, 0x00]);
export const MAGIC_SIZE = MAGIC_PREFIX.length + 1;
export const magic = (version: FormatVersion): Buffer => Buffer.concat([MAGIC_PREFIX, Buffer.from([version])]);

export const FILE_KEY_SIZE = 32;
export const PAYLOAD_NONCE_SIZE = 16;
export const HEADER_MAC_SIZE = 32;
export const TAG_SIZE = 16;

/**
 * Plaintext bytes per payload chunk, by format version; every chunk but the last is
 * exactly this long. Version 2's size was chosen by measurement (docs/PERFORMANCE.md,
 * "Chunk size"). TypeScript sees the table read-only; it is left unfrozen only so that
 * scripts/benchChild.mjs can seal and open at other sizes for that measurement.
 */
export const PAYLOAD_CHUNK_SIZE: Readonly<Record<FormatVersion, number>> = { 1: 64 * 1024, 2: 256 * 1024 };

/** Bounds a reader enforces before allocating anything. */
export const MAX_HEADER_BODY = 64 * 1024;
export const MAX_STANZAS = 32;
export const MAX_KEY_ARN_BYTES = 2048;
export const MAX_WRAPPED_KEY_BYTES = 1024;
export const MAX_PATH_BYTES = 4096;
export const MAX_MANIFEST_BYTES = 32 * 1024 * 1024;
export const MAX_SIGNATURE_BLOCK_BYTES = 64 * 1024;
export const MAX_ENTRIES = 100_000;
/** Version 2: the signer's certificate and at most three intermediates, each at most this many bytes of DER. */
export const MAX_CERTIFICATES = 4;
export const MAX_CERTIFICATE_BYTES = 8 * 1024;
/** Version 2: a trusted timestamp (RFC 3161 token, with the TSA's certificate) is at most this many bytes of DER. */
export const MAX_TIMESTAMP_BYTES = 12 * 1024;

export const STANZA_KMS_RSA_OAEP_256 = 1;
