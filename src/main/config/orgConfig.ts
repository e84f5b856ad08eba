// The organisation configuration IT hands out (and the sandbox writes for itself):
// which region, how people sign in, the sender and receiver roles, the signing key,
// the directory of recipients and, optionally, service endpoints. Validated on load
// with messages that name the field; unknown fields are reported as warnings.
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { SignetError } from '../../shared/errors.js';
import { MAX_RECIPIENT_NAME } from '../format/manifest.js';
import { KMS_KEY_ARN, KMS_KEY_REFERENCE, isPlainLabel } from '../format/shapes.js';

const arn = (kind: string) => z.string().regex(/^arn:aws[\w-]*:/, `must be an ${kind} ARN (arn:aws:…)`);
const keyRef = z.string().regex(KMS_KEY_REFERENCE, 'must be a KMS key ARN, alias ARN or alias/NAME');
// Recipient names go into every seal's signed manifest, which allows only plain labels.
const recipientName = z
  .string()
  .refine((name) => isPlainLabel(name, MAX_RECIPIENT_NAME), `must be 1 to ${MAX_RECIPIENT_NAME} characters with no control or invisible ones`);
const pemCertificate = z.string().regex(/^-----BEGIN CERTIFICATE-----\r?\n[A-Za-z0-9+/=\r\n]+-----END CERTIFICATE-----\r?\n?$/, 'must be one PEM certificate');
const url = z.string().regex(/^https?:\/\//, 'must be an http(s) URL');

export const OrgConfigSchema = z
  .object({
    signet: z.literal(1),
    organisation: z.string().min(1),
    region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'must be an AWS region such as eu-west-1'),
    /** True when this configuration points at the embedded sandbox (demo mode). */
    sandbox: z.boolean().default(false),
    signIn: z.union([
      z
        .object({
          sso: z
            .object({
              startUrl: url,
              region: z.string().min(1),
              accountId: z.string().regex(/^\d{12}$/, 'must be a 12-digit AWS account id'),
              roleName: z.string().min(1),
            })
            ,
        })
        ,
      z.object({ profile: z.string().min(1) }),
    ]),
    roles: z.object({ sender: arn('IAM role'), receiver: arn('IAM role') }),
    signingKey: keyRef,
    recipients: z
      .array(z.object({ name: recipientName, key: keyRef }))
      .min(1)
      .max(100),
    endpoints: z
      .object({ kms: url.optional(), sts: url.optional(), sso: url.optional(), ssoOidc: url.optional(), acmPca: url.optional() })
      
      .optional(),
    /** Trust v2 (docs/TRUST.md): the organisation's root CA, the only trust anchor. */
    trust: z
      .object({
        /** SHA-256 (hex) of the root certificate's DER bytes. */
        rootSha256: z.string().regex(/^[0-9a-f]{64}$/, 'must be a SHA-256 fingerprint in hex'),
        /** The root certificate itself, PEM; it must match rootSha256. */
        rootCertificate: pemCertificate.optional(),
        /** Where IT publishes the current trust file (signet admin export), fetched when online. */
        updates: url.optional(),
        /** The organisation's report-signing key (an ECC_NIST_P521 KMS key receivers may Sign with) and its certificate from the issuing CA: it signs every evidence folder's report.pdf. */
        reportSigning: z.object({ key: z.string().regex(KMS_KEY_ARN, 'must be a KMS key ARN'), certificate: pemCertificate }).optional(),
        /** The RFC 3161 time-stamping authority asked for a trusted time at every seal (docs/TRUST.md, "Trusted time"). */
        timestamps: url.optional(),
      })
      .optional(),
  })
  ;

export type OrgConfig = z.infer<typeof OrgConfigSchema>;
export type OrgConfigInput = z.input<typeof OrgConfigSchema>;

export class ConfigError extends SignetError {
  constructor(message: string) {
    super('CONFIG_INVALID', message);
  }
}

/** Fields present in `raw` that the schema dropped from `parsed`, as dotted paths. */
function unknownFields(raw: unknown, parsed: unknown, path: string[] = []): string[] {
  if (typeof raw !== 'object' || raw === null || typeof parsed !== 'object' || parsed === null) return [];
  if (Array.isArray(raw)) return Array.isArray(parsed) ? raw.flatMap((item, i) => unknownFields(item, parsed[i], [...path, String(i)])) : [];
  return Object.entries(raw).flatMap(([key, value]) =>
    key in parsed ? unknownFields(value, (parsed as Record<string, unknown>)[key], [...path, key]) : [[...path, key].join('.')],
  );
}

/** Parses a configuration's text; throws ConfigError naming the first bad field. Unknown fields become warnings. */
export function parseOrgConfigWithWarnings(text: string, source: string): { config: OrgConfig; warnings: string[] } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`${source} is not valid JSON (${(error as Error).message}). Ask IT for a fresh copy.`);
  }
  const result = OrgConfigSchema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const field = issue.path.join('.') || '(top level)';
    throw new ConfigError(`${source}: the field "${field}" ${issue.message.replace(/^Invalid input: /, 'is invalid: ')}. Ask IT to correct the configuration.`);
  }
  const warnings = unknownFields(raw, result.data).map((field) => `${source}: the field "${field}" is not one Signet knows; it was ignored. Check its spelling with IT.`);
  return { config: result.data, warnings };
}

export function parseOrgConfig(text: string, source: string): OrgConfig {
  return parseOrgConfigWithWarnings(text, source).config;
}

export async function loadOrgConfig(path: string, onWarning: (warning: string) => void = () => undefined): Promise<OrgConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`Cannot read the configuration ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`);
  }
  const { config, warnings } = parseOrgConfigWithWarnings(text, path);
  warnings.forEach(onWarning);
  return config;
}
