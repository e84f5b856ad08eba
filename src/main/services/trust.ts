// Trust v2 for the use cases (docs/TRUST.md): this computer's trust store for the
// configuration's root, refreshing it from where IT publishes the trust file, and
// the checks that seal and open make with it — a seal's signer, the sealer's own
// certificate, a recipient team's certificate — and a seal's trusted timestamp, whose
// time is then the time the signer's certificate is checked at. Everything here
// works offline; only refreshTrust goes online.
import { createPublicKey, type KeyObject } from 'node:crypto';
import { SignetError } from '../../shared/errors.js';
import type { OrgConfig } from '../config/orgConfig.js';
import type { SignerClaim, SignerTrust, TrustedSigner } from '../engine/signature.js';
import { visibleText } from '../format/names.js';
import { certificateIdentity, certificateSha256, parseCertificate, spkiDer, type CertificateIdentity } from '../pki/certificates.js';
import type { SignatureBlock } from '../format/manifest.js';
import { authorityName, imprintMatches, readTimestampToken, timestampReply } from '../pki/timestamp.js';
import { checkCertificate, checkTimestampingCertificate, type Purpose, type RevocationState } from '../pki/validatePath.js';
import { pemOf, type X509Certificate } from '../pki/x509.js';
import { openTrustStore, type TrustStore } from '../trust/trustStore.js';
import type { SignetContext } from './context.js';

/** How long fetching the published trust file may take. */
const REFRESH_TIMEOUT_MS = 15_000;

export function trustSettings(config: OrgConfig): NonNullable<OrgConfig['trust']> {
  if (!config.trust) {
    throw new SignetError('CONFIG_INVALID', "This configuration doesn't name your organisation's root certificate (trust.rootSha256), so Signet can't tell who sealed a file. Ask IT for the current configuration.");
  }
  return config.trust;
}

export const trustStoreFor = (config: OrgConfig, home: string): Promise<TrustStore> => openTrustStore(home, trustSettings(config));

/** Whether a CRL this computer needs is missing or out of date (past its next update). */
export function crlsStale(store: TrustStore, at = new Date()): boolean {
  const { crls, anchor } = store.material();
  if (!anchor || crls.length === 0) return true;
  return crls.some((crl) => crl.nextUpdate === undefined || crl.nextUpdate < at);
}

/**
 * Fetches the trust file IT publishes (trust.updates) and admits it. Undefined when the
 * configuration names no such place; throws OFFLINE when it can't be reached.
 */
export async function refreshTrust(config: OrgConfig, store: TrustStore): Promise<{ certificates: number; crls: number } | undefined> {
  const url = trustSettings(config).updates;
  if (!url) return undefined;
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(REFRESH_TIMEOUT_MS) });
  } catch (error) {
    throw new SignetError('OFFLINE', undefined, `fetching the trust file ${url}: ${visibleText((error as Error).message)}`);
  }
  if (!response.ok) throw new SignetError('SERVICE_ERROR', undefined, `fetching the trust file ${url}: HTTP ${response.status}`);
  return store.importTrustFile(await response.text());
}

/** Refreshes when CRLs are missing or stale and a place to fetch them is configured; being offline is not an error here. */
export async function refreshIfStale(config: OrgConfig, store: TrustStore): Promise<void> {
  if (!crlsStale(store) || !config.trust?.updates) return;
  await refreshTrust(config, store).catch((error: unknown) => {
    if (!(error instanceof SignetError && (error.code === 'OFFLINE' || error.code === 'SERVICE_ERROR'))) throw error;
  });
}

/** A certificate that checked out, with what it proves. */
export interface Certified {
  certificate: X509Certificate;
  identity: CertificateIdentity;
  certificateSha256: string;
  revocation: RevocationState;
  /** DER of the certificate and the intermediates that led to the root (not the root). */
  chainDer: Buffer[];
  publicKey: KeyObject;
}

/** Checks `leaf` against the pinned root with this computer's CRLs; throws the check's code when it fails. Revocation is returned, not thrown. */
export async function certify(store: TrustStore, leaf: X509Certificate, extra: X509Certificate[], purpose: Purpose, at = new Date()): Promise<Certified> {
  const { anchor, intermediates, crls } = store.material();
  if (!anchor) throw new SignetError('CERT_UNTRUSTED', "Can't confirm whose key this is: this computer doesn't have your organisation's root certificate yet. Import the trust file from IT.", 'no root certificate on this computer');
  const check = await checkCertificate({ leaf, intermediates: [...extra, ...intermediates], anchor, crls, at, purpose });
  if (!check.ok) throw new SignetError(check.code, undefined, check.detail);
  return {
    certificate: leaf,
    identity: check.identity,
    certificateSha256: certificateSha256(leaf),
    revocation: check.revocation,
    chainDer: check.chain.filter((c) => certificateSha256(c) !== anchor.rootSha256).map((c) => Buffer.from(c.rawData)),
    publicKey: createPublicKey({ key: spkiDer(leaf), format: 'der', type: 'spki' }),
  };
}

/** A seal's trusted timestamp, checked: when the signature existed, by whose word. */
export interface TrustedTime {
  genTime: Date;
  /** The time-stamping authority, as its certificate names it. */
  authority: string;
  policy: string;
  /** The token's serial number, hex. */
  serialNumber: string;
  /** The token as the seal carries it (DER). */
  token: Buffer;
  /** Set when the revocation of the TSA's certificate could not be checked. */
  revocationUnknown?: string;
}

/** What the trust decision on a version 2 seal's signer returns: the key, and who the certificate says sealed it. */
export interface ProvenSigner extends TrustedSigner {
  identity: CertificateIdentity;
  certificateSha256: string;
  revocation: Exclude<RevocationState, { state: 'revoked' }>;
  /** The seal's trusted timestamp, when it has one: the certificate was checked at its time. */
  time?: TrustedTime;
  /** With `time`: the certificate was revoked after that time, for a reason that leaves earlier seals standing. */
  revokedLater?: { revokedAt: Date; reason: string };
}

/** Revocation reasons that say the key may have been in someone else's hands: no seal made with it stands, whenever it was made. */
const COMPROMISE_REASONS = new Set(['keyCompromise', 'cACompromise', 'aACompromise']);

/**
 * Whether a revocation leaves standing a signature trusted to exist at `at`: revoked
 * after `at`, for a stated reason that is not a compromise. An unspecified reason is
 * treated as a possible compromise.
 */
function revokedAfter(revocation: Extract<RevocationState, { state: 'revoked' }>, at: Date): revocation is typeof revocation & { reason: string } {
  return revocation.reason !== undefined && revocation.reason !== 'unspecified' && !COMPROMISE_REASONS.has(revocation.reason) && revocation.revokedAt > at;
}

/**
 * Checks a seal's timestamp token (docs/TRUST.md, "Trusted time"): its CMS signature,
 * that its imprint is the SHA-512 of this seal's signature, and that the TSA's
 * certificate leads to the pinned root with extended key usage timeStamping and was
 * valid, and not revoked, at the token's time. `extra` may help find the path (the
 * seal's own intermediates); only the pinned root makes it trusted. Throws
 * TIMESTAMP_INVALID (or TAMPERED when the token belongs to another signature).
 */
export async function trustedTime(store: TrustStore, token: Buffer, signature: Buffer, extra: X509Certificate[] = []): Promise<TrustedTime> {
  const read = readTimestampToken(token);
  if (!imprintMatches(read, signature)) throw new SignetError('TAMPERED', undefined, "the trusted timestamp is over another signature than this seal's (its imprint is not the SHA-512 of the signature)");
  const { anchor, intermediates, crls } = store.material();
  if (!anchor) throw new SignetError('CERT_UNTRUSTED', undefined, 'no root certificate on this computer');
  const check = await checkTimestampingCertificate({ leaf: read.signer, intermediates: [...read.others, ...extra, ...intermediates], anchor, crls, at: read.genTime });
  if (!check.ok) throw new SignetError('TIMESTAMP_INVALID', undefined, `the time-stamping authority's certificate: ${check.detail}`);
  if (check.revocation.state === 'revoked' && !revokedAfter(check.revocation, read.genTime)) {
    throw new SignetError('TIMESTAMP_INVALID', undefined, `the time-stamping authority's certificate (serial ${check.revocation.serial}) is revoked since ${check.revocation.revokedAt.toISOString()}${check.revocation.reason ? `, reason ${check.revocation.reason}` : ''}`);
  }
  const time: TrustedTime = { genTime: read.genTime, authority: visibleText(authorityName(read)), policy: read.policy, serialNumber: read.serialNumber, token };
  if (check.revocation.state === 'unknown') time.revocationUnknown = `the time-stamping authority's certificate: ${check.revocation.why}`;
  return time;
}

/** RFC 5280 revocation reasons in a person's words. */
const REASON_WORDS: Record<string, string> = {
  keyCompromise: 'the key was lost or exposed',
  cACompromise: "the organisation's certificate authority was compromised",
  affiliationChanged: 'the person changed team',
  superseded: 'it was replaced by a new certificate',
  cessationOfOperation: 'the person left or no longer seals',
  certificateHold: 'it is on hold',
  privilegeWithdrawn: 'the right to seal was withdrawn',
  aACompromise: 'an authority was compromised',
};

/** A revoked certificate's refusal, saying when and why it was revoked. */
export function revokedError(revocation: Extract<RevocationState, { state: 'revoked' }>, whose: string): SignetError {
  const when = revocation.revokedAt.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
  const why = revocation.reason === undefined ? '' : ` (${REASON_WORDS[revocation.reason] ?? revocation.reason})`;
  return new SignetError(
    'CERT_REVOKED',
    `Do not trust this file: your organisation revoked ${whose} certificate on ${when}${why}. Nothing from it was saved — ask IT.`,
    `${revocation.which === 'ca' ? 'an issuing CA' : 'the signer certificate'} (serial ${revocation.serial}) is revoked since ${revocation.revokedAt.toISOString()}${revocation.reason ? `, reason ${revocation.reason}` : ''}`,
  );
}

/**
 * The trust decision opening (and checking receipts and evidence) hands the engine for
 * version 2 seals, checking at `at` (now). A seal with a trusted timestamp has its
 * signer's certificate checked at the timestamp's time instead: one that has expired
 * since, or was revoked since for a reason other than a compromise, still stands. The
 * revocation lists must be current at `at` either way.
 */
export function signerTrust(store: TrustStore, at = new Date()): SignerTrust<ProvenSigner> {
  return async (claim: SignerClaim) => {
    const { timestamp, signature } = claim.signatureBlock;
    const [leaf, ...chain] = claim.certificates.map((der) => parseCertificate(der));
    const time = timestamp === undefined ? undefined : await trustedTime(store, Buffer.from(timestamp, 'base64'), Buffer.from(signature, 'base64'), chain);
    const certified = await certify(store, leaf!, chain, 'signing', time?.genTime ?? at);
    if (certified.identity.kind !== 'person' || certified.identity.keyArn !== claim.manifest.signer.keyArn) {
      throw new SignetError('CERT_WRONG_USAGE', undefined, `the signer certificate is for ${certified.identity.keyArn}, not the key that signed (${claim.manifest.signer.keyArn})`);
    }
    const proven: ProvenSigner = { publicKey: certified.publicKey, identity: certified.identity, certificateSha256: certified.certificateSha256, revocation: { state: 'good' } };
    const { revocation } = certified;
    if (revocation.state === 'revoked') {
      if (!time || !revokedAfter(revocation, time.genTime)) throw revokedError(revocation, `the sender's`);
      proven.revokedLater = { revokedAt: revocation.revokedAt, reason: revocation.reason };
    } else {
      proven.revocation = revocation;
    }
    if (time) {
      proven.time = time;
      // Checked at the timestamp's time, the lists only had to be current then; they must be current now.
      if (proven.revocation.state === 'good' && time.revocationUnknown) proven.revocation = { state: 'unknown', why: time.revocationUnknown };
      if (proven.revocation.state === 'good' && crlsStale(store, at)) proven.revocation = { state: 'unknown', why: `the revocation lists on this computer were due to be replaced before ${at.toISOString()}` };
    }
    return proven;
  };
}

/**
 * A seal's trusted timestamp as a file for an evidence folder (timestamp.tsr): the
 * token inside a granted TimeStampResp, which `openssl ts -verify -in` reads as is.
 * Undefined for a seal without one.
 */
export function timestampFile(block: SignatureBlock): Buffer | undefined {
  return 'timestamp' in block && block.timestamp !== undefined ? timestampReply(Buffer.from(block.timestamp, 'base64')) : undefined;
}

/** The trust decision for version 2 seals on this computer, checking at `at` (now): its trust store, refreshed first when `online` and its CRLs are stale. */
export function openingTrust(ctx: SignetContext, online: boolean, at = new Date()): SignerTrust<ProvenSigner> {
  return async (claim) => {
    const store = await trustStoreFor(ctx.config, ctx.home);
    if (online) await refreshIfStale(ctx.config, store);
    return signerTrust(store, at)(claim);
  };
}

/** The root and CRLs this computer holds, as PEM, for an evidence folder. */
export async function trustEvidence(ctx: SignetContext): Promise<{ rootPem: string; crlPems: string[] }> {
  const { anchor, crls } = (await trustStoreFor(ctx.config, ctx.home)).material();
  if (!anchor) throw new SignetError('CERT_UNTRUSTED', undefined, 'no root certificate on this computer');
  return { rootPem: `${anchor.root.toString('pem')}\n`, crlPems: crls.map((crl) => pemOf(crl.der, 'X509 CRL')) };
}

/** What this computer trusts, for `signet trust show` and the app's Trust view. */
export interface TrustView {
  rootSha256: string;
  root?: string;
  authorities: string[];
  certificates: { name: string; team?: string; kind: 'person' | 'team'; keyArn: string; validUntil: string }[];
  crls: { issuer: string; number: string; nextUpdate?: string; stale: boolean }[];
}

export function describeTrust(config: OrgConfig, store: TrustStore, at = new Date()): TrustView {
  const { anchor, intermediates, certificates, crls } = store.material();
  return {
    rootSha256: trustSettings(config).rootSha256,
    root: anchor?.root.subject,
    authorities: intermediates.map((c) => c.subject),
    certificates: certificates.flatMap((c) => {
      try {
        const identity = certificateIdentity(c);
        return [{ name: identity.displayName, team: identity.team, kind: identity.kind, keyArn: identity.keyArn, validUntil: c.notAfter.toISOString() }];
      } catch {
        return [];
      }
    }),
    crls: crls.map((crl) => ({ issuer: crl.crl.issuer, number: crl.number.toString(), nextUpdate: crl.nextUpdate?.toISOString(), stale: crl.nextUpdate === undefined || crl.nextUpdate < at })),
  };
}
