// Checking a person's or team's certificate offline against the pinned root, in the
// order of docs/TRUST.md ("Checking a certificate (offline)"), naming the first rule a
// certificate breaks. Parsing is @peculiar/x509's and the signature arithmetic
// OpenSSL's (signatures.ts); only the path rules are written here. A chain that passes
// every rule still carries a revocation state: good, revoked, or unknown — and unknown
// is never the same as good.
import { SignetError, type ErrorCode } from '../../shared/errors.js';
import { visibleText } from '../format/names.js';
import { certificateIdentity, certificateSha256, parseCertificate, type CertificateIdentity } from './certificates.js';
import { serialKey, verifyCrl, type ParsedCrl } from './crl.js';
import { sameName } from './names.js';
import { certificateSignedBy } from './signatures.js';
import { BasicConstraintsExtension, ExtendedKeyUsageExtension, KeyUsageFlags, KeyUsagesExtension, type X509Certificate } from './x509.js';

export type Purpose = 'signing' | 'encryption';

export interface TrustAnchor {
  /** The configuration's trust.rootSha256. */
  rootSha256: string;
  root: X509Certificate;
}

export interface CertificateCheckInput {
  leaf: X509Certificate;
  /** Certificates that may complete the path (issuing CAs); extras are ignored. */
  intermediates: X509Certificate[];
  anchor: TrustAnchor;
  /** CRLs cached on this computer; each counts only for the CA that signed it. */
  crls: ParsedCrl[];
  at: Date;
  purpose: Purpose;
}

export type RevocationState =
  | { state: 'good' }
  | { state: 'revoked'; serial: string; revokedAt: Date; reason?: string; which: 'leaf' | 'ca' }
  | { state: 'unknown'; why: string };

export type CertificateCheck =
  | { ok: true; chain: X509Certificate[]; identity: CertificateIdentity; revocation: RevocationState }
  | { ok: false; code: ErrorCode; detail: string };

export type Failure = { ok: false; code: ErrorCode; detail: string };

const OID = {
  basicConstraints: '2.5.29.19',
  keyUsage: '2.5.29.15',
  extendedKeyUsage: '2.5.29.37',
  subjectAltName: '2.5.29.17',
  subjectKeyIdentifier: '2.5.29.14',
  authorityKeyIdentifier: '2.5.29.35',
  crlDistributionPoints: '2.5.29.31',
  emailProtection: '1.3.6.1.5.5.7.3.4',
  documentSigning: '1.3.6.1.5.5.7.3.36',
  timeStamping: '1.3.6.1.5.5.7.3.8',
};
/** Extensions Signet reads or that constrain nothing: a critical one of these is understood. */
const KNOWN_EXTENSIONS = new Set([
  OID.basicConstraints,
  OID.keyUsage,
  OID.extendedKeyUsage,
  OID.subjectAltName,
  OID.subjectKeyIdentifier,
  OID.authorityKeyIdentifier,
  OID.crlDistributionPoints,
]);
/** Root, issuing CA and leaf, with room for one more CA; longer paths are not looked for. */
const MAX_PATH_LENGTH = 4;
const MAX_CANDIDATE_PATHS = 16;

/** The extensions the path rules read, decoded once. */
interface Profile {
  cert: X509Certificate;
  subject: string;
  basicConstraints?: BasicConstraintsExtension;
  keyUsage?: number;
  extendedKeyUsage?: string[];
  extendedKeyUsageCritical?: boolean;
}

const failure = (code: ErrorCode, detail: string): Failure => ({ ok: false, code, detail });

/** Step 1: each certificate is a strict X.509 v3 certificate whose extensions decode. */
function readProfile(cert: X509Certificate): Profile {
  parseCertificate(Buffer.from(cert.rawData));
  const profile: Profile = { cert, subject: visibleText(cert.subject) };
  try {
    const basicConstraints = cert.getExtension(BasicConstraintsExtension);
    const keyUsage = cert.getExtension(KeyUsagesExtension);
    const extendedKeyUsage = cert.getExtension(ExtendedKeyUsageExtension);
    if (basicConstraints) profile.basicConstraints = basicConstraints;
    if (keyUsage) profile.keyUsage = keyUsage.usages;
    if (extendedKeyUsage) profile.extendedKeyUsage = extendedKeyUsage.usages.map(String);
    if (extendedKeyUsage) profile.extendedKeyUsageCritical = extendedKeyUsage.critical;
  } catch (error) {
    throw new SignetError('CERT_INVALID', undefined, `"${profile.subject}": unreadable extension: ${(error as Error).message}`);
  }
  return profile;
}

/** Step 2: every name-chained path from the leaf through the intermediates to the pinned root. */
function candidatePaths(leaf: Profile, pool: Profile[], root: Profile): Profile[][] {
  const paths: Profile[][] = [];
  const extend = (path: Profile[]): void => {
    const last = path.at(-1)!.cert;
    if (paths.length >= MAX_CANDIDATE_PATHS) return;
    if (sameName(last.issuerName, root.cert.subjectName)) paths.push([...path, root]);
    if (path.length + 1 >= MAX_PATH_LENGTH) return;
    const next = pool.filter((candidate) => sameName(last.issuerName, candidate.cert.subjectName) && !path.some((step) => step.cert.equal(candidate.cert)));
    for (const candidate of next) extend([...path, candidate]);
  };
  extend([leaf]);
  return paths;
}

/** Step 3: each signature verifies with the next certificate's key, and the names chain. */
async function signatureFailure(path: Profile[]): Promise<Failure | undefined> {
  for (let i = 0; i + 1 < path.length; i++) {
    const [child, issuer] = [path[i]!, path[i + 1]!];
    if (!sameName(child.cert.issuerName, issuer.cert.subjectName)) return failure('CERT_UNTRUSTED', `"${child.subject}" does not name "${issuer.subject}" as its issuer`);
    if (!(await certificateSignedBy(child.cert, issuer.cert))) return failure('CERT_UNTRUSTED', `the signature on "${child.subject}" does not verify with the key of "${issuer.subject}"`);
  }
  return undefined;
}

/** Step 4: every certificate is valid at the checking time, both ends included. */
function validityFailure(path: Profile[], at: Date): Failure | undefined {
  for (const { cert, subject } of path) {
    if (at < cert.notBefore) return failure('CERT_EXPIRED', `"${subject}" is not valid before ${cert.notBefore.toISOString()} (checked at ${at.toISOString()})`);
    if (at > cert.notAfter) return failure('CERT_EXPIRED', `"${subject}" expired at ${cert.notAfter.toISOString()} (checked at ${at.toISOString()})`);
  }
  return undefined;
}

/** What the certificate being checked is meant to be: a leaf for a purpose, a time-stamping authority, or an issuing CA. */
type Role = Purpose | 'timestamping' | 'ca';

/**
 * Step 5: every issuer is a CA that may sign certificates and allows the CAs below it.
 * A leaf must not be a CA; a certificate checked as a CA must be one, and counts as a
 * CA below its issuers.
 */
function constraintsFailure(path: Profile[], role: Role): Failure | undefined {
  const first = path[0]!;
  if (role !== 'ca' && first.basicConstraints?.ca) return failure('CERT_WRONG_USAGE', `"${first.subject}" is a CA certificate, not a person's or team's`);
  if (role === 'ca' && !first.basicConstraints?.ca) return failure('CERT_WRONG_USAGE', `"${first.subject}" is not a CA certificate`);
  for (let i = role === 'ca' ? 0 : 1; i < path.length; i++) {
    const issuer = path[i]!;
    const casBelow = role === 'ca' ? i : i - 1;
    if (!issuer.basicConstraints?.ca) return failure('CERT_UNTRUSTED', `"${issuer.subject}" signed a certificate but is not a CA`);
    if (issuer.keyUsage !== undefined && !(issuer.keyUsage & KeyUsageFlags.keyCertSign)) return failure('CERT_UNTRUSTED', `"${issuer.subject}" may not sign certificates (no keyCertSign)`);
    const limit = issuer.basicConstraints.pathLength;
    if (limit !== undefined && casBelow > limit) return failure('CERT_UNTRUSTED', `"${issuer.subject}" allows ${limit} CA certificate(s) below it; the chain has ${casBelow}`);
  }
  return undefined;
}

/** Step 6: the leaf's key usage and extended key usage fit the purpose (docs/TRUST.md profiles). */
function usageFailure(leaf: Profile, purpose: Exclude<Role, 'ca'>): Failure | undefined {
  const usages = leaf.keyUsage ?? 0;
  const extended = leaf.extendedKeyUsage;
  if (purpose === 'timestamping') {
    // RFC 3161 §2.3: the one extended key usage timeStamping, marked critical.
    if (extended?.length !== 1 || extended[0] !== OID.timeStamping || !leaf.extendedKeyUsageCritical) {
      return failure('CERT_WRONG_USAGE', `"${leaf.subject}" is not a time-stamping authority: its extended key usage must be timeStamping alone, marked critical`);
    }
    if (!(usages & (KeyUsageFlags.digitalSignature | KeyUsageFlags.nonRepudiation))) return failure('CERT_WRONG_USAGE', `"${leaf.subject}" is not for signing timestamps: key usage lacks digitalSignature`);
    return undefined;
  }
  if (purpose === 'signing') {
    const signs = KeyUsageFlags.digitalSignature | KeyUsageFlags.nonRepudiation;
    if ((usages & signs) !== signs) return failure('CERT_WRONG_USAGE', `"${leaf.subject}" is not for signing: key usage lacks digitalSignature and nonRepudiation`);
    if (!extended?.some((usage) => usage === OID.documentSigning || usage === OID.emailProtection)) {
      return failure('CERT_WRONG_USAGE', `"${leaf.subject}" is not for signing documents: extended key usage lacks documentSigning and emailProtection`);
    }
    return undefined;
  }
  if (!(usages & KeyUsageFlags.keyEncipherment)) return failure('CERT_WRONG_USAGE', `"${leaf.subject}" is not for receiving: key usage lacks keyEncipherment`);
  if (extended && !extended.includes(OID.emailProtection)) return failure('CERT_WRONG_USAGE', `"${leaf.subject}" is not for receiving: extended key usage lacks emailProtection`);
  return undefined;
}

/** Step 7: no certificate in the path has a critical extension Signet does not understand. */
function criticalFailure(path: Profile[]): Failure | undefined {
  for (const { cert, subject } of path) {
    const unknown = cert.extensions.find((extension) => extension.critical && !KNOWN_EXTENSIONS.has(extension.type));
    if (unknown) return failure('CERT_UNKNOWN_CRITICAL', `"${subject}" has a critical extension Signet does not understand (${unknown.type})`);
  }
  return undefined;
}

/** Steps 3 to 7 for one candidate path, with the index of the failing step so paths can be ranked. */
async function pathFailure(path: Profile[], at: Date, role: Role): Promise<{ step: number; failure: Failure } | undefined> {
  const steps: (() => Promise<Failure | undefined> | Failure | undefined)[] = [
    () => signatureFailure(path),
    () => validityFailure(path, at),
    () => constraintsFailure(path, role),
    () => (role === 'ca' ? undefined : usageFailure(path[0]!, role)),
    () => criticalFailure(path),
  ];
  for (const [step, check] of steps.entries()) {
    const found = await check();
    if (found) return { step, failure: found };
  }
  return undefined;
}

/** Step 8 for one certificate: what the CRLs its issuer signed say of it. */
async function revocationOfOne(cert: X509Certificate, issuer: Profile, crls: ParsedCrl[], at: Date, which: 'leaf' | 'ca'): Promise<RevocationState> {
  const fromIssuer: ParsedCrl[] = [];
  for (const crl of crls) if (await verifyCrl(crl, issuer.cert)) fromIssuer.push(crl);
  const serial = serialKey(cert.serialNumber);
  const listed = fromIssuer.map((crl) => crl.revoked.get(serial)).find((entry) => entry !== undefined);
  if (listed) {
    const revoked: RevocationState = { state: 'revoked', serial, revokedAt: listed.revokedAt, which };
    if (listed.reason !== undefined) revoked.reason = listed.reason;
    return revoked;
  }
  const newest = fromIssuer.reduce<ParsedCrl | undefined>((best, crl) => (best === undefined || crl.number > best.number ? crl : best), undefined);
  if (!newest) return { state: 'unknown', why: `no revocation list from "${issuer.subject}" on this computer` };
  if (!newest.nextUpdate) return { state: 'unknown', why: `the revocation list from "${issuer.subject}" has no next-update time` };
  if (newest.nextUpdate < at) return { state: 'unknown', why: `the newest revocation list from "${issuer.subject}" was due to be replaced at ${newest.nextUpdate.toISOString()}` };
  return { state: 'good' };
}

/** Step 8: every certificate below the root; a revocation anywhere outranks an unknown. */
async function revocationOf(path: Profile[], crls: ParsedCrl[], at: Date): Promise<RevocationState> {
  const states: RevocationState[] = [];
  for (let i = 0; i + 1 < path.length; i++) states.push(await revocationOfOne(path[i]!.cert, path[i + 1]!, crls, at, i === 0 ? 'leaf' : 'ca'));
  return states.find((state) => state.state === 'revoked') ?? states.find((state) => state.state === 'unknown') ?? { state: 'good' };
}

type PathInput = Omit<CertificateCheckInput, 'purpose'>;

function readProfiles(input: PathInput): { leaf: Profile; pool: Profile[]; root: Profile } | Failure {
  try {
    return { leaf: readProfile(input.leaf), pool: input.intermediates.map(readProfile), root: readProfile(input.anchor.root) };
  } catch (error) {
    if (error instanceof SignetError) return failure(error.code, error.detail ?? error.message);
    throw error;
  }
}

function identityOf(leaf: Profile): CertificateIdentity | Failure {
  try {
    return certificateIdentity(leaf.cert);
  } catch (error) {
    if (error instanceof SignetError) return failure(error.code, `"${leaf.subject}": ${error.detail ?? error.message}`);
    throw error;
  }
}

/** Steps 1 to 7: the first candidate path that passes, or the failure furthest along the order. */
async function validPath(input: PathInput, role: Role): Promise<Profile[] | Failure> {
  const profiles = readProfiles(input);
  if ('ok' in profiles) return profiles;
  if (certificateSha256(input.anchor.root) !== input.anchor.rootSha256.toLowerCase()) {
    return failure('CERT_UNTRUSTED', `the root certificate "${profiles.root.subject}" is not the one the configuration pins`);
  }
  const paths = candidatePaths(profiles.leaf, profiles.pool, profiles.root);
  if (paths.length === 0) return failure('CERT_UNTRUSTED', `no chain of certificates leads from "${profiles.leaf.subject}" to the pinned root`);
  let furthest: { step: number; failure: Failure } | undefined;
  for (const path of paths) {
    const found = await pathFailure(path, input.at, role);
    if (!found) return path;
    if (!furthest || found.step > furthest.step) furthest = found;
  }
  return furthest!.failure;
}

/**
 * Checks `leaf` for `purpose` at time `at` against the root whose SHA-256 is pinned,
 * following docs/TRUST.md's order and naming the first failure. When several paths
 * are possible (a CA certificate renewed under the same name), the first that passes
 * wins; if none does, the failure reported is the one furthest along the order. The
 * leaf's identity is read once the path rules pass, so that a CA certificate or a
 * wrong-usage certificate is named for that, not for lacking a person's fields.
 */
export async function checkCertificate(input: CertificateCheckInput): Promise<CertificateCheck> {
  const path = await validPath(input, input.purpose);
  if ('ok' in path) return path;
  const identity = identityOf(path[0]!);
  if ('ok' in identity) return identity;
  return { ok: true, chain: path.map((step) => step.cert), identity, revocation: await revocationOf(path, input.crls, input.at) };
}

/**
 * Checks an issuing CA's certificate against the pinned root by the same rules, with
 * the certificate itself required to be a CA that may sign certificates (no usage
 * purpose, no identity). Used to admit CA certificates from a trust file.
 */
export async function checkCaCertificate(input: PathInput): Promise<{ ok: true; chain: X509Certificate[]; revocation: RevocationState } | Failure> {
  const path = await validPath(input, 'ca');
  if ('ok' in path) return path;
  return { ok: true, chain: path.map((step) => step.cert), revocation: await revocationOf(path, input.crls, input.at) };
}

/**
 * Checks a time-stamping authority's certificate at `at` (the token's time) by the
 * same rules, with RFC 3161's usage (extended key usage timeStamping alone, critical)
 * and no person or team identity. Used for the trusted timestamps seals carry.
 */
export async function checkTimestampingCertificate(input: PathInput): Promise<{ ok: true; chain: X509Certificate[]; revocation: RevocationState } | Failure> {
  const path = await validPath(input, 'timestamping');
  if ('ok' in path) return path;
  return { ok: true, chain: path.map((step) => step.cert), revocation: await revocationOf(path, input.crls, input.at) };
}
