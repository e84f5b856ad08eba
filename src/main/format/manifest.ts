// The manifest (docs/FORMAT.md, "Manifest"): what the sender signs. Canonical JSON —
// keys sorted, no insignificant white space, UTF-8 — so the signed bytes are exactly
// the bytes a third party checks with `openssl dgst -sha512 -verify`. It binds the
// signer's key and session, the recipients' keys (so a recipient cannot re-seal it
// for someone else unnoticed), the time, and every entry's name, size and SHA-256.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { SignetError } from '../../shared/errors.js';
import { MAX_CERTIFICATE_BYTES, MAX_CERTIFICATES, MAX_TIMESTAMP_BYTES } from './constants.js';
import { ASSUMED_ROLE_ARN, KMS_KEY_ARN, STS_SESSION_NAME, isPlainLabel, isPlainText } from './shapes.js';

const hex = (bytes: number) => z.string().regex(new RegExp(`^[0-9a-f]{${bytes * 2}}$`));
const kmsKeyArn = z.string().regex(KMS_KEY_ARN, 'is not a KMS key ARN');

/** The longest recipient name: the organisation configuration allows no more. */
export const MAX_RECIPIENT_NAME = 100;
/** The longest KMS request id kept (KMS gives a 36-character UUID). */
export const MAX_REQUEST_ID = 128;

const createdAt = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
const sessionArn = z.string().regex(ASSUMED_ROLE_ARN, 'is not an assumed-role session ARN');
const sourceIdentity = z.string().regex(STS_SESSION_NAME, 'is not an STS source identity').optional();
const accountId = z.string().regex(/^\d{12}$/);
const recipientName = z.string().refine((name) => isPlainLabel(name, MAX_RECIPIENT_NAME), `must be 1 to ${MAX_RECIPIENT_NAME} characters with no control or invisible ones`);
const entries = z.array(
  z.discriminatedUnion('type', [
    z.object({ type: z.literal('file'), path: z.string().min(1), size: z.number().int().min(0), sha256: hex(32) }).strict(),
    z.object({ type: z.literal('folder'), path: z.string().min(1) }).strict(),
  ]),
);
const base64 = z.string().regex(/^[A-Za-z0-9+/]+={0,2}$/);
/** Version 2 takes base64 in its one canonical form only (padded, unused bits zero), so each value has one spelling. */
const canonicalBase64 = base64.refine((text) => Buffer.from(text, 'base64').toString('base64') === text, 'is not canonical base64');
/** The request id of the KMS Sign call: finds the call in CloudTrail. */
const kmsRequestId = z.string().refine((id) => isPlainText(id, MAX_REQUEST_ID), `must be at most ${MAX_REQUEST_ID} characters with no control or invisible ones`);

/** Version 1: the signer is named by its KMS key and the SHA-256 of that key's SubjectPublicKeyInfo. */
export const ManifestV1Schema = z
  .object({
    format: z.literal('signet-manifest/1'),
    createdAt,
    signer: z
      .object({
        keyArn: kmsKeyArn,
        signingAlgorithm: z.literal('ECDSA_SHA_512'),
        publicKeySha256: hex(32),
        sessionArn,
        sourceIdentity,
        accountId,
      })
      .strict(),
    recipients: z.array(z.object({ name: recipientName, keyArn: kmsKeyArn }).strict()).min(1),
    entries,
  })
  .strict();

/**
 * Version 2: the signer and every recipient are bound by the SHA-256 of their X.509
 * certificate's DER (docs/TRUST.md). The session fields are what the sender's
 * computer says about the KMS Sign call, not something a certificate proves.
 */
export const ManifestV2Schema = z
  .object({
    format: z.literal('signet-manifest/2'),
    createdAt,
    signer: z
      .object({
        keyArn: kmsKeyArn,
        signingAlgorithm: z.literal('ECDSA_SHA_512'),
        certificateSha256: hex(32),
        sessionArn,
        sourceIdentity,
        accountId,
      })
      .strict(),
    recipients: z.array(z.object({ name: recipientName, keyArn: kmsKeyArn, certificateSha256: hex(32) }).strict()).min(1),
    entries,
  })
  .strict();

export type ManifestV1 = z.infer<typeof ManifestV1Schema>;
export type ManifestV2 = z.infer<typeof ManifestV2Schema>;
export type Manifest = ManifestV1 | ManifestV2;
export type ManifestEntry = Manifest['entries'][number];

export const SignatureBlockV1Schema = z
  .object({
    format: z.literal('signet-signature/1'),
    keyArn: kmsKeyArn,
    signingAlgorithm: z.literal('ECDSA_SHA_512'),
    messageType: z.literal('DIGEST'),
    /** DER-encoded ECDSA signature over SHA-512(manifest bytes), base64. */
    signature: base64,
    kmsRequestId,
  })
  .strict();

/**
 * Version 2 adds the signer's certificate chain: [0] the signer's own, then
 * intermediates up to (not including) the root; base64 DER. Optionally a trusted
 * timestamp: an RFC 3161 TimeStampToken (base64 DER) whose imprint is the SHA-512 of
 * the DER signature, so it belongs to this seal's signature and no other.
 */
export const SignatureBlockV2Schema = z
  .object({
    format: z.literal('signet-signature/2'),
    keyArn: kmsKeyArn,
    signingAlgorithm: z.literal('ECDSA_SHA_512'),
    messageType: z.literal('DIGEST'),
    signature: canonicalBase64,
    kmsRequestId,
    certificates: z
      .array(canonicalBase64.refine((text) => Buffer.byteLength(text, 'base64') <= MAX_CERTIFICATE_BYTES, `must be at most ${MAX_CERTIFICATE_BYTES} bytes of DER`))
      .min(1)
      .max(MAX_CERTIFICATES),
    timestamp: canonicalBase64.refine((text) => Buffer.byteLength(text, 'base64') <= MAX_TIMESTAMP_BYTES, `must be at most ${MAX_TIMESTAMP_BYTES} bytes of DER`).optional(),
  })
  .strict();

export type SignatureBlockV1 = z.infer<typeof SignatureBlockV1Schema>;
export type SignatureBlockV2 = z.infer<typeof SignatureBlockV2Schema>;
export type SignatureBlock = SignatureBlockV1 | SignatureBlockV2;

/**
 * Canonical JSON, the subset of RFC 8785 (JCS) for documents of objects, arrays,
 * strings, booleans, null and safe integers: object members sorted by their names'
 * UTF-16 code units (what `<` compares), no white space, strings escaped as
 * JSON.stringify does (which RFC 8785 §3.2.2.2 adopts). Numbers other than safe
 * integers are refused rather than given RFC 8785's floating-point form.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isSafeInteger(value)) throw new Error('canonical JSON takes only safe integers');
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export const encodeCanonical = (value: unknown): Buffer => Buffer.from(canonicalJson(value), 'utf8');

export const manifestDigest = (manifestBytes: Uint8Array): Buffer => createHash('sha512').update(manifestBytes).digest();

/** The first problem zod found, with where it is ("signer.sourceIdentity: is not an STS source identity"); never the offending value. */
export function issueText(error: z.ZodError): string {
  const issue = error.issues[0];
  return issue ? `${issue.path.map(String).join('.')}: ${issue.message}` : 'unknown problem';
}

/** Parses bytes that must be a canonical instance of `schema`; anything else is tampering. */
function parseCanonical<T>(bytes: Buffer, schema: z.ZodType<T>, what: string): T {
  let raw: unknown;
  try {
    raw = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw new SignetError('TAMPERED', undefined, `the ${what} is not valid JSON`);
  }
  const result = schema.safeParse(raw);
  if (!result.success) throw new SignetError('TAMPERED', undefined, `the ${what} is malformed: ${issueText(result.error)}`);
  if (!encodeCanonical(raw).equals(bytes)) throw new SignetError('TAMPERED', undefined, `the ${what} is not in canonical form`);
  return result.data;
}

export const parseManifestV1 = (bytes: Buffer): ManifestV1 => parseCanonical(bytes, ManifestV1Schema, 'manifest');
export const parseManifestV2 = (bytes: Buffer): ManifestV2 => parseCanonical(bytes, ManifestV2Schema, 'manifest');
export const parseSignatureBlockV1 = (bytes: Buffer): SignatureBlockV1 => parseCanonical(bytes, SignatureBlockV1Schema, 'signature block');
export const parseSignatureBlockV2 = (bytes: Buffer): SignatureBlockV2 => parseCanonical(bytes, SignatureBlockV2Schema, 'signature block');
