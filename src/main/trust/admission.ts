// The rules for letting certificates and CRLs into this computer's trust store
// (docs/TRUST.md, "Trust files replace trust bundles"). Everything is checked against
// the pinned root before anything is kept: each CA and person or team certificate must
// pass checkCertificate's rules and not be revoked; each CRL must be signed by the
// root or an admitted CA, and its number never goes down for the same issuer. These
// functions only compute the new contents; trustStore.ts stores them, all or nothing.
import { SignetError } from '../../shared/errors.js';
import { visibleText } from '../format/names.js';
import { certificateIdentity, certificateSha256, keyUsageOf, spkiDer, subjectText } from '../pki/certificates.js';
import { verifyCrl, type ParsedCrl } from '../pki/crl.js';
import { checkCaCertificate, checkCertificate, type RevocationState, type TrustAnchor } from '../pki/validatePath.js';
import { BasicConstraintsExtension, KeyUsageFlags, type X509Certificate } from '../pki/x509.js';
import type { TrustFile } from './trustFile.js';

/** What the store holds: the root (once known), admitted CA and leaf certificates, the newest CRL per issuer. */
export interface TrustContents {
  root?: X509Certificate;
  cas: X509Certificate[];
  leaves: X509Certificate[];
  crls: ParsedCrl[];
}

const invalid = (detail: string): SignetError => new SignetError('TRUST_FILE_INVALID', undefined, detail);

/** Whether a certificate is a CA's (basic constraints CA: true). */
export const isCa = (cert: X509Certificate): boolean => cert.getExtension(BasicConstraintsExtension)?.ca === true;

/** `items` without those whose SHA-256 is in `known` or repeated. */
function newOnes(items: X509Certificate[], known: X509Certificate[]): X509Certificate[] {
  const seen = new Set(known.map(certificateSha256));
  return items.filter((cert) => {
    const sha = certificateSha256(cert);
    if (seen.has(sha)) return false;
    seen.add(sha);
    return true;
  });
}

/** The root a trust file may be checked against: the one this computer has, or the file's certificate with the pinned fingerprint. */
function rootFor(contents: TrustContents, file: TrustFile, pinned: string): X509Certificate {
  if (file.rootSha256 !== pinned) throw invalid(`the file is for another root certificate (${file.rootSha256}), not the one your configuration pins (${pinned})`);
  const root = contents.root ?? file.certificates.find((cert) => certificateSha256(cert) === pinned);
  if (!root) throw invalid("the file does not carry your organisation's root certificate, and this computer does not have it yet");
  return root;
}

function refuseRevoked(cert: X509Certificate, revocation: RevocationState): void {
  if (revocation.state === 'revoked') throw invalid(`certificate "${subjectText(cert)}" is revoked${revocation.which === 'ca' ? ' (its CA is)' : ''}`);
}

async function admitCas(candidates: X509Certificate[], contents: TrustContents, anchor: TrustAnchor, crls: ParsedCrl[], at: Date): Promise<X509Certificate[]> {
  for (const ca of candidates) {
    const check = await checkCaCertificate({ leaf: ca, intermediates: [...contents.cas, ...candidates], anchor, crls, at });
    if (!check.ok) throw invalid(`certificate "${subjectText(ca)}": ${check.detail}`);
    refuseRevoked(ca, check.revocation);
  }
  return candidates;
}

/** The KMS key ARN a person or team certificate is for; undefined for any other certificate. */
export function certifiedKeyArn(cert: X509Certificate): string | undefined {
  try {
    return certificateIdentity(cert).keyArn;
  } catch {
    return undefined;
  }
}

/** A key's certificates must all carry the same public key: a KMS key's never changes, so a second one would replace it. */
function refuseKeyReplacement(leaf: X509Certificate, keyArn: string, known: X509Certificate[]): void {
  const spki = spkiDer(leaf);
  const other = known.find((cert) => certifiedKeyArn(cert) === keyArn && !spkiDer(cert).equals(spki));
  if (other) throw invalid(`certificate "${subjectText(leaf)}" gives ${visibleText(keyArn)} a public key other than the one this computer knows`);
}

async function admitLeaves(candidates: X509Certificate[], contents: TrustContents, anchor: TrustAnchor, crls: ParsedCrl[], at: Date): Promise<X509Certificate[]> {
  const admitted: X509Certificate[] = [];
  for (const leaf of candidates) {
    const purpose = keyUsageOf(leaf) & KeyUsageFlags.keyEncipherment ? 'encryption' : 'signing';
    const check = await checkCertificate({ leaf, intermediates: contents.cas, anchor, crls, at, purpose });
    if (!check.ok) throw invalid(`certificate "${subjectText(leaf)}": ${check.detail}`);
    refuseRevoked(leaf, check.revocation);
    refuseKeyReplacement(leaf, check.identity.keyArn, [...contents.leaves, ...admitted]);
    admitted.push(leaf);
  }
  return admitted;
}

const issuerKey = (crl: ParsedCrl): string => Buffer.from(crl.crl.issuerName.toArrayBuffer()).toString('hex');

async function signedByOneOf(crl: ParsedCrl, cas: X509Certificate[]): Promise<boolean> {
  for (const ca of cas) if (await verifyCrl(crl, ca)) return true;
  return false;
}

/**
 * The CRLs after adding `incoming`, one per issuer (the highest number). Each must be
 * signed by one of `cas`. A lower number than the one kept is TRUST_FILE_STALE; the
 * same number with other bytes is TRUST_FILE_INVALID.
 */
export async function mergeCrls(current: ParsedCrl[], incoming: ParsedCrl[], cas: X509Certificate[]): Promise<ParsedCrl[]> {
  const newest = new Map(current.map((crl) => [issuerKey(crl), crl]));
  for (const crl of [...incoming].sort((a, b) => (a.number < b.number ? -1 : a.number > b.number ? 1 : 0))) {
    const issuer = visibleText(crl.crl.issuer);
    if (!(await signedByOneOf(crl, cas))) throw invalid(`the revocation list from "${issuer}" (number ${crl.number}) is not signed by a CA of your organisation`);
    const kept = newest.get(issuerKey(crl));
    if (kept && crl.number < kept.number) {
      throw new SignetError('TRUST_FILE_STALE', undefined, `the revocation list from "${issuer}" is number ${crl.number}; this computer already has number ${kept.number}`);
    }
    if (kept && crl.number === kept.number && crl.sha256 !== kept.sha256) throw invalid(`two different revocation lists from "${issuer}" both have number ${crl.number}`);
    if (!kept || crl.number > kept.number) newest.set(issuerKey(crl), crl);
  }
  return [...newest.values()];
}

/** The store's contents after a trust file, or a SignetError; `contents` itself is not changed. */
export async function admitTrustFile(contents: TrustContents, file: TrustFile, pinned: string, at: Date): Promise<TrustContents> {
  const root = rootFor(contents, file, pinned);
  const anchor: TrustAnchor = { rootSha256: pinned, root };
  const offered = newOnes(file.certificates, [root, ...contents.cas, ...contents.leaves]);
  const cas = await admitCas(offered.filter(isCa), contents, anchor, [...contents.crls, ...file.crls], at);
  const withCas: TrustContents = { ...contents, root, cas: [...contents.cas, ...cas] };
  const crls = await mergeCrls(contents.crls, file.crls, [root, ...withCas.cas]);
  const leaves = await admitLeaves(offered.filter((cert) => !isCa(cert)), withCas, anchor, crls, at);
  return { root, cas: withCas.cas, leaves: [...contents.leaves, ...leaves], crls };
}
