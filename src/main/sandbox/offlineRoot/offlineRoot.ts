// The sandbox's stand-in for the organisation's offline root CA (a CloudHSM key in
// AWS; docs/TRUST.md, "The chain"). Its private key lives in its own file,
// DIR/offline-root/root-key.pem (mode 0600), never in state.json, and no HTTP route
// reads it: only these functions use it, at a ceremony on the machine that holds the
// folder (the demo PKI's first start, or `signet sandbox root-sign` and `root-crl`,
// rootCeremony.ts). The root creates itself (self-signed per the Root profile, 20
// years), signs an issuing CA's CSR at each ceremony (the Issuing CA profile, path
// length 0, CRL distribution point = the root CRL) and records it in its own log,
// DIR/offline-root/signings.jsonl, and issues the root CRL into the sandbox's CRL
// bucket, where the CRL route serves it.
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SignetError } from '../../../shared/errors.js';
import { writeFileAtomic } from '../../fs/atomicWrite.js';
import { putCrl } from '../core/crlBucket.js';
import { generatePrivateKeyPem, newSerialHex, parseCertificates, signCrl, signingAlgorithm, signingKeys, type KeyFamily, AuthorityKeyIdentifierExtension, BasicConstraintsExtension, CRLDistributionPointsExtension, KeyUsageFlags, KeyUsagesExtension, Name, Pkcs10CertificateRequest, SubjectKeyIdentifierExtension, X509CertificateGenerator } from '../core/x509.js';

const ROOT_DIR = 'offline-root';
const KEY_FILE = 'root-key.pem';
const RECORD_FILE = 'root.json';
const LOG_FILE = 'signings.jsonl';
const FAMILY: KeyFamily = { kind: 'ec', curve: 'P-521' };
const HASH = 'SHA-512';
const YEAR_MS = 365.25 * 86_400_000;
const DAY_MS = 86_400_000;
/** The root CRL lasts long, as an offline root's does; the sandbox re-issues it on start past half its life. */
export const ROOT_CRL_DAYS = 90;

/** What the root keeps beside its key; nothing here is secret. */
export interface OfflineRootRecord {
  certificatePem: string;
  crlNumber: number;
  crlIssuedAt?: number;
}

const folder = (dir: string): string => join(dir, ROOT_DIR);

async function saveRecord(dir: string, record: OfflineRootRecord): Promise<void> {
  await writeFileAtomic(join(folder(dir), RECORD_FILE), `${JSON.stringify(record, null, 2)}\n`, 0o644);
}

/** The root's record, or undefined when the sandbox has no root yet. */
export async function loadOfflineRoot(dir: string): Promise<OfflineRootRecord | undefined> {
  try {
    return JSON.parse(await readFile(join(folder(dir), RECORD_FILE), 'utf8')) as OfflineRootRecord;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

const readKey = (dir: string): Promise<string> => readFile(join(folder(dir), KEY_FILE), 'utf8');

/** Makes a new root for `organisation` (replacing any there), self-signed per the Root profile, valid 20 years from `now`. */
export async function createOfflineRoot(dir: string, organisation: string, now: number): Promise<OfflineRootRecord> {
  await mkdir(folder(dir), { recursive: true, mode: 0o700 });
  const keyPem = await generatePrivateKeyPem(FAMILY);
  await writeFileAtomic(join(folder(dir), KEY_FILE), keyPem, 0o600);
  const keys = await signingKeys(keyPem, FAMILY, HASH);
  const name = new Name([{ O: [{ utf8String: organisation }] }, { CN: [{ utf8String: `${organisation} Root CA` }] }]);
  const certificate = await X509CertificateGenerator.create({
    serialNumber: newSerialHex(),
    subject: name,
    issuer: name,
    notBefore: new Date(now),
    notAfter: new Date(now + 20 * YEAR_MS),
    publicKey: keys.publicKey,
    signingKey: keys.privateKey,
    signingAlgorithm: signingAlgorithm(FAMILY, HASH),
    extensions: [
      new BasicConstraintsExtension(true, undefined, true),
      new KeyUsagesExtension(KeyUsageFlags.keyCertSign | KeyUsageFlags.cRLSign, true),
      await SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  const record: OfflineRootRecord = { certificatePem: certificate.toString('pem'), crlNumber: 0 };
  await saveRecord(dir, record);
  return record;
}

/** An issuing CA certificate the root signed: one line of its signing log. */
export interface SignedSubordinate {
  certificatePem: string;
  /** Hex, as OpenSSL prints it. */
  serial: string;
  /** The subject as the certificate orders it, e.g. "O=Example, CN=Example Issuing CA". */
  subject: string;
}

/** The CSR in `bytes` (PEM or DER), if it is one whose self-signature verifies; a usage error saying what is wrong otherwise. */
async function checkedCsr(bytes: Uint8Array): Promise<Pkcs10CertificateRequest> {
  const text = Buffer.from(bytes).toString('latin1');
  let csr: Pkcs10CertificateRequest;
  try {
    csr = new Pkcs10CertificateRequest(text.includes('-----BEGIN') ? text : Buffer.from(bytes));
  } catch {
    throw new SignetError('USAGE', 'That file is not a certificate signing request (PKCS #10, PEM or DER). Nothing was signed.');
  }
  if (!(await csr.verify())) throw new SignetError('USAGE', `The certificate signing request for ${csr.subject} is not signed by its own key. Nothing was signed.`);
  return csr;
}

/**
 * Signs an issuing CA's CSR (PEM or DER) per the Issuing CA profile (path length 0,
 * keyCertSign, cRLSign and digitalSignature, CRL distribution point `rootCrlUrl`),
 * valid 10 years or until the root expires, and appends the signing to the root's log.
 * A CSR that is not one, or whose self-signature does not verify, is refused.
 */
export async function signSubordinateCsr(dir: string, csrBytes: Uint8Array, rootCrlUrl: string, now: number): Promise<SignedSubordinate> {
  const record = await loadOfflineRoot(dir);
  if (record === undefined) throw new Error('the offline root has not been created');
  const csr = await checkedCsr(csrBytes);
  const root = parseCertificates(Buffer.from(record.certificatePem))[0]!;
  const { privateKey } = await signingKeys(await readKey(dir), FAMILY, HASH);
  const serial = newSerialHex();
  const certificate = await X509CertificateGenerator.create({
    serialNumber: serial,
    subject: csr.subjectName,
    issuer: root.subjectName,
    notBefore: new Date(now),
    notAfter: new Date(Math.min(now + 10 * YEAR_MS, root.notAfter.getTime())),
    publicKey: csr.publicKey,
    signingKey: privateKey,
    signingAlgorithm: signingAlgorithm(FAMILY, HASH),
    extensions: [
      new BasicConstraintsExtension(true, 0, true),
      new KeyUsagesExtension(KeyUsageFlags.keyCertSign | KeyUsageFlags.cRLSign | KeyUsageFlags.digitalSignature, true),
      await AuthorityKeyIdentifierExtension.create(root.publicKey),
      await SubjectKeyIdentifierExtension.create(csr.publicKey),
      new CRLDistributionPointsExtension([rootCrlUrl]),
    ],
  });
  const signed: SignedSubordinate = { certificatePem: certificate.toString('pem'), serial: certificate.serialNumber, subject: certificate.subject };
  const line = { signedAt: new Date(now).toISOString(), subject: signed.subject, serial: signed.serial };
  await appendFile(join(folder(dir), LOG_FILE), `${JSON.stringify(line)}\n`, { mode: 0o644 });
  return signed;
}

/** Issues the root's next CRL (nothing revoked: the root has never revoked an issuing CA) into `bucket` as crl/`name`.crl; returns its number. */
export async function issueRootCrl(dir: string, bucket: string, name: string, now: number): Promise<number> {
  const record = await loadOfflineRoot(dir);
  if (record === undefined) throw new Error('the offline root has not been created');
  const crl = await signCrl({
    issuer: parseCertificates(Buffer.from(record.certificatePem))[0]!,
    issuerKeyPem: await readKey(dir),
    family: FAMILY,
    hash: HASH,
    number: record.crlNumber + 1,
    thisUpdate: now,
    nextUpdate: now + ROOT_CRL_DAYS * DAY_MS,
    revoked: [],
  });
  await putCrl(dir, bucket, name, new Uint8Array(crl.rawData));
  await saveRecord(dir, { ...record, crlNumber: record.crlNumber + 1, crlIssuedAt: now });
  return record.crlNumber + 1;
}

/** True when the root CRL is missing or past half its life. */
export const rootCrlIsStale = (record: OfflineRootRecord, now: number): boolean => record.crlIssuedAt === undefined || now >= record.crlIssuedAt + (ROOT_CRL_DAYS * DAY_MS) / 2;
