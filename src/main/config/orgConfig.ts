// The organisation configuration IT hands out (and the sandbox writes for itself):
// which region, how people sign in, the sender and receiver roles, the signing key,
// the directory of recipients and, optionally, service endpoints. Validated on load
// with messages that name the field; unknown fields are reported as warnings.
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { SignetError } from '../../shared/errors.js';

const arn = (kind: string) => z.string().regex(/^arn:aws[\w-]*:/, `must be an ${kind} ARN (arn:aws:…)`);
const keyRef = z.string().regex(/^(arn:aws[\w-]*:kms:|alias\/)/, 'must be a KMS key ARN, alias ARN or alias/NAME');
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
            .strict(),
        })
        .strict(),
      z.object({ profile: z.string().min(1) }).strict(),
    ]),
    roles: z.object({ sender: arn('IAM role'), receiver: arn('IAM role') }).strict(),
    signingKey: keyRef,
    recipients: z
      .array(z.object({ name: z.string().min(1).max(100), key: keyRef }).strict())
      .min(1)
      .max(100),
    endpoints: z
      .object({ kms: url.optional(), sts: url.optional(), sso: url.optional(), ssoOidc: url.optional() })
      .strict()
      .optional(),
    /** SPKI SHA-256 fingerprint (hex) of the key that signs trust bundles. */
    trustBundleSigner: z.string().regex(/^[0-9a-f]{64}$/, 'must be a SHA-256 fingerprint in hex').optional(),
  })
  .strict();

export type OrgConfig = z.infer<typeof OrgConfigSchema>;
export type OrgConfigInput = z.input<typeof OrgConfigSchema>;

export class ConfigError extends SignetError {
  constructor(message: string) {
    super('CONFIG_INVALID', message);
  }
}

/** Parses a configuration's text; throws ConfigError naming the first bad field. */
export function parseOrgConfig(text: string, source: string): OrgConfig {
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
  return result.data;
}

export async function loadOrgConfig(path: string): Promise<OrgConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`Cannot read the configuration ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`);
  }
  return parseOrgConfig(text, path);
}
