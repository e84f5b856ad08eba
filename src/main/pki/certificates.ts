// Reading one certificate: strict parsing, its fingerprint and public key, and the
// identity it vouches for under the profiles of docs/TRUST.md ("Certificate
// profiles"). Every string taken from a certificate passes the same plain-label rules
// as a seal's labels, so a certificate can never put a control, invisible or
// direction-changing character in front of a person.
import { X509Certificate as NodeCertificate, createHash } from 'node:crypto';
import { Version } from '@peculiar/asn1-x509';
import { SignetError } from '../../shared/errors.js';
import { KMS_KEY_ARN, isPlainLabel } from '../format/shapes.js';
import { visibleText } from '../format/names.js';
import { KeyUsageFlags, KeyUsagesExtension, ParsedCertificate, SubjectAlternativeNameExtension, type X509Certificate } from './x509.js';

/** Who a person or team certificate names, and the KMS key it certifies. */
export interface CertificateIdentity {
  /** person: digitalSignature + nonRepudiation (seals); team: keyEncipherment (receives). */
  kind: 'person' | 'team';
  /** The subject's CN: a person's display name, or a team's name. */
  displayName: string;
  /** The subject's OU: a person's team (team certificates have none under the profile). */
  team?: string;
  /** O */
  organisation?: string;
  /** The rfc822Name subject alternative name, if any. */
  email?: string;
  /** The URI subject alternative name: the KMS key the certificate is for. */
  keyArn: string;
}

// X.520 upper bound for CN, OU and O; RFC 5321 bounds an address at 254.
const NAME_LIMIT = 64;
const EMAIL_LIMIT = 254;
/** Far above the certificates one process meets; only a bound on memory. */
const MAX_REMEMBERED = 10_000;
const PEM_CERTIFICATE = /^-----BEGIN CERTIFICATE-----\r?\n([A-Za-z0-9+/=\r\n]+)-----END CERTIFICATE-----$/;

const invalid = (detail: string): SignetError => new SignetError('CERT_INVALID', undefined, detail);

/** The DER inside one PEM certificate block (surrounding white space allowed, nothing else). */
function pemToDer(pem: string): Buffer {
  const base64 = PEM_CERTIFICATE.exec(pem.trim())?.[1]?.replace(/\r?\n/g, '');
  const der = base64 === undefined ? undefined : Buffer.from(base64, 'base64');
  if (!der || der.toString('base64') !== base64) throw invalid('not one PEM certificate block');
  return der;
}

function toDer(derOrPem: Buffer | string): Buffer {
  if (typeof derOrPem === 'string') return pemToDer(derOrPem);
  if (derOrPem.subarray(0, 10).toString('latin1') === '-----BEGIN') return pemToDer(derOrPem.toString('latin1'));
  return derOrPem;
}

/** Reads one strict X.509 v3 certificate whose two algorithm fields agree, or throws CERT_INVALID. */
function readStrictly(der: Buffer): X509Certificate {
  // OpenSSL, through Node, reads the certificate independently of @peculiar; its
  // encoding of what it read must be exactly the input, so trailing bytes and
  // non-canonical encodings are refused and the fingerprint names one certificate.
  let nodeRaw: Buffer;
  let cert: ParsedCertificate;
  try {
    nodeRaw = new NodeCertificate(der).raw;
  } catch (error) {
    throw invalid(`unreadable certificate: ${(error as Error).message}`);
  }
  if (!nodeRaw.equals(der)) throw invalid('the certificate has trailing or non-DER bytes');
  try {
    cert = new ParsedCertificate(new Uint8Array(der));
  } catch (error) {
    throw invalid(`unreadable certificate: ${(error as Error).message}`);
  }
  const asn = cert.structure;
  if (asn.tbsCertificate.version !== Version.v3) throw invalid('not an X.509 version 3 certificate');
  if (!asn.tbsCertificate.signature.isEqual(asn.signatureAlgorithm)) throw invalid('the two signature algorithm fields differ');
  return cert;
}

/** Certificates already read, by the SHA-256 of their DER: the same bytes are parsed and checked once per process. */
const parsed = new Map<string, X509Certificate>();

/**
 * Parses one certificate, DER or PEM; throws CERT_INVALID if it is not a strict X.509
 * v3 certificate. The same bytes give the same object every time.
 */
export function parseCertificate(derOrPem: Buffer | string): X509Certificate {
  const der = toDer(derOrPem);
  const sha256 = createHash('sha256').update(der).digest('hex');
  const known = parsed.get(sha256);
  if (known) return known;
  const cert = readStrictly(der);
  if (parsed.size >= MAX_REMEMBERED) parsed.clear();
  parsed.set(sha256, cert);
  return cert;
}

/** SHA-256 of the certificate's DER, lower-case hex: how the configuration pins the root. */
export function certificateSha256(cert: X509Certificate): string {
  return createHash('sha256').update(Buffer.from(cert.rawData)).digest('hex');
}

/** The certificate's SubjectPublicKeyInfo, DER. */
export function spkiDer(cert: X509Certificate): Buffer {
  return Buffer.from(cert.publicKey.rawData);
}

/** The certificate's subject as a person may read it (control characters spelled out). */
export function subjectText(cert: X509Certificate): string {
  return visibleText(cert.subject);
}

function checkedLabel(value: string, what: string, limit: number): string {
  if (!isPlainLabel(value, limit)) throw invalid(`the ${what} "${visibleText(value)}" is empty, too long, or has control or invisible characters`);
  return value;
}

/** The single value of a subject attribute, checked; undefined when absent. */
function subjectField(cert: X509Certificate, field: 'CN' | 'OU' | 'O'): string | undefined {
  const values = cert.subjectName.getField(field);
  if (values.length > 1) throw invalid(`the subject has more than one ${field}`);
  return values[0] === undefined ? undefined : checkedLabel(values[0], `subject ${field}`, NAME_LIMIT);
}

/** The subject alternative names of one type (email or url). */
function alternativeNames(cert: X509Certificate, type: 'email' | 'url'): string[] {
  let extension: SubjectAlternativeNameExtension | null;
  try {
    extension = cert.getExtension(SubjectAlternativeNameExtension);
  } catch (error) {
    throw invalid(`unreadable subject alternative name: ${(error as Error).message}`);
  }
  return (extension?.names.items ?? []).filter((name) => name.type === type).map((name) => name.value);
}

/** The one KMS key ARN among the URI alternative names. */
function keyArnOf(cert: X509Certificate): string {
  const arns = alternativeNames(cert, 'url');
  if (arns.length !== 1) throw invalid(`expected one URI subject alternative name (the KMS key ARN), found ${arns.length}`);
  if (!KMS_KEY_ARN.test(arns[0]!)) throw invalid(`the URI subject alternative name "${visibleText(arns[0]!)}" is not a KMS key ARN`);
  return arns[0]!;
}

function emailOf(cert: X509Certificate): string | undefined {
  const emails = alternativeNames(cert, 'email');
  if (emails.length > 1) throw invalid('the certificate names more than one e-mail address');
  const email = emails[0] === undefined ? undefined : checkedLabel(emails[0], 'e-mail address', EMAIL_LIMIT);
  if (email !== undefined && !/^[^@\s]+@[^@\s]+$/.test(email)) throw invalid(`"${email}" is not an e-mail address`);
  return email;
}

/** The key usage flags, 0 when the extension is absent. */
export function keyUsageOf(cert: X509Certificate): number {
  return cert.getExtension(KeyUsagesExtension)?.usages ?? 0;
}

function kindOf(cert: X509Certificate): CertificateIdentity['kind'] {
  const usages = keyUsageOf(cert);
  const signs = KeyUsageFlags.digitalSignature | KeyUsageFlags.nonRepudiation;
  if ((usages & signs) === signs) return 'person';
  if (usages & KeyUsageFlags.keyEncipherment) return 'team';
  throw invalid('the key usage fits neither a person (signing) nor a team (receiving) certificate');
}

/**
 * The identity a person or team certificate vouches for, read from its profile: CN,
 * OU and O of the subject, the e-mail and KMS key ARN alternative names, the kind from
 * the key usage. Throws CERT_INVALID when a part is missing, repeated or not plain text.
 * It says nothing about whether the certificate is trusted: that is checkCertificate's job.
 */
export function certificateIdentity(cert: X509Certificate): CertificateIdentity {
  const kind = kindOf(cert);
  const displayName = subjectField(cert, 'CN');
  if (displayName === undefined) throw invalid('the subject has no common name (CN)');
  const identity: CertificateIdentity = { kind, displayName, keyArn: keyArnOf(cert) };
  const team = subjectField(cert, 'OU');
  const organisation = subjectField(cert, 'O');
  const email = emailOf(cert);
  if (team !== undefined) identity.team = team;
  if (organisation !== undefined) identity.organisation = organisation;
  if (email !== undefined) identity.email = email;
  return identity;
}
