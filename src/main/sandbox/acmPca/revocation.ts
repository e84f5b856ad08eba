// A private CA's CRL as AWS Private CA publishes it: a complete CRL signed by the CA's
// key, written to the configured bucket as crl/<CA id>.crl (DER), with a CRL number
// one higher on every re-issue and nextUpdate = thisUpdate + ExpirationInDays. It is
// re-issued when a certificate is revoked and when the one in the bucket is past half
// its life (AWS refreshes on a schedule; the sandbox checks whenever a CRL is read).
import { putCrl } from '../core/crlBucket.js';
import type { SandboxStore, CertificateAuthorityRecord } from '../core/state.js';
import { X509CrlReason, parseCertificates, signCrl } from '../core/x509.js';
import { keyFamily, signingHash } from './inputs.js';

const DAY_MS = 86_400_000;

export const REVOCATION_REASONS: Record<string, X509CrlReason> = {
  UNSPECIFIED: X509CrlReason.unspecified,
  KEY_COMPROMISE: X509CrlReason.keyCompromise,
  CERTIFICATE_AUTHORITY_COMPROMISE: X509CrlReason.cACompromise,
  AFFILIATION_CHANGED: X509CrlReason.affiliationChanged,
  SUPERSEDED: X509CrlReason.superseded,
  CESSATION_OF_OPERATION: X509CrlReason.cessationOfOperation,
  PRIVILEGE_WITHDRAWN: X509CrlReason.privilegeWithdrawn,
  A_A_COMPROMISE: X509CrlReason.aACompromise,
};

/** True when `ca` publishes CRLs and has a certificate to publish them under. */
const publishes = (ca: CertificateAuthorityRecord): boolean => ca.revocationConfiguration.CrlConfiguration?.Enabled === true && ca.certificatePem !== undefined && ca.status !== 'PENDING_CERTIFICATE';

/** Per store, the CRL being published: one at a time, so numbers and files never go out of order. */
const publishing = new WeakMap<SandboxStore, Promise<void>>();

/** Issues `ca`'s next CRL into its bucket, after any other CRL the store is publishing. Does nothing for a CA without CRLs. */
export function publishCrl(store: SandboxStore, ca: CertificateAuthorityRecord): Promise<void> {
  const next = (publishing.get(store) ?? Promise.resolve()).catch(() => undefined).then(() => writeCrl(store, ca));
  publishing.set(store, next);
  return next;
}

async function writeCrl(store: SandboxStore, ca: CertificateAuthorityRecord): Promise<void> {
  const configuration = ca.revocationConfiguration.CrlConfiguration;
  if (!publishes(ca) || configuration?.S3BucketName === undefined) return;
  const family = keyFamily(ca.configuration.KeyAlgorithm);
  const thisUpdate = store.now();
  const crl = await signCrl({
    issuer: parseCertificates(Buffer.from(ca.certificatePem!))[0]!,
    issuerKeyPem: ca.privateKeyPem,
    family,
    hash: signingHash(ca.configuration.SigningAlgorithm, family),
    number: ca.crlNumber + 1,
    thisUpdate,
    nextUpdate: thisUpdate + (configuration.ExpirationInDays ?? 7) * DAY_MS,
    revoked: Object.values(ca.certificates)
      .filter((c) => c.revokedAt !== undefined)
      .map((c) => ({ serialHex: c.serial, revokedAt: c.revokedAt!, reason: REVOCATION_REASONS[c.revocationReason ?? 'UNSPECIFIED']! })),
  });
  await putCrl(store.dir, configuration.S3BucketName, ca.id, new Uint8Array(crl.rawData));
  ca.crlNumber += 1;
  ca.crlIssuedAt = thisUpdate;
}

/** Re-issues every CRL that is missing or past half its life; true when any was. */
export async function refreshStaleCrls(store: SandboxStore): Promise<boolean> {
  let refreshed = false;
  for (const ca of Object.values(store.state.certificateAuthorities)) {
    await publishing.get(store)?.catch(() => undefined);
    if (!publishes(ca)) continue;
    const halfLife = ((ca.revocationConfiguration.CrlConfiguration!.ExpirationInDays ?? 7) * DAY_MS) / 2;
    if (ca.crlIssuedAt !== undefined && store.now() < ca.crlIssuedAt + halfLife) continue;
    await publishCrl(store, ca);
    refreshed = true;
  }
  return refreshed;
}
