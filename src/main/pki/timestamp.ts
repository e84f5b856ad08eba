// RFC 3161 trusted timestamps (docs/TRUST.md, "Trusted time"): the request Signet
// sends a time-stamping authority over a seal's signature, the checks on its reply,
// and the checks on a token a seal carries — the CMS signature by the TSA certificate
// inside the token, the signed attributes that bind that certificate and the TSTInfo,
// and the imprint that binds the token to one seal's signature. Whether the TSA
// certificate leads to the organisation's root is the caller's check
// (checkTimestampingCertificate); this module only finds that certificate.
import { createHash, createPublicKey, randomBytes, verify as verifySignature } from 'node:crypto';
import { Attribute, ContentInfo, SignedData, id_signedData } from '@peculiar/asn1-cms';
import { AsnConvert, AsnProp, AsnPropTypes, AsnType, AsnTypeTypes, OctetString } from '@peculiar/asn1-schema';
import { MessageImprint, PKIStatus, PKIStatusInfo, TSTInfo, TimeStampReq, TimeStampResp, id_ct_tstInfo } from '@peculiar/asn1-tsp';
import { AlgorithmIdentifier, Certificate } from '@peculiar/asn1-x509';
import { SignetError } from '../../shared/errors.js';
import { parseCertificate } from './certificates.js';
import type { X509Certificate } from './x509.js';

export const OID = {
  sha256: '2.16.840.1.101.3.4.2.1',
  sha384: '2.16.840.1.101.3.4.2.2',
  sha512: '2.16.840.1.101.3.4.2.3',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  ecdsaWithSha384: '1.2.840.10045.4.3.3',
  ecdsaWithSha512: '1.2.840.10045.4.3.4',
  ecPublicKey: '1.2.840.10045.2.1',
  rsaEncryption: '1.2.840.113549.1.1.1',
  sha256WithRsa: '1.2.840.113549.1.1.11',
  sha384WithRsa: '1.2.840.113549.1.1.12',
  sha512WithRsa: '1.2.840.113549.1.1.13',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingCertificate: '1.2.840.113549.1.9.16.2.12',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  tstInfo: id_ct_tstInfo,
};

const DIGESTS: Record<string, 'sha256' | 'sha384' | 'sha512'> = { [OID.sha256]: 'sha256', [OID.sha384]: 'sha384', [OID.sha512]: 'sha512' };
const SIGNATURE_DIGESTS: Record<string, string> = {
  [OID.ecdsaWithSha256]: 'sha256',
  [OID.ecdsaWithSha384]: 'sha384',
  [OID.ecdsaWithSha512]: 'sha512',
  [OID.sha256WithRsa]: 'sha256',
  [OID.sha384WithRsa]: 'sha384',
  [OID.sha512WithRsa]: 'sha512',
};

/** The largest reply Signet reads from a TSA, and the longest it waits. */
const MAX_REPLY_BYTES = 64 * 1024;
const REQUEST_TIMEOUT_MS = 15_000;
const NONCE_BYTES = 16;

// The ESS signing-certificate attributes (RFC 2634, RFC 5035) and the content-type
// attribute's value, which @peculiar/asn1-cms does not define. The project compiles
// without legacy decorators, so the schema decorators are applied as functions.

/** ESSCertIDv2: the hash (SHA-256 unless named) of the signer's certificate, and optionally its issuer and serial. */
export class EssCertIdV2 {
  hashAlgorithm?: AlgorithmIdentifier;
  certHash = new OctetString();
  issuerSerial?: ArrayBuffer;
  constructor(params: Partial<EssCertIdV2> = {}) {
    Object.assign(this, params);
  }
}
AsnProp({ type: AlgorithmIdentifier, optional: true })(EssCertIdV2.prototype, 'hashAlgorithm');
AsnProp({ type: OctetString })(EssCertIdV2.prototype, 'certHash');
AsnProp({ type: AsnPropTypes.Any, optional: true })(EssCertIdV2.prototype, 'issuerSerial');
AsnType({ type: AsnTypeTypes.Sequence })(EssCertIdV2);

/** SigningCertificateV2: the certificates the signer says it signed with, its own first. */
export class SigningCertificateV2 {
  certs: EssCertIdV2[] = [];
  policies?: ArrayBuffer;
  constructor(params: Partial<SigningCertificateV2> = {}) {
    Object.assign(this, params);
  }
}
AsnProp({ type: EssCertIdV2, repeated: 'sequence' })(SigningCertificateV2.prototype, 'certs');
AsnProp({ type: AsnPropTypes.Any, optional: true })(SigningCertificateV2.prototype, 'policies');
AsnType({ type: AsnTypeTypes.Sequence })(SigningCertificateV2);

/** ESSCertID (version 1): the SHA-1 of the signer's certificate. */
class EssCertId {
  certHash = new OctetString();
  issuerSerial?: ArrayBuffer;
}
AsnProp({ type: OctetString })(EssCertId.prototype, 'certHash');
AsnProp({ type: AsnPropTypes.Any, optional: true })(EssCertId.prototype, 'issuerSerial');
AsnType({ type: AsnTypeTypes.Sequence })(EssCertId);

class SigningCertificate {
  certs: EssCertId[] = [];
  policies?: ArrayBuffer;
}
AsnProp({ type: EssCertId, repeated: 'sequence' })(SigningCertificate.prototype, 'certs');
AsnProp({ type: AsnPropTypes.Any, optional: true })(SigningCertificate.prototype, 'policies');
AsnType({ type: AsnTypeTypes.Sequence })(SigningCertificate);

/** An attribute value that is one OBJECT IDENTIFIER (the content-type attribute's). */
export class ObjectIdentifierValue {
  value = '';
  constructor(value = '') {
    this.value = value;
  }
}
AsnProp({ type: AsnPropTypes.ObjectIdentifier })(ObjectIdentifierValue.prototype, 'value');
AsnType({ type: AsnTypeTypes.Choice })(ObjectIdentifierValue);

const der = (value: unknown): Buffer => Buffer.from(AsnConvert.serialize(value));

/**
 * The DER of a SET OF attributes, as CMS signs it (RFC 5652 §5.4): each attribute
 * encoded, sorted by its encoding, under the universal SET tag. Also the order the
 * attributes must be written in, so the signed and the written bytes agree.
 */
export function signedAttributesDer(attributes: Attribute[]): { der: Buffer; sorted: Attribute[] } {
  const encoded = attributes.map((attribute) => ({ attribute, bytes: der(attribute) })).sort((a, b) => Buffer.compare(a.bytes, b.bytes));
  const body = Buffer.concat(encoded.map((e) => e.bytes));
  const set = der(new OctetString(body));
  // An OCTET STRING's header has the SET's length; only the tag differs.
  set[0] = 0x31;
  return { der: set, sorted: encoded.map((e) => e.attribute) };
}

const invalid = (detail: string): SignetError =>
  new SignetError('TIMESTAMP_INVALID', undefined, detail);

/** What a time-stamp token says and who signed it; not yet known to be trusted. */
export interface TimestampToken {
  /** The token (a CMS ContentInfo) as carried. */
  der: Buffer;
  genTime: Date;
  policy: string;
  /** The TSTInfo serial number, hex. */
  serialNumber: string;
  imprintAlgorithm: string;
  imprint: Buffer;
  nonce?: Buffer;
  /** The certificate that signed the token, from the token's certificates. */
  signer: X509Certificate;
  /** The token's other certificates (intermediates a checker may use). */
  others: X509Certificate[];
}

/** The TSA's name as a person reads it: its certificate's common name, else its whole subject. */
export const authorityName = (token: TimestampToken): string => token.signer.subjectName.getField('CN')[0] ?? token.signer.subject;

function parse<T>(bytes: ArrayBuffer | Buffer, type: new () => T, what: string): T {
  try {
    return AsnConvert.parse(bytes, type);
  } catch (error) {
    throw invalid(`the ${what} does not parse: ${(error as Error).message}`);
  }
}

const attributeOf = (attributes: Attribute[], oid: string): ArrayBuffer => {
  const found = attributes.filter((a) => a.attrType === oid);
  if (found.length !== 1 || found[0]!.attrValues.length !== 1) throw invalid(`the token's signed attributes must hold exactly one ${oid}`);
  return found[0]!.attrValues[0]!;
};

/** The token's certificate whose issuer and serial (or key identifier) the signer info names. */
function signerCertificate(certificates: Certificate[], sid: SignedData['signerInfos'][number]['sid']): Certificate {
  const bySerial = sid.issuerAndSerialNumber;
  const found = certificates.filter((c) => {
    if (bySerial) return Buffer.from(bySerial.serialNumber).equals(Buffer.from(c.tbsCertificate.serialNumber)) && der(bySerial.issuer).equals(der(c.tbsCertificate.issuer));
    const keyId = sid.subjectKeyIdentifier;
    const extension = c.tbsCertificate.extensions?.find((e) => e.extnID === '2.5.29.14');
    return keyId !== undefined && extension !== undefined && Buffer.from(extension.extnValue.buffer).equals(der(keyId));
  });
  if (found.length !== 1) throw invalid('the token does not carry the certificate that signed it (the request asked for it)');
  return found[0]!;
}

/** The ESS attribute must name the signer's certificate first, by its hash. */
function checkSigningCertificate(attributes: Attribute[], certificateDer: Buffer): void {
  const v2 = attributes.some((a) => a.attrType === OID.signingCertificateV2);
  if (v2) {
    const first = parse(attributeOf(attributes, OID.signingCertificateV2), SigningCertificateV2, 'signing-certificate attribute').certs[0];
    const hash = DIGESTS[first?.hashAlgorithm?.algorithm ?? OID.sha256];
    if (!first || !hash || !createHash(hash).update(certificateDer).digest().equals(Buffer.from(first.certHash.buffer))) throw invalid('the signing-certificate attribute names another certificate than the one that signed');
    return;
  }
  const first = parse(attributeOf(attributes, OID.signingCertificate), SigningCertificate, 'signing-certificate attribute').certs[0];
  if (!first || !createHash('sha1').update(certificateDer).digest().equals(Buffer.from(first.certHash.buffer))) throw invalid('the signing-certificate attribute names another certificate than the one that signed');
}

/**
 * Reads a time-stamp token and checks everything it can prove by itself: one signer,
 * the TSTInfo content type, version 1, a policy, the signed content-type and
 * message-digest attributes, the ESS attribute naming the signer's certificate, and
 * the signature over the signed attributes with that certificate's key. Throws
 * TIMESTAMP_INVALID naming the first problem.
 */
export function readTimestampToken(token: Buffer): TimestampToken {
  const info = parse(token, ContentInfo, 'token');
  if (info.contentType !== id_signedData) throw invalid('the token is not CMS SignedData');
  const signed = parse(info.content, SignedData, 'token');
  if (signed.encapContentInfo.eContentType !== OID.tstInfo) throw invalid('the token does not hold a TSTInfo');
  const content = signed.encapContentInfo.eContent?.single?.buffer;
  if (content === undefined) throw invalid('the token has no TSTInfo');
  const tstInfoDer = Buffer.from(content);
  const tst = parse(tstInfoDer, TSTInfo, 'TSTInfo');
  if (tst.version !== 1) throw invalid(`the TSTInfo is version ${tst.version}, not 1`);
  if (!tst.policy) throw invalid('the TSTInfo names no policy');
  if (signed.signerInfos.length !== 1) throw invalid(`the token has ${signed.signerInfos.length} signers, not one`);
  const signerInfo = signed.signerInfos[0]!;
  const attributes = signerInfo.signedAttrs;
  if (!attributes) throw invalid('the token has no signed attributes');
  const contentType = parse(attributeOf(attributes, OID.contentType), ObjectIdentifierValue, 'content-type attribute');
  if (contentType.value !== OID.tstInfo) throw invalid('the signed content type is not TSTInfo');
  const digest = DIGESTS[signerInfo.digestAlgorithm.algorithm];
  if (!digest) throw invalid(`the token's digest algorithm ${signerInfo.digestAlgorithm.algorithm} is not SHA-256, SHA-384 or SHA-512`);
  const messageDigest = parse(attributeOf(attributes, OID.messageDigest), OctetString, 'message-digest attribute');
  if (!createHash(digest).update(tstInfoDer).digest().equals(Buffer.from(messageDigest.buffer))) throw invalid('the signed message digest does not match the TSTInfo');

  const certificates = (signed.certificates ?? []).flatMap((choice) => (choice.certificate ? [choice.certificate] : []));
  const signerAsn = signerCertificate(certificates, signerInfo.sid);
  const signerDer = der(signerAsn);
  checkSigningCertificate(attributes, signerDer);
  const algorithm = signerInfo.signatureAlgorithm.algorithm;
  const hash = SIGNATURE_DIGESTS[algorithm] ?? (algorithm === OID.ecPublicKey || algorithm === OID.rsaEncryption ? digest : undefined);
  if (!hash) throw invalid(`the token's signature algorithm ${algorithm} is not one Signet checks`);
  // The signature covers the DER of the attributes under the SET tag, not the [0] they
  // are written with; each value is kept as read, so DER in gives the signed bytes back.
  const signedBytes = signedAttributesDer(attributes).der;
  const publicKey = createPublicKey({ key: der(signerAsn.tbsCertificate.subjectPublicKeyInfo), format: 'der', type: 'spki' });
  if (!verifySignature(hash, signedBytes, publicKey, Buffer.from(signerInfo.signature.buffer))) throw invalid("the token's signature does not verify with the key of the certificate that signed it");

  const signer = parseCertificate(signerDer);
  const result: TimestampToken = {
    der: token,
    genTime: tst.genTime,
    policy: tst.policy,
    serialNumber: Buffer.from(tst.serialNumber).toString('hex'),
    imprintAlgorithm: tst.messageImprint.hashAlgorithm.algorithm,
    imprint: Buffer.from(tst.messageImprint.hashedMessage.buffer),
    signer,
    others: certificates.filter((c) => c !== signerAsn).map((c) => parseCertificate(der(c))),
  };
  if (tst.nonce) result.nonce = Buffer.from(tst.nonce);
  return result;
}

/** Whether `token`'s imprint is the SHA-512 of `signature`: the token is about this seal and no other. */
export const imprintMatches = (token: TimestampToken, signature: Buffer): boolean =>
  token.imprintAlgorithm === OID.sha512 && token.imprint.equals(createHash('sha512').update(signature).digest());

/** A TimeStampReq for the SHA-512 of `signature`, with a fresh nonce and the TSA's certificate asked for. */
export function timestampQuery(signature: Buffer): { query: Buffer; nonce: Buffer } {
  const nonce = randomBytes(NONCE_BYTES);
  // A positive INTEGER whose first byte is not zero is encoded as exactly these bytes.
  nonce[0] = nonce[0]! & 0x7f || 0x01;
  const request = new TimeStampReq({
    version: 1,
    messageImprint: new MessageImprint({ hashAlgorithm: new AlgorithmIdentifier({ algorithm: OID.sha512 }), hashedMessage: new OctetString(createHash('sha512').update(signature).digest()) }),
    nonce: new Uint8Array(nonce).buffer,
    certReq: true,
  });
  return { query: der(request), nonce };
}

/** A TimeStampResp granting `token`: what `openssl ts -verify -in` reads. */
export const timestampReply = (token: Buffer): Buffer =>
  der(new TimeStampResp({ status: new PKIStatusInfo({ status: PKIStatus.granted }), timeStampToken: AsnConvert.parse(token, ContentInfo) }));

const unavailable = (detail: string): SignetError => new SignetError('TIMESTAMP_UNAVAILABLE', undefined, detail);

/** The token in a TSA's reply to `query`, checked against what was asked: granted, the same imprint and nonce, well signed. */
export function tokenFromReply(reply: Buffer, signature: Buffer, nonce: Buffer): Buffer {
  let response: TimeStampResp;
  try {
    response = AsnConvert.parse(reply, TimeStampResp);
  } catch (error) {
    throw unavailable(`the time-stamping authority's reply does not parse: ${(error as Error).message}`);
  }
  const status = response.status.status;
  if (status !== PKIStatus.granted && status !== PKIStatus.grantedWithMods) {
    throw unavailable(`the time-stamping authority refused (status ${status}${response.status.statusString ? `: ${response.status.statusString.join(' ')}` : ''})`);
  }
  if (!response.timeStampToken) throw unavailable('the time-stamping authority granted but sent no token');
  const token = der(response.timeStampToken);
  const read = readTimestampToken(token);
  if (!imprintMatches(read, signature)) throw unavailable("the time-stamping authority's token is over something else than the signature sent");
  if (!read.nonce?.equals(nonce)) throw unavailable("the time-stamping authority's token does not carry the nonce sent");
  return token;
}

/** Asks the TSA at `url` for a token over `signature` (RFC 3161 over HTTP); throws TIMESTAMP_UNAVAILABLE. */
export async function fetchTimestamp(url: string, signature: Buffer): Promise<Buffer> {
  const { query, nonce } = timestampQuery(signature);
  let response: Response;
  try {
    response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/timestamp-query' }, body: new Uint8Array(query), signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  } catch (error) {
    throw unavailable(`${url}: ${(error as Error).message}`);
  }
  if (!response.ok) throw unavailable(`${url}: HTTP ${response.status}`);
  if ((response.headers.get('content-type') ?? '').split(';')[0]!.trim() !== 'application/timestamp-reply') throw unavailable(`${url}: the reply is not application/timestamp-reply`);
  const reply = Buffer.from(await response.arrayBuffer());
  if (reply.length > MAX_REPLY_BYTES) throw unavailable(`${url}: the reply is larger than ${MAX_REPLY_BYTES} bytes`);
  return tokenFromReply(reply, signature, nonce);
}
