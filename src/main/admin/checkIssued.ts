// The check `signet admin` makes on every certificate the Private CA hands back before
// recording it: it certifies the very key KMS holds (same public key), names what was
// asked for, and chains to the organisation's root as a laptop will check it.
import { SignetError } from '../../shared/errors.js';
import type { OrgConfig } from '../config/orgConfig.js';
import { certificateSha256, parseCertificate, spkiDer, type CertificateIdentity } from '../pki/certificates.js';
import { checkCertificate } from '../pki/validatePath.js';
import type { X509Certificate } from '../pki/x509.js';

/** Every PEM certificate in `text`, in order. */
export const pemCertificates = (text: string): string[] => text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];

/** The pinned root: the configuration's certificate, or the chain's last one, either way matching trust.rootSha256. */
export function rootFrom(config: OrgConfig, chain: X509Certificate[]): X509Certificate {
  const trust = config.trust;
  if (!trust) throw new SignetError('CONFIG_INVALID', 'The configuration names no root CA (trust.rootSha256). Add it before enrolling anyone; see docs/TRUST.md.');
  const candidates = [...(trust.rootCertificate ? [parseCertificate(trust.rootCertificate)] : []), ...chain];
  const root = candidates.find((c) => certificateSha256(c) === trust.rootSha256);
  if (!root) throw new SignetError('CERT_UNTRUSTED', `The Private CA's chain does not end at the organisation's root (SHA-256 ${trust.rootSha256}). Check that --ca names the right CA.`);
  return root;
}

export async function checkIssued(config: OrgConfig, certificatePem: string, chainPem: string, expected: { spki: Buffer; keyArn: string; purpose: 'signing' | 'encryption' }): Promise<{ certificate: X509Certificate; identity: CertificateIdentity }> {
  const certificate = parseCertificate(certificatePem);
  const chain = pemCertificates(chainPem).map((pem) => parseCertificate(pem));
  if (!spkiDer(certificate).equals(expected.spki)) {
    throw new SignetError('CERT_INVALID', 'The Private CA returned a certificate for a different public key than the KMS key holds. Nothing was recorded; report this to your AWS administrator.');
  }
  const root = rootFrom(config, chain);
  const check = await checkCertificate({
    leaf: certificate,
    intermediates: chain.filter((c) => certificateSha256(c) !== certificateSha256(root)),
    anchor: { rootSha256: certificateSha256(root), root },
    crls: [],
    at: new Date(),
    purpose: expected.purpose,
  });
  if (!check.ok) throw new SignetError(check.code, undefined, `the new certificate does not validate: ${check.detail}`);
  if (check.identity.keyArn !== expected.keyArn) throw new SignetError('CERT_INVALID', undefined, `the new certificate names key ${check.identity.keyArn}, not ${expected.keyArn}`);
  return { certificate, identity: check.identity };
}
