// Certificate revocation lists (docs/TRUST.md, "Checking a certificate", step 8):
// reading one, checking it was signed by a given CA, and what it says. A CRL is only
// evidence once verifyCrl has accepted it against the issuer of the certificate in
// question; parseCrl alone proves nothing about who made it.
import { createHash } from 'node:crypto';
import { CertificateList, CRLNumber } from '@peculiar/asn1-x509';
import { AsnConvert } from '@peculiar/asn1-schema';
import { SignetError } from '../../shared/errors.js';
import { KeyUsageFlags, X509Crl, X509CrlReason, type X509Certificate, type X509CrlEntry } from './x509.js';
import { keyUsageOf } from './certificates.js';
import { sameName } from './names.js';
import { crlSignedBy, type SignedPart } from './signatures.js';

export interface Revocation {
  revokedAt: Date;
  /** The reason code's name (keyCompromise, superseded, …) when the CRL gives one. */
  reason?: string;
}

export interface ParsedCrl {
  crl: X509Crl;
  /** The CRL's DER bytes, as received. */
  der: Buffer;
  /** SHA-256 of der, hex. */
  sha256: string;
  /** The CRL number extension; every CRL Signet uses has one (RFC 5280 §5.2.3). */
  number: bigint;
  thisUpdate: Date;
  nextUpdate?: Date;
  /** Revoked serial numbers (serialKey form) and what the CRL says of each. */
  revoked: Map<string, Revocation>;
  /** What the signature covers; undefined when the two signature algorithm fields differ, so it never verifies. */
  signed: SignedPart | undefined;
}

const CRL_NUMBER = '2.5.29.20';
const AUTHORITY_KEY_IDENTIFIER = '2.5.29.35';
const REASON_CODE = '2.5.29.21';
const INVALIDITY_DATE = '2.5.29.24';
// Extensions whose meaning Signet applies; a critical one outside these (a delta CRL
// indicator, an issuing distribution point that narrows the scope) makes the CRL unusable.
const KNOWN_CRL_EXTENSIONS = new Set([CRL_NUMBER, AUTHORITY_KEY_IDENTIFIER]);
const KNOWN_ENTRY_EXTENSIONS = new Set([REASON_CODE, INVALIDITY_DATE]);
// RFC 7468 labels a CRL "X509 CRL"; @peculiar/x509 writes "CRL", so both are read.
const PEM_CRL = /^-----BEGIN (X509 CRL|CRL)-----\r?\n([A-Za-z0-9+/=\r\n]+)-----END \1-----$/;

const unreadable = (detail: string): SignetError =>
  new SignetError(
    'REVOCATION_UNKNOWN',
    "A revocation list from your organisation can't be used, so Signet can't confirm certificates are still valid. Import a fresh trust file from IT.",
    detail,
  );

/** A serial number as the same hex text whether it came from a certificate or a CRL. */
export function serialKey(hexSerial: string): string {
  return hexSerial.toLowerCase().replace(/^(00)+(?=.)/, '');
}

function toDer(derOrPem: Buffer | string): Buffer {
  const text = typeof derOrPem === 'string' ? derOrPem : derOrPem.subarray(0, 10).toString('latin1') === '-----BEGIN' ? derOrPem.toString('latin1') : undefined;
  if (text === undefined) return derOrPem as Buffer;
  const base64 = PEM_CRL.exec(text.trim())?.[2]?.replace(/\r?\n/g, '');
  const der = base64 === undefined ? undefined : Buffer.from(base64, 'base64');
  if (!der || der.toString('base64') !== base64) throw unreadable('not one PEM "X509 CRL" block');
  return der;
}

function crlNumberOf(crl: X509Crl): bigint {
  const extension = crl.getExtension(CRL_NUMBER);
  if (!extension) throw unreadable('the CRL has no CRL number');
  // The library gives small numbers as a number and large ones as decimal text.
  const number = BigInt(String(AsnConvert.parse(extension.value, CRLNumber).value));
  if (number < 0n) throw unreadable('the CRL number is negative');
  return number;
}

function refuseUnknownCritical(crl: X509Crl): void {
  const unknown = crl.extensions.find((extension) => extension.critical && !KNOWN_CRL_EXTENSIONS.has(extension.type));
  if (unknown) throw unreadable(`the CRL has a critical extension Signet does not apply (${unknown.type})`);
  for (const entry of crl.entries) {
    const entryUnknown = entry.extensions.find((extension) => extension.critical && !KNOWN_ENTRY_EXTENSIONS.has(extension.type));
    if (entryUnknown) throw unreadable(`a CRL entry has a critical extension Signet does not apply (${entryUnknown.type})`);
  }
}

function revocationOf(entry: X509CrlEntry): Revocation {
  const revocation: Revocation = { revokedAt: entry.revocationDate };
  if (entry.reason !== undefined) revocation.reason = X509CrlReason[entry.reason] ?? `reason ${entry.reason}`;
  return revocation;
}

function signedPartOf(asn: CertificateList): SignedPart | undefined {
  if (!asn.tbsCertListRaw || !asn.signatureAlgorithm.isEqual(asn.tbsCertList.signature)) return undefined;
  return { tbs: Buffer.from(asn.tbsCertListRaw), algorithm: asn.signatureAlgorithm.algorithm, signature: Buffer.from(asn.signature) };
}

/** Reads a CRL, PEM or DER. Throws REVOCATION_UNKNOWN (with the reason in detail) if it can't be used. */
export function parseCrl(derOrPem: Buffer | string): ParsedCrl {
  const der = toDer(derOrPem);
  try {
    // Parsed once: the library's CRL reads the same ASN.1 structure the signature check uses.
    const asn = AsnConvert.parse(der, CertificateList);
    const crl = new X509Crl(asn);
    refuseUnknownCritical(crl);
    const parsed: ParsedCrl = {
      crl,
      der,
      sha256: createHash('sha256').update(der).digest('hex'),
      number: crlNumberOf(crl),
      thisUpdate: crl.thisUpdate,
      revoked: new Map(crl.entries.map((entry) => [serialKey(entry.serialNumber), revocationOf(entry)])),
      signed: signedPartOf(asn),
    };
    if (crl.nextUpdate) parsed.nextUpdate = crl.nextUpdate;
    return parsed;
  } catch (error) {
    if (error instanceof SignetError) throw error;
    throw unreadable(`unreadable CRL: ${(error as Error).message}`);
  }
}

/** Whether `issuer` made this CRL: its subject is the CRL's issuer, it may sign CRLs, and the signature verifies with its key. */
export async function verifyCrl(parsed: ParsedCrl, issuer: X509Certificate): Promise<boolean> {
  if (!sameName(parsed.crl.issuerName, issuer.subjectName)) return false;
  const usages = keyUsageOf(issuer);
  if (usages !== 0 && !(usages & KeyUsageFlags.cRLSign)) return false;
  return crlSignedBy(parsed.sha256, parsed.signed, issuer, () => parsed.crl.verify({ publicKey: issuer.publicKey }));
}
