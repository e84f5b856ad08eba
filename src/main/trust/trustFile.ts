// Reading a trust file (*.signet-trust, docs/TRUST.md "Trust files replace trust
// bundles"): the exact JSON shape, then every certificate and CRL in it parsed. This
// only reads; whether anything in it is trusted is decided by trustStore.ts.
import { z } from 'zod';
import { SignetError } from '../../shared/errors.js';
import { isPlainLabel } from '../format/shapes.js';
import { parseCertificate } from '../pki/certificates.js';
import { parseCrl, type ParsedCrl } from '../pki/crl.js';
import type { X509Certificate } from '../pki/x509.js';

export const TRUST_FILE_FORMAT = 'signet-trust/1';
/** Far above any organisation's file; a bound so a hostile file cannot exhaust memory. */
const MAX_TRUST_FILE_CHARS = 16 * 2 ** 20;

const TrustFileSchema = z
  .object({
    format: z.literal(TRUST_FILE_FORMAT),
    organisation: z.string().refine((name) => isPlainLabel(name, 128), 'must be a plain name'),
    rootSha256: z.string().regex(/^[0-9a-f]{64}$/, 'must be a SHA-256 fingerprint in hex'),
    certificates: z.array(z.string().max(64 * 1024)).max(10_000),
    crls: z.array(z.string().max(8 * 2 ** 20)).max(100),
  })
  .strict();

export interface TrustFile {
  organisation: string;
  rootSha256: string;
  certificates: X509Certificate[];
  crls: ParsedCrl[];
}

const invalid = (detail: string): SignetError => new SignetError('TRUST_FILE_INVALID', undefined, detail);

/** Parses `text` as a trust file; throws TRUST_FILE_INVALID saying which part is wrong. */
export function parseTrustFile(text: string): TrustFile {
  if (text.length > MAX_TRUST_FILE_CHARS) throw invalid('the file is larger than any trust file');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw invalid('the file is not JSON');
  }
  const parsed = TrustFileSchema.safeParse(json);
  if (!parsed.success) throw invalid(parsed.error.issues.map((issue) => `${issue.path.join('.') || 'file'}: ${issue.message}`).join('; '));
  const { organisation, rootSha256 } = parsed.data;
  return {
    organisation,
    rootSha256,
    certificates: parsed.data.certificates.map((pem, index) => parseItem(() => parseCertificate(pem), `certificate ${index + 1}`)),
    crls: parsed.data.crls.map((pem, index) => parseItem(() => parseCrl(pem), `revocation list ${index + 1}`)),
  };
}

function parseItem<T>(parse: () => T, what: string): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof SignetError) throw invalid(`${what}: ${error.detail ?? error.message}`);
    throw error;
  }
}
