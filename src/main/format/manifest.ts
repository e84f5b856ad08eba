// The manifest (docs/FORMAT.md, "Manifest"): what the sender signs. Canonical JSON —
// keys sorted, no insignificant white space, UTF-8 — so the signed bytes are exactly
// the bytes a third party checks with `openssl dgst -sha512 -verify`. It binds the
// signer's key and session, the recipients' keys (so a recipient cannot re-seal it
// for someone else unnoticed), the time, and every entry's name, size and SHA-256.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { SignetError } from '../../shared/errors.js';
import { ASSUMED_ROLE_ARN, KMS_KEY_ARN, STS_SESSION_NAME, isPlainLabel, isPlainText } from './shapes.js';

const hex = (bytes: number) => z.string().regex(new RegExp(`^[0-9a-f]{${bytes * 2}}$`));
const kmsKeyArn = z.string().regex(KMS_KEY_ARN, 'is not a KMS key ARN');

/** The longest recipient name: the organisation configuration allows no more. */
export const MAX_RECIPIENT_NAME = 100;
/** The longest KMS request id kept (KMS gives a 36-character UUID). */
export const MAX_REQUEST_ID = 128;

export const ManifestSchema = z
  .object({
    format: z.literal('signet-manifest/1'),
    createdAt: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
    signer: z
      .object({
        keyArn: kmsKeyArn,
        signingAlgorithm: z.literal('ECDSA_SHA_512'),
        publicKeySha256: hex(32),
        sessionArn: z.string().regex(ASSUMED_ROLE_ARN, 'is not an assumed-role session ARN'),
        sourceIdentity: z.string().regex(STS_SESSION_NAME, 'is not an STS source identity').optional(),
        accountId: z.string().regex(/^\d{12}$/),
      })
      .strict(),
    recipients: z
      .array(
        z
          .object({
            name: z.string().refine((name) => isPlainLabel(name, MAX_RECIPIENT_NAME), `must be 1 to ${MAX_RECIPIENT_NAME} characters with no control or invisible ones`),
            keyArn: kmsKeyArn,
          })
          .strict(),
      )
      .min(1),
    entries: z.array(
      z.discriminatedUnion('type', [
        z.object({ type: z.literal('file'), path: z.string().min(1), size: z.number().int().min(0), sha256: hex(32) }).strict(),
        z.object({ type: z.literal('folder'), path: z.string().min(1) }).strict(),
      ]),
    ),
  })
  .strict();

export type Manifest = z.infer<typeof ManifestSchema>;
export type ManifestEntry = Manifest['entries'][number];

export const SignatureBlockSchema = z
  .object({
    format: z.literal('signet-signature/1'),
    keyArn: kmsKeyArn,
    signingAlgorithm: z.literal('ECDSA_SHA_512'),
    messageType: z.literal('DIGEST'),
    /** DER-encoded ECDSA signature over SHA-512(manifest bytes), base64. */
    signature: z.string().regex(/^[A-Za-z0-9+/]+={0,2}$/),
    /** The request id of the KMS Sign call: finds the call in CloudTrail. */
    kmsRequestId: z.string().refine((id) => isPlainText(id, MAX_REQUEST_ID), `must be at most ${MAX_REQUEST_ID} characters with no control or invisible ones`),
  })
  .strict();

export type SignatureBlock = z.infer<typeof SignatureBlockSchema>;

/** Canonical JSON: object keys in code-point order, no white space, arrays in order. */
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

export const parseManifest = (bytes: Buffer): Manifest => parseCanonical(bytes, ManifestSchema, 'manifest');
export const parseSignatureBlock = (bytes: Buffer): SignatureBlock => parseCanonical(bytes, SignatureBlockSchema, 'signature block');
