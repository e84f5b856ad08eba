// The PKI half of `signet admin doctor` (docs/TRUST.md): the issuing Private CA is
// ACTIVE and chains to the organisation's root; every CRL its certificates name can
// be fetched over HTTP and is fresh (its nextUpdate still ahead); and each key's
// certificate — the ARN on the key's signet:certificate tag — validates as a laptop
// checks it, is not revoked, and certifies the very public key KMS holds.
import type { KMSClient } from '@aws-sdk/client-kms';
import { SignetError } from '../../shared/errors.js';
import type { AcmPca } from '../aws/acmPca.js';
import type { OrgConfig } from '../config/orgConfig.js';
import { certificateSha256, parseCertificate, spkiDer } from '../pki/certificates.js';
import { parseCrl, type ParsedCrl } from '../pki/crl.js';
import { checkCertificate, type Purpose, type TrustAnchor } from '../pki/validatePath.js';
import type { X509Certificate } from '../pki/x509.js';
import { pemCertificates, rootFrom } from './checkIssued.js';
import { finding, type Finding } from './doctorFindings.js';
import { crlUrls } from './exportTrust.js';
import { publicKeyOf } from './kmsAdmin.js';

/** The issuing CA as the certificate checks need it. */
export interface IssuingCa {
  arn: string;
  certificate: X509Certificate;
  anchor: TrustAnchor;
  /** The CRLs that could be fetched and are fresh. */
  crls: ParsedCrl[];
}

const message = (error: unknown): string => (error instanceof SignetError ? (error.detail ?? error.message) : `${(error as Error).name}: ${(error as Error).message}`);

/** Checks the CA `caArn`; the CA for the certificate checks when it can be used, and the findings. */
export async function checkCa(pca: AcmPca, config: OrgConfig, caArn: string, at: Date): Promise<{ ca?: IssuingCa; findings: Finding[] }> {
  const findings: Finding[] = [];
  const described = await pca.call<{ CertificateAuthority?: { Status?: string } }>('DescribeCertificateAuthority', { CertificateAuthorityArn: caArn });
  const status = described.CertificateAuthority?.Status;
  if (status !== 'ACTIVE') {
    findings.push(finding('ca-not-active', 'missing', caArn, `The Private CA is ${status ?? 'in an unknown state'}, not ACTIVE: no certificate can be issued and its CRL is not kept fresh.`, 'Activate it: aws acm-pca update-certificate-authority --certificate-authority-arn ARN --status ACTIVE (or install its certificate first).'));
    if (status !== 'DISABLED') return { findings };
  }
  const { Certificate, CertificateChain } = await pca.getCertificateAuthorityCertificate(caArn);
  const certificate = parseCertificate(Certificate);
  let root: X509Certificate;
  try {
    root = rootFrom(config, pemCertificates(CertificateChain ?? '').map((p) => parseCertificate(p)));
  } catch (error) {
    findings.push(finding('ca-not-under-root', 'unsafe', caArn, `The Private CA's chain does not end at the root the configuration pins (${message(error)}).`, 'Check that trust.rootSha256 in the configuration is the root from the ceremony, and that the CA certificate was signed by it.'));
    return { findings };
  }
  const rootCrls = await freshCrls(crlUrls(certificate), at, "Re-run the root ceremony's CRL step and publish the new CRL where the CA certificate says (docs/TRUST.md).");
  findings.push(...rootCrls.findings);
  const crls = rootCrls.crls;
  return { ca: { arn: caArn, certificate, anchor: { rootSha256: certificateSha256(root), root }, crls }, findings };
}

async function fetchCrl(url: string): Promise<ParsedCrl> {
  const response = await fetch(url, { signal: AbortSignal.timeout(30_000) });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return parseCrl(Buffer.from(await response.arrayBuffer()));
}

/** The CRLs at `urls` that can be fetched and are fresh at `at`; a finding for each that is not. `fix` says how to republish. */
export async function freshCrls(urls: string[], at: Date, fix: string): Promise<{ crls: ParsedCrl[]; findings: Finding[] }> {
  const findings: Finding[] = [];
  const crls: ParsedCrl[] = [];
  for (const url of [...new Set(urls)]) {
    let crl: ParsedCrl;
    try {
      crl = await fetchCrl(url);
    } catch (error) {
      findings.push(finding('crl-unreachable', 'missing', url, `The CRL at ${url} cannot be fetched (${message(error)}): laptops cannot check revocation.`, "Check the CA's CRL configuration (bucket name, custom CNAME) and that the bucket serves it over HTTP."));
      continue;
    }
    if (crl.nextUpdate !== undefined && crl.nextUpdate.getTime() <= at.getTime()) {
      findings.push(finding('crl-stale', 'missing', url, `The CRL at ${url} was due to be replaced on ${crl.nextUpdate.toISOString()}: laptops cannot confirm any certificate is still good.`, fix));
    } else {
      crls.push(crl);
    }
  }
  return { crls, findings };
}

export interface KeyCertificate {
  /** Who it is for, as the finding names them: a user name or a team. */
  who: string;
  ref: string;
  keyArn: string;
  certificateArn: string;
  purpose: Purpose;
}

/** The certificate on a key: valid now, not revoked, chained to the root, and for this key. */
export async function certificateFindings(kms: KMSClient, ca: IssuingCa, crls: ParsedCrl[], key: KeyCertificate, leaf: X509Certificate, at: Date): Promise<Finding[]> {
  const { who, ref, keyArn, certificateArn, purpose } = key;
  const reissue = `Issue a new one: signet admin ${purpose === 'signing' ? `enrol ${who} …` : `certify-team ${who}`}.`;
  if (!spkiDer(leaf).equals(await publicKeyOf(kms, keyArn))) {
    return [finding('certificate-key-mismatch', 'unsafe', certificateArn, `The certificate recorded on ${who}'s key (${ref}) certifies another public key.`, reissue)];
  }
  const check = await checkCertificate({ leaf, intermediates: [ca.certificate], anchor: ca.anchor, crls: [...ca.crls, ...crls], at, purpose });
  if (!check.ok) return [finding('certificate-invalid', 'missing', certificateArn, `${who}'s certificate does not validate: ${check.detail}.`, reissue)];
  if (check.revocation.state === 'revoked') {
    return [
      finding(
        'certificate-revoked',
        'unsafe',
        certificateArn,
        `${who}'s certificate was revoked on ${check.revocation.revokedAt.toISOString()}, yet their key (${ref}) still records it as current.`,
        purpose === 'signing' ? `Finish the revocation: signet admin revoke ${who} (it disables the key and clears the tag), then enrol them again if they stay.` : `Finish the revocation: signet admin revoke --team ${who}, then certify the team's key again.`,
      ),
    ];
  }
  if (check.identity.keyArn !== keyArn) {
    return [finding('certificate-key-mismatch', 'unsafe', certificateArn, `${who}'s certificate names the key ${check.identity.keyArn}, not ${keyArn}.`, reissue)];
  }
  return [];
}
