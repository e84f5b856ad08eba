// CMS SignedData (RFC 5652), detached, as stock tools read it: the evidence folder's
// manifest.p7s (`openssl cms -verify`) and the signature inside the signed PDF report
// (PAdES baseline B, ETSI.CAdES.detached, which `pdfsig` checks). Only the shapes Signet
// writes: one signer, identified by issuer and serial, ECDSA with SHA-512 (an AWS KMS
// ECC_NIST_P521 key), the content type id-data and no content inside.
//
// Without signed attributes a SignerInfo's signature is over the content itself
// (RFC 5652, 5.4): for ECDSA with SHA-512, ECDSA over SHA-512 of the content. That is
// exactly what manifest.sig is, so manifest.p7s carries the same signature, with the
// certificates that say whose key made it. With signed attributes (the PDF), the
// signature is over the DER of the attributes as a SET OF, which carries the content's
// digest (RFC 5652, 5.4 and 11.2) and the signer's certificate hash (RFC 5035).
import { createHash } from 'node:crypto';
import {
  Attribute,
  CertificateChoices,
  CertificateSet,
  CMSVersion,
  ContentInfo,
  DigestAlgorithmIdentifier,
  DigestAlgorithmIdentifiers,
  EncapsulatedContentInfo,
  IssuerAndSerialNumber,
  SignatureAlgorithmIdentifier,
  SignedData,
  SignerIdentifier,
  SignerInfo,
  SignerInfos,
  id_data,
  id_signedData,
} from '@peculiar/asn1-cms';
import { AsnArray, AsnConvert, AsnIntegerArrayBufferConverter, AsnProp, AsnPropTypes, AsnType, AsnTypeTypes, OctetString } from '@peculiar/asn1-schema';
import { Certificate, GeneralName, GeneralNames } from '@peculiar/asn1-x509';

const SHA512 = '2.16.840.1.101.3.4.2.3';
const ECDSA_WITH_SHA512 = '1.2.840.10045.4.3.4';
const CONTENT_TYPE = '1.2.840.113549.1.9.3';
const MESSAGE_DIGEST = '1.2.840.113549.1.9.4';
/** id-aa-signingCertificateV2 (RFC 5035). */
const SIGNING_CERTIFICATE_V2 = '1.2.840.113549.1.9.16.2.47';
/** id-aa-signatureTimeStampToken (RFC 3161, appendix A). */
const SIGNATURE_TIMESTAMP_TOKEN = '1.2.840.113549.1.9.16.2.14';

const arrayBuffer = (bytes: Uint8Array): ArrayBuffer => Uint8Array.from(bytes).buffer;
const der = (value: unknown): Buffer => Buffer.from(AsnConvert.serialize(value));

// The ESS structures of RFC 5035 are not in the @peculiar packages; they are declared
// here the way those packages declare theirs, with the decorators applied as calls.

/** IssuerSerial ::= SEQUENCE { issuer GeneralNames, serialNumber CertificateSerialNumber } */
class IssuerSerial {
  issuer = new GeneralNames();
  serialNumber = new ArrayBuffer(0);
  constructor(params: Partial<IssuerSerial> = {}) {
    Object.assign(this, params);
  }
}
AsnProp({ type: GeneralNames })(IssuerSerial.prototype, 'issuer');
AsnProp({ type: AsnPropTypes.Integer, converter: AsnIntegerArrayBufferConverter })(IssuerSerial.prototype, 'serialNumber');

/** ESSCertIDv2 ::= SEQUENCE { hashAlgorithm DEFAULT sha256 (left out), certHash OCTET STRING, issuerSerial IssuerSerial } */
class EssCertIdV2 {
  certHash = new OctetString();
  issuerSerial = new IssuerSerial();
  constructor(params: Partial<EssCertIdV2> = {}) {
    Object.assign(this, params);
  }
}
AsnProp({ type: OctetString })(EssCertIdV2.prototype, 'certHash');
AsnProp({ type: IssuerSerial })(EssCertIdV2.prototype, 'issuerSerial');

/** SigningCertificateV2 ::= SEQUENCE { certs SEQUENCE OF ESSCertIDv2 } */
class SigningCertificateV2 {
  certs: EssCertIdV2[] = [];
  constructor(params: Partial<SigningCertificateV2> = {}) {
    Object.assign(this, params);
  }
}
AsnProp({ type: EssCertIdV2, repeated: 'sequence' })(SigningCertificateV2.prototype, 'certs');

/** SignedAttributes as the signature covers them: a SET OF Attribute with its universal tag (RFC 5652, 5.4). */
class AttributeSet extends AsnArray<Attribute> {
  constructor(items?: Attribute[]) {
    super(items);
    Object.setPrototypeOf(this, AttributeSet.prototype);
  }
}
AsnType({ type: AsnTypeTypes.Set, itemType: Attribute })(AttributeSet);

const OBJECT_IDENTIFIER_DATA = Buffer.from('06092a864886f70d010701', 'hex');

/** In DER order: a SET OF is sorted by the encodings of its members. */
const derOrder = (attributes: Attribute[]): Attribute[] =>
  attributes
    .map((attribute) => ({ attribute, encoded: der(attribute) }))
    .sort((a, b) => Buffer.compare(a.encoded, b.encoded))
    .map(({ attribute }) => attribute);

/**
 * The CAdES signed attributes for `contentDigest` (SHA-512 of the content) signed with
 * the key of `signerCertificate` (DER): content-type id-data, message-digest and
 * signing-certificate-v2. No signing-time: PAdES keeps the time in the PDF's signature
 * dictionary. Returns them and the DER whose SHA-512 the signer signs.
 */
export function cadesSignedAttributes(contentDigest: Buffer, signerCertificate: Buffer): { attributes: Attribute[]; toSign: Buffer } {
  const certificate = AsnConvert.parse(signerCertificate, Certificate);
  const signingCertificate = new SigningCertificateV2({
    certs: [
      new EssCertIdV2({
        certHash: new OctetString(arrayBuffer(createHash('sha256').update(signerCertificate).digest())),
        issuerSerial: new IssuerSerial({
          issuer: new GeneralNames([new GeneralName({ directoryName: certificate.tbsCertificate.issuer })]),
          serialNumber: certificate.tbsCertificate.serialNumber,
        }),
      }),
    ],
  });
  const attributes = derOrder([
    new Attribute({ attrType: CONTENT_TYPE, attrValues: [arrayBuffer(OBJECT_IDENTIFIER_DATA)] }),
    new Attribute({ attrType: MESSAGE_DIGEST, attrValues: [arrayBuffer(der(new OctetString(arrayBuffer(contentDigest))))] }),
    new Attribute({ attrType: SIGNING_CERTIFICATE_V2, attrValues: [arrayBuffer(der(signingCertificate))] }),
  ]);
  return { attributes, toSign: der(new AttributeSet(attributes)) };
}

export interface DetachedSignature {
  /** The signer's certificate first, then the certificates up to (not including) the root, DER. */
  certificates: Buffer[];
  /** DER ECDSA-Sig-Value (ECDSA with SHA-512): over the content without signed attributes, else over their DER. */
  signature: Buffer;
  signedAttributes?: Attribute[];
  /** An RFC 3161 TimeStampToken (DER ContentInfo) over `signature`, carried as an unsigned attribute. */
  timestampToken?: Buffer;
}

/** A DER ContentInfo holding a detached SignedData with one ECDSA P-521 / SHA-512 signer. */
export function detachedSignedData(input: DetachedSignature): Buffer {
  const [signer, ...rest] = input.certificates.map((certificate) => AsnConvert.parse(certificate, Certificate));
  if (signer === undefined) throw new Error('a SignedData needs the signer certificate');
  const sha512 = new DigestAlgorithmIdentifier({ algorithm: SHA512 });
  const signerInfo = new SignerInfo({
    version: CMSVersion.v1,
    sid: new SignerIdentifier({ issuerAndSerialNumber: new IssuerAndSerialNumber({ issuer: signer.tbsCertificate.issuer, serialNumber: signer.tbsCertificate.serialNumber }) }),
    digestAlgorithm: sha512,
    signatureAlgorithm: new SignatureAlgorithmIdentifier({ algorithm: ECDSA_WITH_SHA512 }),
    signature: new OctetString(arrayBuffer(input.signature)),
  });
  if (input.signedAttributes) signerInfo.signedAttrs = input.signedAttributes;
  if (input.timestampToken) signerInfo.unsignedAttrs = [new Attribute({ attrType: SIGNATURE_TIMESTAMP_TOKEN, attrValues: [arrayBuffer(input.timestampToken)] })];
  const signedData = new SignedData({
    version: CMSVersion.v1,
    digestAlgorithms: new DigestAlgorithmIdentifiers([sha512]),
    encapContentInfo: new EncapsulatedContentInfo({ eContentType: id_data }),
    certificates: new CertificateSet([signer, ...rest].map((certificate) => new CertificateChoices({ certificate }))),
    signerInfos: new SignerInfos([signerInfo]),
  });
  return der(new ContentInfo({ contentType: id_signedData, content: arrayBuffer(der(signedData)) }));
}
