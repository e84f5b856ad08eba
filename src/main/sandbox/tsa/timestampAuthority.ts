// The sandbox's time-stamping authority (RFC 3161 over HTTP, docs/TRUST.md "Trusted
// time"): POST /tsa with an application/timestamp-query answers an
// application/timestamp-reply. Its key is its own (not a KMS key) and its certificate
// comes from the demo issuing CA (demoPki.ts), so its tokens lead to the demo root.
// The time it signs is the sandbox's clock, moved forward with the admin API as tests
// move it, so a test can make a seal "a year ago". It refuses, as a TSA must, when its
// certificate is not valid at that time.
import { createHash, createPrivateKey, sign } from 'node:crypto';
import { Attribute, CertificateChoices, CertificateSet, ContentInfo, DigestAlgorithmIdentifiers, EncapsulatedContent, EncapsulatedContentInfo, IssuerAndSerialNumber, SignedData, SignerIdentifier, SignerInfo, SignerInfos, id_signedData } from '@peculiar/asn1-cms';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import { Accuracy, PKIFailureInfo, PKIFreeText, PKIStatus, PKIStatusInfo, TSTInfo, TimeStampReq, TimeStampResp } from '@peculiar/asn1-tsp';
import { AlgorithmIdentifier, Certificate } from '@peculiar/asn1-x509';
import { EssCertIdV2, OID, ObjectIdentifierValue, SigningCertificateV2, signedAttributesDer } from '../../pki/timestamp.js';
import type { Reply } from '../core/http.js';
import type { Endpoint } from '../core/pipeline.js';
import { plainRestError } from '../core/protocols.js';
import { AwsError } from '../core/awsError.js';
import type { SandboxStore } from '../core/state.js';
import { newSerialHex, parseCertificates } from '../core/x509.js';

export const TSA_PATH = '/tsa';
/** The demo TSA's policy: an OID under 2.999, the arc ITU-T X.660 sets aside for examples (a demo TSA promises nothing). */
export const TSA_POLICY = '2.999.3161.1';
const IMPRINT_LENGTHS: Record<string, number> = { [OID.sha256]: 32, [OID.sha384]: 48, [OID.sha512]: 64 };

const der = (value: unknown): Buffer => Buffer.from(AsnConvert.serialize(value));

const reply = (response: TimeStampResp): Reply => ({ status: 200, contentType: 'application/timestamp-reply', body: der(response) });

/** PKIFailureInfo's named bits as RFC 3161 §2.4.2 numbers them. */
const FAILURE_BITS = { badAlg: 0, badRequest: 2, badDataFormat: 5, timeNotAvailable: 14, unacceptedPolicy: 15, unacceptedExtension: 16, addInfoNotAvailable: 17, systemFailure: 25 };

/** A refusal in RFC 3161's words: status rejection, the failure named (one named bit, DER: no trailing zero bits). */
function rejection(why: keyof typeof FAILURE_BITS, text: string): Reply {
  const bit = FAILURE_BITS[why];
  const bytes = new Uint8Array((bit >> 3) + 1);
  bytes[bit >> 3] = 0x80 >> (bit & 7);
  const failInfo = new PKIFailureInfo(bytes, 7 - (bit & 7));
  return reply(new TimeStampResp({ status: new PKIStatusInfo({ status: PKIStatus.rejection, statusString: new PKIFreeText([text]), failInfo }) }));
}

/** The TSA's certificate (DER) and key, or undefined before the demo PKI has issued them. */
function authority(store: SandboxStore): { certificate: Buffer; privateKeyPem: string } | undefined {
  const pki = store.state.demoPki;
  const record = pki?.timestampAuthority;
  const pem = record === undefined ? undefined : store.state.certificateAuthorities[pki!.issuingCaId]?.certificates[record.serial]?.pem;
  if (record === undefined || pem === undefined) return undefined;
  return { certificate: Buffer.from(parseCertificates(Buffer.from(pem))[0]!.rawData), privateKeyPem: record.privateKeyPem };
}

/** A token over `request`'s imprint at `genTime`, signed ECDSA P-521 SHA-512 with the signing-certificate-v2 attribute OpenSSL requires. */
export function timestampToken(request: TimeStampReq, genTime: Date, tsa: { certificate: Buffer; privateKeyPem: string }): ContentInfo {
  const certificate = AsnConvert.parse(tsa.certificate, Certificate);
  const tstInfo = new TSTInfo({
    version: 1,
    policy: TSA_POLICY,
    messageImprint: request.messageImprint,
    serialNumber: new Uint8Array(Buffer.from(newSerialHex(), 'hex')).buffer,
    genTime,
    accuracy: new Accuracy({ seconds: 1 }),
    nonce: request.nonce,
  });
  const tstInfoDer = der(tstInfo);
  const { der: signedBytes, sorted } = signedAttributesDer([
    new Attribute({ attrType: OID.contentType, attrValues: [AsnConvert.serialize(new ObjectIdentifierValue(OID.tstInfo))] }),
    new Attribute({ attrType: OID.messageDigest, attrValues: [AsnConvert.serialize(new OctetString(createHash('sha512').update(tstInfoDer).digest()))] }),
    new Attribute({
      attrType: OID.signingCertificateV2,
      attrValues: [AsnConvert.serialize(new SigningCertificateV2({ certs: [new EssCertIdV2({ certHash: new OctetString(createHash('sha256').update(tsa.certificate).digest()) })] }))],
    }),
  ]);
  const signature = sign('sha512', signedBytes, createPrivateKey(tsa.privateKeyPem));
  const signed = new SignedData({
    version: 3,
    digestAlgorithms: new DigestAlgorithmIdentifiers([new AlgorithmIdentifier({ algorithm: OID.sha512 })]),
    encapContentInfo: new EncapsulatedContentInfo({ eContentType: OID.tstInfo, eContent: new EncapsulatedContent({ single: new OctetString(tstInfoDer) }) }),
    signerInfos: new SignerInfos([
      new SignerInfo({
        version: 1,
        sid: new SignerIdentifier({ issuerAndSerialNumber: new IssuerAndSerialNumber({ issuer: certificate.tbsCertificate.issuer, serialNumber: certificate.tbsCertificate.serialNumber }) }),
        digestAlgorithm: new AlgorithmIdentifier({ algorithm: OID.sha512 }),
        signedAttrs: sorted,
        signatureAlgorithm: new AlgorithmIdentifier({ algorithm: OID.ecdsaWithSha512 }),
        signature: new OctetString(signature),
      }),
    ]),
  });
  if (request.certReq) signed.certificates = new CertificateSet([new CertificateChoices({ certificate })]);
  return new ContentInfo({ contentType: id_signedData, content: AsnConvert.serialize(signed) });
}

/** The answer to one time-stamp query, made at the sandbox's `now`. */
export function answerQuery(body: Buffer, now: number, tsa: { certificate: Buffer; privateKeyPem: string }): Reply {
  let request: TimeStampReq;
  try {
    request = AsnConvert.parse(body, TimeStampReq);
  } catch {
    return rejection('badDataFormat', 'The request is not a TimeStampReq.');
  }
  const length = IMPRINT_LENGTHS[request.messageImprint.hashAlgorithm.algorithm];
  if (length === undefined || request.messageImprint.hashedMessage.byteLength !== length) return rejection('badAlg', 'The imprint must be SHA-256, SHA-384 or SHA-512.');
  if (request.reqPolicy !== undefined && request.reqPolicy !== TSA_POLICY) return rejection('unacceptedPolicy', `This TSA issues under policy ${TSA_POLICY} only.`);
  if (request.extensions !== undefined && request.extensions.length > 0) return rejection('unacceptedExtension', 'This TSA takes no request extensions.');
  // Whole seconds: GeneralizedTime without a fraction, and accuracy says ±1 s.
  const genTime = new Date(Math.floor(now / 1000) * 1000);
  const certificate = parseCertificates(tsa.certificate)[0]!;
  if (genTime < certificate.notBefore || genTime > certificate.notAfter) return rejection('timeNotAvailable', "The TSA's certificate is not valid now.");
  return reply(new TimeStampResp({ status: new PKIStatusInfo({ status: PKIStatus.granted }), timeStampToken: timestampToken(request, genTime, tsa) }));
}

export const TSA_ROUTE: Endpoint = {
  accessDeniedCode: 'AccessDenied',
  refuse: plainRestError,
  async handle(request, context) {
    if (request.mediaType !== 'application/timestamp-query') return plainRestError(new AwsError('UnsupportedMediaType', 'Send an application/timestamp-query (RFC 3161).', 415));
    const tsa = authority(context.store);
    if (tsa === undefined) return plainRestError(new AwsError('NotFound', 'This sandbox has no time-stamping authority yet.', 404));
    return answerQuery(request.body, context.store.now(), tsa);
  },
};
