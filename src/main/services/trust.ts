// Trust v2 for the use cases (docs/TRUST.md): this computer's trust store for the
// configuration's root, refreshing it from where IT publishes the trust file, and
// the checks that seal and open make with it — a seal's signer, the sealer's own
// certificate, a recipient team's certificate. Everything here works offline; only
// refreshTrust goes online.
import { createPublicKey, type KeyObject } from 'node:crypto';
import { SignetError } from '../../shared/errors.js';
import type { OrgConfig } from '../config/orgConfig.js';
import type { SignerClaim, SignerTrust, TrustedSigner } from '../engine/signature.js';
import { visibleText } from '../format/names.js';
import { certificateIdentity, certificateSha256, parseCertificate, spkiDer, type CertificateIdentity } from '../pki/certificates.js';
import { checkCertificate, type Purpose, type RevocationState } from '../pki/validatePath.js';
import type { X509Certificate } from '../pki/x509.js';
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

/** What the trust decision on a version 2 seal's signer returns: the key, and who the certificate says sealed it. */
export interface ProvenSigner extends TrustedSigner {
  identity: CertificateIdentity;
  certificateSha256: string;
  revocation: Exclude<RevocationState, { state: 'revoked' }>;
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

/** The trust decision opening (and checking receipts and evidence) hands the engine for version 2 seals. */
export function signerTrust(store: TrustStore, at = new Date()): SignerTrust<ProvenSigner> {
  return async (claim: SignerClaim) => {
    const [leaf, ...chain] = claim.certificates.map((der) => parseCertificate(der));
    const certified = await certify(store, leaf!, chain, 'signing', at);
    if (certified.identity.kind !== 'person' || certified.identity.keyArn !== claim.manifest.signer.keyArn) {
      throw new SignetError('CERT_WRONG_USAGE', undefined, `the signer certificate is for ${certified.identity.keyArn}, not the key that signed (${claim.manifest.signer.keyArn})`);
    }
    if (certified.revocation.state === 'revoked') throw revokedError(certified.revocation, `the sender's`);
    return { publicKey: certified.publicKey, identity: certified.identity, certificateSha256: certified.certificateSha256, revocation: certified.revocation };
  };
}

/** The trust decision for version 2 seals on this computer: its trust store, refreshed first when `online` and its CRLs are stale. */
export function openingTrust(ctx: SignetContext, online: boolean): SignerTrust<ProvenSigner> {
  return async (claim) => {
    const store = await trustStoreFor(ctx.config, ctx.home);
    if (online) await refreshIfStale(ctx.config, store);
    return signerTrust(store)(claim);
  };
}

/** The root and CRLs this computer holds, as PEM, for an evidence folder. */
export async function trustEvidence(ctx: SignetContext): Promise<{ rootPem: string; crlPems: string[] }> {
  const { anchor, crls } = (await trustStoreFor(ctx.config, ctx.home)).material();
  if (!anchor) throw new SignetError('CERT_UNTRUSTED', undefined, 'no root certificate on this computer');
  return { rootPem: `${anchor.root.toString('pem')}\n`, crlPems: crls.map((crl) => `-----BEGIN X509 CRL-----\n${crl.der.toString('base64').replace(/.{1,64}/g, '$&\n')}-----END X509 CRL-----\n`) };
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
