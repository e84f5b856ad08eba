// A whole test PKI made with WebCrypto keys, shaped like docs/TRUST.md's profiles: an
// offline root, an issuing CA with path length 0, person certificates (P-521, KMS key
// ARN in a URI SAN) and team certificates (RSA 4096), and numbered CRLs. Each maker
// takes options for the broken variants tests need (expired, wrong usage, unknown
// critical extension, a CA certificate as a leaf, another root). Keys are made once
// per process and reused, since an RSA 4096 key takes seconds.
import { randomBytes, webcrypto } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CRLNumber } from '@peculiar/asn1-x509';
import { AsnConvert } from '@peculiar/asn1-schema';
import {
  AuthorityKeyIdentifierExtension,
  BasicConstraintsExtension,
  CRLDistributionPointsExtension,
  ExtendedKeyUsageExtension,
  Extension,
  KeyUsageFlags,
  KeyUsagesExtension,
  SubjectAlternativeNameExtension,
  SubjectKeyIdentifierExtension,
  X509CertificateGenerator,
  PemConverter,
  X509Crl,
  X509CrlGenerator,
  type X509Certificate,
  type X509CrlReason,
} from '../../src/main/pki/x509.js';

export const ORGANISATION = 'Example Org';
export const PERSON_KEY_ARN = 'arn:aws:kms:eu-west-2:111122223333:key/0f1e2d3c-4b5a-4697-8877-665544332211';
export const TEAM_KEY_ARN = 'arn:aws:kms:eu-west-2:111122223333:key/11111111-2222-4333-8444-555555555555';
export const DOCUMENT_SIGNING = '1.3.6.1.5.5.7.3.36';
export const EMAIL_PROTECTION = '1.3.6.1.5.5.7.3.4';
/** An extension no one knows, marked critical. */
export const UNKNOWN_EXTENSION_OID = '1.3.6.1.4.1.55555.1.1';

const SIGNING = { name: 'ECDSA', hash: 'SHA-512' } as const;
const DAY = 86_400_000;

/** A certificate with the key pair it certifies. */
export interface Issued {
  certificate: X509Certificate;
  keys: CryptoKeyPair;
}

const ecKeys = (): Promise<CryptoKeyPair> =>
  webcrypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-521' }, true, ['sign', 'verify']) as Promise<CryptoKeyPair>;

const keyCache = new Map<string, Promise<CryptoKeyPair>>();

/** A P-521 key pair, the same one for the same name within this process. */
export function p521Keys(name: string): Promise<CryptoKeyPair> {
  if (!keyCache.has(name)) keyCache.set(name, ecKeys());
  return keyCache.get(name)!;
}

/** A fresh RSA-OAEP key pair (not cached). */
export function rsaKeys(modulusLength: number): Promise<CryptoKeyPair> {
  const params = { name: 'RSA-OAEP', modulusLength, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' };
  return webcrypto.subtle.generateKey(params, true, ['encrypt', 'decrypt']) as Promise<CryptoKeyPair>;
}

/** The team's RSA 4096 key pair, made once per process. */
export function teamKeys(): Promise<CryptoKeyPair> {
  if (!keyCache.has('team')) keyCache.set('team', rsaKeys(4096));
  return keyCache.get('team')!;
}

/** A positive 16-byte serial number, hex. */
export function randomSerial(): string {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0]! & 0x7f) | 0x10;
  return bytes.toString('hex');
}

interface Validity {
  notBefore?: Date;
  notAfter?: Date;
}

export interface CaOptions extends Validity {
  organisation?: string;
  /** Which cached key to use; a different name makes a different CA with the same subject. */
  keyName?: string;
  /** Issuing CA path length; null leaves it out. Default 0. */
  pathLength?: number | null;
}

function window(options: Validity): { notBefore: Date; notAfter: Date } {
  return { notBefore: options.notBefore ?? new Date(Date.now() - DAY), notAfter: options.notAfter ?? new Date(Date.now() + 365 * DAY) };
}

/** The offline root: self-signed, CA with no path length, keyCertSign + cRLSign. */
export async function makeRootCa(options: CaOptions = {}): Promise<Issued> {
  const organisation = options.organisation ?? ORGANISATION;
  const keys = await p521Keys(options.keyName ?? 'root');
  const certificate = await X509CertificateGenerator.createSelfSigned({
    serialNumber: randomSerial(),
    name: `CN=${organisation} Root CA, O=${organisation}`,
    ...window(options),
    keys,
    signingAlgorithm: SIGNING,
    extensions: [
      new BasicConstraintsExtension(true, undefined, true),
      new KeyUsagesExtension(KeyUsageFlags.keyCertSign | KeyUsageFlags.cRLSign, true),
      await SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { certificate, keys };
}

export interface IssueOptions extends Validity {
  subject: string;
  keys: CryptoKeyPair;
  extensions: Extension[];
  serialNumber?: string;
}

/** A certificate for `options.keys`, signed by `issuer`, with an authority key identifier. */
export async function issue(issuer: Issued, options: IssueOptions): Promise<Issued> {
  const certificate = await X509CertificateGenerator.create({
    serialNumber: options.serialNumber ?? randomSerial(),
    subject: options.subject,
    issuer: issuer.certificate.subjectName,
    ...window(options),
    publicKey: options.keys.publicKey,
    signingKey: issuer.keys.privateKey,
    signingAlgorithm: SIGNING,
    extensions: [await AuthorityKeyIdentifierExtension.create(issuer.keys.publicKey), ...options.extensions],
  });
  return { certificate, keys: options.keys };
}

/** The issuing CA under `root`: CA with path length 0, keyCertSign + cRLSign + digitalSignature. */
export async function makeIssuingCa(root: Issued, options: CaOptions = {}): Promise<Issued> {
  const organisation = options.organisation ?? ORGANISATION;
  const keys = await p521Keys(options.keyName ?? 'issuing');
  const pathLength = options.pathLength === undefined ? 0 : options.pathLength;
  return issue(root, {
    ...options,
    subject: `CN=${organisation} Issuing CA, O=${organisation}`,
    keys,
    extensions: [
      new BasicConstraintsExtension(true, pathLength ?? undefined, true),
      new KeyUsagesExtension(KeyUsageFlags.keyCertSign | KeyUsageFlags.cRLSign | KeyUsageFlags.digitalSignature, true),
      await SubjectKeyIdentifierExtension.create(keys.publicKey),
      new CRLDistributionPointsExtension(['http://127.0.0.1:1/crl/root.crl']),
    ],
  });
}

export interface LeafOptions extends Validity {
  serialNumber?: string;
  keyArn?: string;
  keys?: CryptoKeyPair;
  /** Replaces the profile's key usage. */
  keyUsage?: KeyUsageFlags;
  /** Replaces the profile's extended key usages; an empty list leaves the extension out. */
  extendedKeyUsage?: string[];
  /** Marks the leaf a CA (basic constraints CA: true). */
  ca?: boolean;
  /** Added after the profile's extensions. */
  extraExtensions?: Extension[];
}

export interface PersonOptions extends LeafOptions {
  displayName?: string;
  team?: string;
  email?: string;
}

function leafExtensions(options: LeafOptions, keyUsage: KeyUsageFlags, extendedKeyUsage: string[], names: { type: 'email' | 'url'; value: string }[]): Extension[] {
  const usages = options.extendedKeyUsage ?? extendedKeyUsage;
  const extensions: Extension[] = [
    new BasicConstraintsExtension(options.ca ?? false, undefined, true),
    new KeyUsagesExtension(options.keyUsage ?? keyUsage, true),
    new SubjectAlternativeNameExtension(names),
    new CRLDistributionPointsExtension(['http://127.0.0.1:1/crl/issuing.crl']),
  ];
  if (usages.length > 0) extensions.push(new ExtendedKeyUsageExtension(usages));
  return [...extensions, ...(options.extraExtensions ?? [])];
}

/** A person's certificate per the profile: signs, P-521 key, e-mail and KMS key ARN alternative names. */
export async function makePersonCertificate(ca: Issued, options: PersonOptions = {}): Promise<Issued> {
  const displayName = options.displayName ?? 'Alice Example';
  return issue(ca, {
    ...options,
    subject: `CN=${displayName}, OU=${options.team ?? 'Finance'}, O=${ORGANISATION}`,
    keys: options.keys ?? (await p521Keys('person')),
    extensions: leafExtensions(options, KeyUsageFlags.digitalSignature | KeyUsageFlags.nonRepudiation, [EMAIL_PROTECTION, DOCUMENT_SIGNING], [
      { type: 'email', value: options.email ?? 'alice@example.org' },
      { type: 'url', value: options.keyArn ?? PERSON_KEY_ARN },
    ]),
  });
}

/** A team's certificate per the profile: receives (keyEncipherment), RSA 4096 key, KMS key ARN alternative name. */
export async function makeTeamCertificate(ca: Issued, options: LeafOptions & { team?: string } = {}): Promise<Issued> {
  return issue(ca, {
    ...options,
    subject: `CN=${options.team ?? 'Finance'}, O=${ORGANISATION}`,
    keys: options.keys ?? (await teamKeys()),
    extensions: leafExtensions(options, KeyUsageFlags.keyEncipherment, [EMAIL_PROTECTION], [{ type: 'url', value: options.keyArn ?? TEAM_KEY_ARN }]),
  });
}

/** A critical extension with an OID nobody knows (its value is a DER NULL). */
export function unknownCriticalExtension(): Extension {
  return new Extension(UNKNOWN_EXTENSION_OID, true, new Uint8Array([0x05, 0x00]));
}

export interface CrlOptions {
  /** The CRL number; null leaves the extension out. */
  number: number | null;
  revoked?: { serial: string; reason?: X509CrlReason; revokedAt?: Date }[];
  thisUpdate?: Date;
  /** null leaves nextUpdate out. */
  nextUpdate?: Date | null;
}

/** A CRL signed by `issuer` with a CRL number. */
export async function makeCrl(issuer: Issued, options: CrlOptions): Promise<X509Crl> {
  const thisUpdate = options.thisUpdate ?? new Date(Date.now() - 60_000);
  const nextUpdate = options.nextUpdate === undefined ? new Date(thisUpdate.getTime() + 7 * DAY) : (options.nextUpdate ?? undefined);
  return X509CrlGenerator.create({
    issuer: issuer.certificate.subjectName,
    thisUpdate,
    nextUpdate,
    signingKey: issuer.keys.privateKey,
    signingAlgorithm: SIGNING,
    extensions: [
      ...(options.number === null ? [] : [new Extension('2.5.29.20', false, AsnConvert.serialize(new CRLNumber(options.number)))]),
      await AuthorityKeyIdentifierExtension.create(issuer.keys.publicKey),
    ],
    entries: (options.revoked ?? []).map((entry) => ({ serialNumber: entry.serial, revocationDate: entry.revokedAt ?? new Date(thisUpdate.getTime() - 60_000), reason: entry.reason })),
  });
}

/** The standard organisation: root, issuing CA, Alice's and the Finance team's certificates, and a current CRL from each CA. */
export interface TestPki {
  root: Issued;
  issuingCa: Issued;
  person: Issued;
  team: Issued;
  rootCrl: X509Crl;
  issuingCrl: X509Crl;
}

export async function makeTestPki(): Promise<TestPki> {
  const root = await makeRootCa();
  const issuingCa = await makeIssuingCa(root);
  return {
    root,
    issuingCa,
    person: await makePersonCertificate(issuingCa),
    team: await makeTeamCertificate(issuingCa),
    rootCrl: await makeCrl(root, { number: 1 }),
    issuingCrl: await makeCrl(issuingCa, { number: 1 }),
  };
}

/** PEM text of a certificate or CRL ("X509 CRL", as OpenSSL reads it), ending with a newline. */
export function pemOf(item: X509Certificate | X509Crl): string {
  return `${PemConverter.encode(item.rawData, item instanceof X509Crl ? 'X509 CRL' : 'CERTIFICATE')}\n`;
}

/** Runs `use` with a fresh signet-pki-… folder and removes it afterwards, also on failure. */
export async function withPemFolder<T>(use: (folder: string, write: (name: string, ...items: (X509Certificate | X509Crl)[]) => Promise<string>) => Promise<T>): Promise<T> {
  const folder = await mkdtemp(join(tmpdir(), 'signet-pki-'));
  const write = async (name: string, ...items: (X509Certificate | X509Crl)[]): Promise<string> => {
    const path = join(folder, name);
    await writeFile(path, items.map(pemOf).join(''));
    return path;
  };
  try {
    return await use(folder, write);
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}
