// The manifest (docs/FORMAT.md, "Manifest"): what the sender signs. Canonical JSON —
// keys sorted, no insignificant white space, UTF-8 — so the signed bytes are exactly
// the bytes a third party checks with `openssl dgst -sha512 -verify`. It binds the
// signer's key and session, the recipients' keys (so a recipient cannot re-seal it
// for someone else unnoticed), the time, and every entry's name, size and SHA-256.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { SignetError } from '../../shared/errors.js';

const hex = (bytes: number) => z.string().regex(new RegExp(`^[0-9a-f]{${bytes * 2}}$`));

export const ManifestSchema = z
  .object({
    format: z.literal('signet-manifest/1'),
    createdAt: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
    signer: z
      .object({
        keyArn: z.string().min(1),
        signingAlgorithm: z.literal('ECDSA_SHA_512'),
        publicKeySha256: hex(32),
        sessionArn: z.string().min(1),
        sourceIdentity: z.string().min(1).optional(),
        accountId: z.string().regex(/^\d{12}$/),
      })
      .strict(),
    recipients: z.array(z.object({ name: z.string().min(1), keyArn: z.string().min(1) }).strict()).min(1),
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
    keyArn: z.string().min(1),
    signingAlgorithm: z.literal('ECDSA_SHA_512'),
    messageType: z.literal('DIGEST'),
    /** DER-encoded ECDSA signature over SHA-512(manifest bytes), base64. */
    signature: z.string().regex(/^[A-Za-z0-9+/]+={0,2}$/),
    /** The request id of the KMS Sign call: finds the call in CloudTrail. */
    kmsRequestId: z.string(),
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

/** Parses bytes that must be a canonical instance of `schema`; anything else is tampering. */
function parseCanonical<T>(bytes: Buffer, schema: z.ZodType<T>, what: string): T {
  let raw: unknown;
  try {
    raw = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw new SignetError('TAMPERED', undefined, `the ${what} is not valid JSON`);
  }
  const result = schema.safeParse(raw);
  if (!result.success) throw new SignetError('TAMPERED', undefined, `the ${what} is malformed: ${result.error.issues[0]?.message}`);
  if (!encodeCanonical(raw).equals(bytes)) throw new SignetError('TAMPERED', undefined, `the ${what} is not in canonical form`);
  return result.data;
}

export const parseManifest = (bytes: Buffer): Manifest => parseCanonical(bytes, ManifestSchema, 'manifest');
export const parseSignatureBlock = (bytes: Buffer): SignatureBlock => parseCanonical(bytes, SignatureBlockSchema, 'signature block');
