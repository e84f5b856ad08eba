// `signet admin export`: the trust file laptops import (docs/TRUST.md, "Trust
// files") — the root, the issuing CA, every current person and team certificate (the
// ARN recorded on each Signet key), and the CRLs fetched from the distribution points
// the certificates name. Everything is checked as a laptop will check it before the
// file is written; a certificate that is revoked is left out and reported.
import { SignetError } from '../../shared/errors.js';
import { fromAwsError } from '../aws/awsErrors.js';
import { certificateIdentity, certificateSha256, parseCertificate } from '../pki/certificates.js';
import { parseCrl, type ParsedCrl } from '../pki/crl.js';
import { checkCertificate } from '../pki/validatePath.js';
import { CRLDistributionPointsExtension, pemOf, type X509Certificate } from '../pki/x509.js';
import type { AdminContext } from './adminContext.js';
import { pemCertificates, rootFrom } from './checkIssued.js';
import { CERTIFICATE_TAG, aliasesUnder, keyArnOf, tagsOf } from './kmsAdmin.js';

export const TRUST_FILE_FORMAT = 'signet-trust/1';

export interface TrustExport {
  text: string;
  certificates: { subject: string; keyArn: string }[];
  left: { subject: string; why: string }[];
  crls: string[];
}

/** The http(s) URLs of a certificate's CRL distribution points. */
export function crlUrls(certificate: X509Certificate): string[] {
  const extension = certificate.getExtension(CRLDistributionPointsExtension);
  return (extension?.distributionPoints ?? []).flatMap((point) =>
    (point.distributionPoint?.fullName ?? []).map((name) => name.uniformResourceIdentifier).filter((uri): uri is string => uri !== undefined && /^https?:\/\//.test(uri)),
  );
}

async function fetchCrl(url: string): Promise<Buffer> {
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(30_000) });
  } catch (error) {
    throw fromAwsError(error, `fetching the CRL ${url}`);
  }
  if (!response.ok) throw new SignetError('SERVICE_ERROR', `The CRL at ${url} could not be fetched (HTTP ${response.status}). Check the CA's CRL configuration.`);
  return Buffer.from(await response.arrayBuffer());
}

async function currentCertificates(ctx: AdminContext): Promise<X509Certificate[]> {
  const people = (await aliasesUnder(ctx.kms, 'alias/signet/person/')).map((a) => a.AliasName!);
  const refs = [...people, ...ctx.config.recipients.map((r) => r.key)];
  const found: X509Certificate[] = [];
  for (const ref of refs) {
    const keyArn = await keyArnOf(ctx.kms, ref);
    const arn = keyArn ? (await tagsOf(ctx.kms, keyArn))[CERTIFICATE_TAG] : undefined;
    if (!arn) continue;
    try {
      found.push(parseCertificate((await ctx.pca.getCertificate(ctx.caArn, arn)).Certificate));
    } catch (error) {
      throw fromAwsError(error, `reading the certificate ${arn}`);
    }
  }
  return found;
}

export async function exportTrust(ctx: AdminContext): Promise<TrustExport> {
  let caPem: { Certificate: string; CertificateChain?: string };
  try {
    caPem = await ctx.pca.getCertificateAuthorityCertificate(ctx.caArn);
  } catch (error) {
    throw fromAwsError(error, `reading the certificate of ${ctx.caArn}`);
  }
  const ca = parseCertificate(caPem.Certificate);
  const root = rootFrom(ctx.config, pemCertificates(caPem.CertificateChain ?? '').map((p) => parseCertificate(p)));
  const leaves = await currentCertificates(ctx);
  const urls = [...new Set([...crlUrls(ca), ...leaves.flatMap(crlUrls)])];
  const crlDers = await Promise.all(urls.map(fetchCrl));
  const crls: ParsedCrl[] = crlDers.map((der) => parseCrl(der));
  const anchor = { rootSha256: certificateSha256(root), root };
  const kept: X509Certificate[] = [];
  const left: TrustExport['left'] = [];
  for (const leaf of leaves) {
    const identity = certificateIdentity(leaf);
    const check = await checkCertificate({ leaf, intermediates: [ca], anchor, crls, at: new Date(), purpose: identity.kind === 'person' ? 'signing' : 'encryption' });
    if (check.ok && check.revocation.state === 'good') kept.push(leaf);
    else left.push({ subject: leaf.subject, why: check.ok ? `revocation ${check.revocation.state}` : check.detail });
  }
  const file = {
    format: TRUST_FILE_FORMAT,
    organisation: ctx.config.organisation,
    rootSha256: anchor.rootSha256,
    certificates: [root, ca, ...kept].map((c) => c.toString('pem')),
    crls: crlDers.map((der) => pemOf(der, 'X509 CRL')),
  };
  return {
    text: `${JSON.stringify(file, null, 2)}\n`,
    certificates: kept.map((c) => ({ subject: c.subject, keyArn: certificateIdentity(c).keyArn })),
    left,
    crls: urls,
  };
}
