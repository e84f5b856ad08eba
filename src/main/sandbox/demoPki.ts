// The demo organisation's trust v2 PKI (docs/TRUST.md), set up the first time a
// sandbox starts on a version that has it — in a new folder and, as a migration, in
// one an older version made. The ceremony (docs/DEPLOYMENT.md, step 2): the offline
// root is created, it signs the CSR of the issuing CA the demo stack made in AWS
// Private CA (older sandboxes get a new CA), the certificate is imported and the root
// CRL published. Then each demo person gets their own signing key in KMS
// (with the person key policy) and each person and team a certificate per its profile.
// The organisation's report-signing key and its certificate, which sign the PDF report
// of every evidence folder, are added here too (and to sandboxes made before them).
// The CA operations run as the sandbox's administrator through the same operation
// table the API serves; the CSRs are signed in-process with the KMS key material,
// since the sandbox is the stand-in for AWS setting itself up. The sandbox's
// time-stamping authority (tsa/) gets its own key and a certificate from the issuing
// CA too — in older sandboxes, at the next start.
import { createHash } from 'node:crypto';
import { personKeyAlias, personKeyPolicy } from '../admin/keyPolicies.js';
import { ACM_PCA_OPERATIONS } from './acmPca/operations.js';
import { TEMPLATE_PREFIX } from './acmPca/issuance.js';
import { refreshStaleCrls } from './acmPca/revocation.js';
import { AwsError } from './core/awsError.js';
import { administratorCall } from './core/callers.js';
import { crlObjectUrl, readCrl } from './core/crlBucket.js';
import type { CertificateAuthorityRecord, DemoPkiRecord, KeyRecord, SandboxState, SandboxStore } from './core/state.js';
import { ExtendedKeyUsageExtension, generatePrivateKeyPem, parseCertificates, signingAlgorithm, signingKeys, type Hash, type KeyFamily, Name, Pkcs10CertificateRequestGenerator } from './core/x509.js';
import { createOfflineRoot, issueRootCrl, loadOfflineRoot, rootCrlIsStale, signSubordinateCsr } from './offlineRoot/offlineRoot.js';
import { makeKey } from './kms/newKey.js';
import { CRL_BUCKET } from './demoStack.js';
import { DEMO_PEOPLE, DEMO_TEAMS, RECEIVER_ROLE, REPORT_KEY_ALIAS, SENDER_ROLE, reportKeyPolicy } from './provision.js';

/** The root CRL's object name in the bucket (the issuing CA's is its id, as AWS names it). */
export const ROOT_CRL_NAME = 'root';
const DOCUMENT_SIGNING = '1.3.6.1.5.5.7.3.36';
const TIME_STAMPING = '1.3.6.1.5.5.7.3.8';
const EXTENDED_KEY_USAGE = '2.5.29.37';
const CERTIFICATE_DAYS = 365;

/** Runs one ACM PCA operation as the sandbox's administrator. */
async function asAdministrator(store: SandboxStore, baseUrl: string, operation: string, input: Record<string, unknown>): Promise<Record<string, string>> {
  return (await ACM_PCA_OPERATIONS[operation]!.run(input, administratorCall(store, baseUrl))) as Record<string, string>;
}

/** The CA's CSR, asked for until it is ready (AWS answers the first request with RequestInProgressException). */
async function authorityCsr(store: SandboxStore, baseUrl: string, arn: string): Promise<string> {
  try {
    return (await asAdministrator(store, baseUrl, 'GetCertificateAuthorityCsr', { CertificateAuthorityArn: arn })).Csr!;
  } catch (error) {
    if (!(error instanceof AwsError) || error.code !== 'RequestInProgressException') throw error;
    return (await asAdministrator(store, baseUrl, 'GetCertificateAuthorityCsr', { CertificateAuthorityArn: arn })).Csr!;
  }
}

const base64 = (text: string): string => Buffer.from(text).toString('base64');

/** The issuing CA the demo stack made (tagged signet=issuing-ca, waiting for its certificate), or a new one in a sandbox made before the template. */
async function pendingIssuingCa(store: SandboxStore, baseUrl: string): Promise<string> {
  const { state } = store;
  const fromStack = Object.values(state.certificateAuthorities).find((ca) => ca.status === 'PENDING_CERTIFICATE' && ca.tags.some((t) => t.Key === 'signet' && t.Value === 'issuing-ca'));
  if (fromStack !== undefined) return fromStack.arn;
  const { CertificateAuthorityArn } = await asAdministrator(store, baseUrl, 'CreateCertificateAuthority', {
    CertificateAuthorityType: 'SUBORDINATE',
    CertificateAuthorityConfiguration: {
      KeyAlgorithm: 'EC_secp521r1',
      SigningAlgorithm: 'SHA512WITHECDSA',
      Subject: { Organization: state.organisation, CommonName: `${state.organisation} Issuing CA` },
    },
    RevocationConfiguration: { CrlConfiguration: { Enabled: true, ExpirationInDays: 7, S3BucketName: CRL_BUCKET } },
    Tags: [{ Key: 'signet', Value: 'issuing-ca' }],
  });
  return CertificateAuthorityArn!;
}

/** The ceremony: the root, the issuing CA signed by it and imported, the root CRL. Returns the issuing CA. */
async function ceremony(store: SandboxStore, baseUrl: string): Promise<CertificateAuthorityRecord> {
  const { dir, state } = store;
  const now = store.now();
  const root = await createOfflineRoot(dir, state.organisation, now);
  const arn = await pendingIssuingCa(store, baseUrl);
  const csr = Buffer.from(await authorityCsr(store, baseUrl, arn));
  const { certificatePem } = await signSubordinateCsr(dir, csr, crlObjectUrl(baseUrl, CRL_BUCKET, ROOT_CRL_NAME), now);
  await asAdministrator(store, baseUrl, 'ImportCertificateAuthorityCertificate', { CertificateAuthorityArn: arn, Certificate: base64(certificatePem), CertificateChain: base64(root.certificatePem) });
  await issueRootCrl(dir, CRL_BUCKET, ROOT_CRL_NAME, now);
  return Object.values(state.certificateAuthorities).find((c) => c.arn === arn)!;
}

/** `userName`'s signing key: the one their alias names, or a new one with the person key policy. */
async function personKey(store: SandboxStore, userName: string): Promise<KeyRecord> {
  const { state } = store;
  const alias = personKeyAlias(userName);
  const existing = state.aliases[alias];
  if (existing && state.keys[existing.targetKeyId]) return state.keys[existing.targetKeyId]!;
  const role = (name: string): string => `arn:aws:iam::${state.accountId}:role/${name}`;
  const policy = personKeyPolicy({ accountId: state.accountId, userName, senderRoleArn: role(SENDER_ROLE), receiverRoleArn: role(RECEIVER_ROLE) });
  const key = await makeKey(state.region, state.accountId, 'ECC_NIST_P521', 'SIGN_VERIFY', `Signet demo: ${userName}'s signing key`, policy);
  // Tagged as `signet admin enrol` tags it: the sender role's policy lets a session Sign only with its own person's key.
  key.tags = [{ TagKey: 'signet:person', TagValue: userName }];
  state.keys[key.keyId] = key;
  const now = store.now();
  state.aliases[alias] = { name: alias, targetKeyId: key.keyId, createdAt: now, updatedAt: now };
  return key;
}

/** A CSR for a KMS key, signed with its material (the team's RSA key too: the sandbox holds it, though KMS would not sign with it). */
async function keyCsr(key: Pick<KeyRecord, 'spec' | 'privateKeyPem'>, commonName: string): Promise<string> {
  const [family, hash]: [KeyFamily, Hash] = key.spec === 'ECC_NIST_P521' ? [{ kind: 'ec', curve: 'P-521' }, 'SHA-512'] : [{ kind: 'rsa', bits: 4096 }, 'SHA-256'];
  const keys = await signingKeys(key.privateKeyPem!, family, hash);
  const csr = await Pkcs10CertificateRequestGenerator.create({ name: new Name([{ CN: [{ utf8String: commonName }] }]), keys, signingAlgorithm: signingAlgorithm(family, hash) });
  return csr.toString('pem');
}

/** Issues a certificate for `key` through the passthrough template; returns its serial. */
async function issueFor(store: SandboxStore, baseUrl: string, ca: CertificateAuthorityRecord, key: Pick<KeyRecord, 'spec' | 'privateKeyPem' | 'tags'>, subject: Record<string, string>, extensions: object): Promise<string> {
  const { CertificateArn } = await asAdministrator(store, baseUrl, 'IssueCertificate', {
    CertificateAuthorityArn: ca.arn,
    Csr: base64(await keyCsr(key, subject.CommonName!)),
    SigningAlgorithm: 'SHA512WITHECDSA',
    TemplateArn: `${TEMPLATE_PREFIX}BlankEndEntityCertificate_APIPassthrough/V1`,
    Validity: { Value: CERTIFICATE_DAYS, Type: 'DAYS' },
    ApiPassthrough: { Subject: subject, Extensions: extensions },
  });
  const serial = CertificateArn!.split('/').at(-1)!;
  // Issued while the sandbox set itself up, long before anyone asks for it.
  ca.certificates[serial]!.retrievable = true;
  // Recorded on the key as `signet admin enrol` records it, so `signet admin` finds it.
  key.tags = [...(key.tags ?? []).filter((t) => t.TagKey !== 'signet:certificate'), { TagKey: 'signet:certificate', TagValue: CertificateArn! }];
  return serial;
}

/** The person and team certificates, per the Person and Team profiles. */
async function demoCertificates(store: SandboxStore, baseUrl: string, ca: CertificateAuthorityRecord): Promise<Pick<DemoPkiRecord, 'people' | 'teams'>> {
  const { state } = store;
  const org = state.organisation;
  const people: Record<string, string> = {};
  for (const person of DEMO_PEOPLE) {
    const key = await personKey(store, person.userName);
    people[person.userName] = await issueFor(store, baseUrl, ca, key, { Organization: org, OrganizationalUnit: person.team, CommonName: person.displayName }, {
      KeyUsage: { DigitalSignature: true, NonRepudiation: true },
      ExtendedKeyUsage: [{ ExtendedKeyUsageType: 'EMAIL_PROTECTION' }, { ExtendedKeyUsageObjectIdentifier: DOCUMENT_SIGNING }],
      SubjectAlternativeNames: [{ Rfc822Name: person.email }, { UniformResourceIdentifier: key.arn }],
    });
  }
  const teams: Record<string, string> = {};
  for (const team of DEMO_TEAMS) {
    const key = state.keys[state.aliases[`alias/signet-${team.toLowerCase()}`]!.targetKeyId]!;
    teams[team] = await issueFor(store, baseUrl, ca, key, { Organization: org, CommonName: team }, {
      KeyUsage: { KeyEncipherment: true },
      ExtendedKeyUsage: [{ ExtendedKeyUsageType: 'EMAIL_PROTECTION' }],
      SubjectAlternativeNames: [{ UniformResourceIdentifier: key.arn }],
    });
  }
  return { people, teams };
}

/** The report-signing key (the one its alias names, or a new one) and its certificate: "<Org> evidence reports", for signing documents only. */
async function reportCertificate(store: SandboxStore, baseUrl: string, ca: CertificateAuthorityRecord): Promise<NonNullable<DemoPkiRecord['reports']>> {
  const { state } = store;
  const existing = state.aliases[REPORT_KEY_ALIAS];
  let key = existing ? state.keys[existing.targetKeyId] : undefined;
  if (key === undefined) {
    const policy = reportKeyPolicy(state.accountId, `arn:aws:iam::${state.accountId}:role/${RECEIVER_ROLE}`);
    key = await makeKey(state.region, state.accountId, 'ECC_NIST_P521', 'SIGN_VERIFY', 'Signet demo: signs evidence reports', policy);
    state.keys[key.keyId] = key;
    const now = store.now();
    state.aliases[REPORT_KEY_ALIAS] = { name: REPORT_KEY_ALIAS, targetKeyId: key.keyId, createdAt: now, updatedAt: now };
  }
  const serial = await issueFor(store, baseUrl, ca, key, { Organization: state.organisation, CommonName: `${state.organisation} evidence reports` }, {
    KeyUsage: { DigitalSignature: true },
    // NSS (pdfsig, Firefox, Thunderbird) checks a document signer as an e-mail signer.
    ExtendedKeyUsage: [{ ExtendedKeyUsageObjectIdentifier: DOCUMENT_SIGNING }, { ExtendedKeyUsageType: 'EMAIL_PROTECTION' }],
    SubjectAlternativeNames: [{ UniformResourceIdentifier: key.arn }],
  });
  return { keyId: key.keyId, serial };
}

/**
 * The time-stamping authority's key (P-521, its own: a TSA is not a KMS key) and its
 * certificate under RFC 3161's profile: extended key usage timeStamping alone, marked
 * critical — which the passthrough template takes only as a custom extension.
 */
async function timestampAuthority(store: SandboxStore, baseUrl: string, ca: CertificateAuthorityRecord): Promise<NonNullable<DemoPkiRecord['timestampAuthority']>> {
  const privateKeyPem = await generatePrivateKeyPem({ kind: 'ec', curve: 'P-521' });
  const extendedKeyUsage = Buffer.from(new ExtendedKeyUsageExtension([TIME_STAMPING], true).value).toString('base64');
  const serial = await issueFor(store, baseUrl, ca, { spec: 'ECC_NIST_P521', privateKeyPem }, { Organization: store.state.organisation, CommonName: `${store.state.organisation} Time-Stamping Authority` }, {
    KeyUsage: { DigitalSignature: true },
    CustomExtensions: [{ ObjectIdentifier: EXTENDED_KEY_USAGE, Value: extendedKeyUsage, Critical: true }],
  });
  return { serial, privateKeyPem };
}

/**
 * Makes sure the sandbox at `baseUrl` has its PKI: runs the ceremony and issues the
 * demo certificates when the state has none (a new sandbox, or one from before trust
 * v2; an interrupted ceremony starts over with a new root), and re-issues the root
 * CRL when it is past half its life. The caller commits the store.
 */
export async function ensureDemoPki(store: SandboxStore, baseUrl: string): Promise<void> {
  if (store.state.demoPki === undefined) {
    const ca = await ceremony(store, baseUrl);
    const certificates = await demoCertificates(store, baseUrl, ca);
    store.state.demoPki = { issuingCaId: ca.id, crlBucket: CRL_BUCKET, ...certificates, reports: await reportCertificate(store, baseUrl, ca), timestampAuthority: await timestampAuthority(store, baseUrl, ca) };
    return;
  }
  const pki = store.state.demoPki;
  const root = await loadOfflineRoot(store.dir);
  if (root === undefined) throw new Error(`the sandbox in ${store.dir} records a PKI but its offline root is missing`);
  if (rootCrlIsStale(root, store.now())) await issueRootCrl(store.dir, pki.crlBucket, ROOT_CRL_NAME, store.now());
  // Sandboxes made before the report-signing key or the TSA get them now.
  const ca = store.state.certificateAuthorities[pki.issuingCaId];
  if (pki.reports === undefined && ca !== undefined) pki.reports = await reportCertificate(store, baseUrl, ca);
  if (pki.timestampAuthority === undefined && ca !== undefined) pki.timestampAuthority = await timestampAuthority(store, baseUrl, ca);
}

/** The report-signing key's ARN and its certificate (PEM), as the configuration names them. */
export function demoReportSigning(state: SandboxState): { key: string; certificate: string } | undefined {
  const reports = state.demoPki?.reports;
  const ca = state.demoPki === undefined ? undefined : state.certificateAuthorities[state.demoPki.issuingCaId];
  const key = reports === undefined ? undefined : state.keys[reports.keyId];
  const certificate = reports === undefined ? undefined : ca?.certificates[reports.serial];
  if (key === undefined || certificate === undefined) return undefined;
  return { key: key.arn, certificate: certificate.pem };
}

/** The root certificate (PEM) and the SHA-256 (hex) of its DER, as the configuration pins it. */
export async function demoRoot(store: SandboxStore): Promise<{ certificatePem: string; sha256: string } | undefined> {
  const root = await loadOfflineRoot(store.dir);
  if (root === undefined) return undefined;
  const der = Buffer.from(parseCertificates(Buffer.from(root.certificatePem))[0]!.rawData);
  return { certificatePem: root.certificatePem, sha256: createHash('sha256').update(der).digest('hex') };
}

const crlPem = (der: Buffer): string => `-----BEGIN X509 CRL-----\n${der.toString('base64').replace(/(.{64})/g, '$1\n').replace(/\n$/, '')}\n-----END X509 CRL-----\n`;

/**
 * The trust file of docs/TRUST.md ("Trust files") for the demo organisation, made now:
 * the root, the issuing CA, every unrevoked certificate the issuing CA issued (but the
 * time-stamping authority's), and
 * the current root and issuing CA CRLs (stale ones re-issued first).
 */
export async function demoTrustFile(store: SandboxStore): Promise<object | undefined> {
  const pki = store.state.demoPki;
  const root = await demoRoot(store);
  const ca = pki === undefined ? undefined : store.state.certificateAuthorities[pki.issuingCaId];
  if (pki === undefined || root === undefined || ca?.certificatePem === undefined) return undefined;
  if (await refreshStaleCrls(store)) await store.commit();
  const offline = await loadOfflineRoot(store.dir);
  if (offline !== undefined && rootCrlIsStale(offline, store.now())) await issueRootCrl(store.dir, pki.crlBucket, ROOT_CRL_NAME, store.now());
  // The report-signing certificate is in the configuration, and the TSA's travels in every
  // token it signs: a trust file holds only people and teams, as a trust store admits them.
  const issued = Object.values(ca.certificates).filter((c) => c.revokedAt === undefined && c.serial !== pki.reports?.serial && c.serial !== pki.timestampAuthority?.serial);
  const crls = await Promise.all([ROOT_CRL_NAME, ca.id].map((name) => readCrl(store.dir, { bucket: pki.crlBucket, file: `${name}.crl` })));
  return {
    format: 'signet-trust/1',
    organisation: store.state.organisation,
    rootSha256: root.sha256,
    certificates: [root.certificatePem, ca.certificatePem, ...issued.map((c) => c.pem)],
    crls: crls.filter((der): der is Buffer => der !== undefined).map(crlPem),
  };
}
