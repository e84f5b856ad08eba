// What an AWS Private CA signs: its own CSR when it is created, and certificates from
// CSRs through AWS's certificate templates (EndEntityCertificate/V1,
// BlankEndEntityCertificate_APIPassthrough/V1, SubordinateCACertificate_PathLen0/V1,
// RootCACertificate/V1), each template's extensions as AWS documents them and the
// API-passthrough extensions and subject on top for the passthrough template.
import { createPublicKey } from 'node:crypto';
import { AwsError } from '../core/awsError.js';
import type { CertificateAuthorityRecord } from '../core/state.js';
import { newSerialHex, signingAlgorithm, signingKeys, type Hash, type KeyFamily, AuthorityKeyIdentifierExtension, BasicConstraintsExtension, CRLDistributionPointsExtension, ExtendedKeyUsageExtension, KeyUsageFlags, KeyUsagesExtension, Name, Pkcs10CertificateRequest, Pkcs10CertificateRequestGenerator, SubjectAlternativeNameExtension, SubjectKeyIdentifierExtension, X509CertificateGenerator, Extension, type JsonGeneralName, type X509Certificate } from '../core/x509.js';
import { bool, invalidArgs, list, object, str, subjectName, type Input, type SubjectName } from './inputs.js';

export const TEMPLATE_PREFIX = 'arn:aws:acm-pca:::template/';
export const TEMPLATES = ['EndEntityCertificate/V1', 'BlankEndEntityCertificate_APIPassthrough/V1', 'SubordinateCACertificate_PathLen0/V1', 'RootCACertificate/V1'] as const;
export type Template = (typeof TEMPLATES)[number];

const ID_SUBJECT_ALT_NAME = '2.5.29.17';
const ID_KEY_USAGE = '2.5.29.15';
const ID_EXT_KEY_USAGE = '2.5.29.37';

const EKU_TYPES: Record<string, string> = {
  SERVER_AUTH: '1.3.6.1.5.5.7.3.1',
  CLIENT_AUTH: '1.3.6.1.5.5.7.3.2',
  CODE_SIGNING: '1.3.6.1.5.5.7.3.3',
  EMAIL_PROTECTION: '1.3.6.1.5.5.7.3.4',
  TIME_STAMPING: '1.3.6.1.5.5.7.3.8',
  OCSP_SIGNING: '1.3.6.1.5.5.7.3.9',
  SMART_CARD_LOGIN: '1.3.6.1.4.1.311.20.2.2',
  DOCUMENT_SIGNING: '1.3.6.1.5.5.7.3.36',
  CERTIFICATE_TRANSPARENCY: '1.3.6.1.4.1.11129.2.4.4',
};
const KEY_USAGE_FLAGS: Record<string, KeyUsageFlags> = {
  DigitalSignature: KeyUsageFlags.digitalSignature,
  NonRepudiation: KeyUsageFlags.nonRepudiation,
  KeyEncipherment: KeyUsageFlags.keyEncipherment,
  DataEncipherment: KeyUsageFlags.dataEncipherment,
  KeyAgreement: KeyUsageFlags.keyAgreement,
  KeyCertSign: KeyUsageFlags.keyCertSign,
  CRLSign: KeyUsageFlags.cRLSign,
  EncipherOnly: KeyUsageFlags.encipherOnly,
  DecipherOnly: KeyUsageFlags.decipherOnly,
};
const GENERAL_NAMES: Record<string, JsonGeneralName['type']> = { Rfc822Name: 'email', DnsName: 'dns', UniformResourceIdentifier: 'url', IpAddress: 'ip', RegisteredId: 'id' };

/** The CA's CSR, signed with its new key; subject as configured. */
export async function authorityCsr(privateKeyPem: string, family: KeyFamily, hash: Hash, subject: SubjectName): Promise<string> {
  const keys = await signingKeys(privateKeyPem, family, hash);
  const csr = await Pkcs10CertificateRequestGenerator.create({ name: new Name(subject), keys, signingAlgorithm: signingAlgorithm(family, hash) });
  return csr.toString('pem');
}

/**
 * The CSR of an IssueCertificate request, held to AWS's documented request checks:
 * it parses, its key is one AWS Private CA certifies (RSA 2048–4096, EC P-256/384/521),
 * and it names a subject unless the certificate gets one another way. Its own
 * signature is deliberately not checked: AWS's documented validation does not list
 * it, and a team's KMS key cannot sign one (docs/TRUST.md, the team's CSR is built
 * around the key KMS returns), so the sandbox must accept such CSRs as AWS does.
 */
export function parseCsr(data: Buffer): Pkcs10CertificateRequest {
  let csr: Pkcs10CertificateRequest;
  try {
    const text = data.toString('latin1');
    csr = new Pkcs10CertificateRequest(text.includes('-----BEGIN') ? text : new Uint8Array(data));
  } catch {
    throw new AwsError('MalformedCSRException', 'The certificate signing request is not a PKCS #10 request in PEM or DER.');
  }
  let key;
  try {
    key = createPublicKey({ key: Buffer.from(csr.publicKey.rawData), format: 'der', type: 'spki' });
  } catch {
    throw new AwsError('MalformedCSRException', "The certificate signing request's public key cannot be read.");
  }
  const details = key.asymmetricKeyDetails ?? {};
  const supported = key.asymmetricKeyType === 'rsa' ? [2048, 3072, 4096].includes(details.modulusLength ?? 0) : key.asymmetricKeyType === 'ec' && ['prime256v1', 'secp384r1', 'secp521r1'].includes(details.namedCurve ?? '');
  if (!supported) throw new AwsError('MalformedCSRException', "The certificate signing request's key is not RSA 2048–4096 or EC P-256, P-384 or P-521.");
  return csr;
}

export interface Passthrough {
  subject?: SubjectName;
  extensions: Extension[];
}

/** ApiPassthrough: the subject, the KeyUsage, ExtendedKeyUsage and SubjectAlternativeNames extensions, and CustomExtensions (OID, base64 DER value, critical flag). */
export function parsePassthrough(input: Input | undefined): Passthrough {
  const result: Passthrough = { extensions: [] };
  if (input === undefined) return result;
  const subject = object(input, 'Subject');
  if (subject !== undefined) result.subject = subjectName(subject);
  const extensions = object(input, 'Extensions');
  if (extensions === undefined) return result;
  for (const unsupported of ['CertificatePolicies']) if (extensions[unsupported] !== undefined) throw invalidArgs(`The sandbox does not implement ApiPassthrough ${unsupported}.`);
  const keyUsage = object(extensions, 'KeyUsage');
  if (keyUsage !== undefined) {
    let flags = 0;
    for (const [member, flag] of Object.entries(KEY_USAGE_FLAGS)) if (bool(keyUsage, member) === true) flags |= flag;
    result.extensions.push(new KeyUsagesExtension(flags, true));
  }
  const usages = list(extensions, 'ExtendedKeyUsage');
  if (usages !== undefined) {
    const oids = usages.map((u) => {
      const type = str(u, 'ExtendedKeyUsageType');
      const oid = str(u, 'ExtendedKeyUsageObjectIdentifier');
      if ((type === undefined) === (oid === undefined)) throw invalidArgs('Each ExtendedKeyUsage names either an ExtendedKeyUsageType or an ExtendedKeyUsageObjectIdentifier.');
      if (type !== undefined && !Object.hasOwn(EKU_TYPES, type)) throw invalidArgs(`${type} is not an ExtendedKeyUsageType.`);
      return type === undefined ? oid! : EKU_TYPES[type]!;
    });
    result.extensions.push(new ExtendedKeyUsageExtension(oids, false));
  }
  const names = list(extensions, 'SubjectAlternativeNames');
  if (names !== undefined) {
    const general = names.map((n) => {
      const members = Object.keys(n).filter((k) => n[k] !== undefined && n[k] !== null);
      const member = members[0];
      if (members.length !== 1 || !Object.hasOwn(GENERAL_NAMES, member!)) throw invalidArgs('Each SubjectAlternativeName has exactly one of Rfc822Name, DnsName, UniformResourceIdentifier, IpAddress or RegisteredId.');
      return { type: GENERAL_NAMES[member!]!, value: str(n, member!, true) };
    });
    result.extensions.push(new SubjectAlternativeNameExtension(general, false));
  }
  for (const custom of list(extensions, 'CustomExtensions') ?? []) {
    const oid = str(custom, 'ObjectIdentifier', true);
    const value = str(custom, 'Value', true);
    if (!/^([0-2])\.([0-9]|([0-3][0-9]))((\.([0-9]+)){0,126})$/.test(oid)) throw invalidArgs(`${oid} is not an object identifier.`);
    if (result.extensions.some((e) => e.type === oid)) throw invalidArgs(`The extension ${oid} is given twice.`);
    result.extensions.push(new Extension(oid, bool(custom, 'Critical') === true, new Uint8Array(Buffer.from(value, 'base64')).buffer));
  }
  return result;
}

export interface IssueRequest {
  csr: Pkcs10CertificateRequest;
  template: Template;
  hash: Hash;
  notBefore: number;
  notAfter: number;
  passthrough: Passthrough;
}

/** The extensions `template` gives, with the CSR's and the passthrough's where the template takes them. */
async function templateExtensions(ca: CertificateAuthorityRecord, issuer: X509Certificate | undefined, request: IssueRequest): Promise<Extension[]> {
  const { csr, template, passthrough } = request;
  const key = csr.publicKey;
  const fromCsr = (oid: string): Extension[] => {
    const extension = csr.getExtension(oid);
    return extension === null ? [] : [extension];
  };
  const pick = (oid: string): Extension[] => {
    const given = passthrough.extensions.filter((e) => e.type === oid);
    return given.length > 0 ? given : fromCsr(oid);
  };
  const identifiers = [await AuthorityKeyIdentifierExtension.create(issuer?.publicKey ?? key), await SubjectKeyIdentifierExtension.create(key)];
  const crlUrl = ca.crlUrl;
  const distribution = crlUrl === undefined || template === 'RootCACertificate/V1' ? [] : [new CRLDistributionPointsExtension([crlUrl])];
  switch (template) {
    case 'EndEntityCertificate/V1':
      return [
        new BasicConstraintsExtension(false, undefined, true),
        ...identifiers,
        new KeyUsagesExtension(KeyUsageFlags.digitalSignature | KeyUsageFlags.keyEncipherment, true),
        new ExtendedKeyUsageExtension([EKU_TYPES.SERVER_AUTH!, EKU_TYPES.CLIENT_AUTH!], false),
        ...fromCsr(ID_SUBJECT_ALT_NAME),
        ...distribution,
      ];
    case 'BlankEndEntityCertificate_APIPassthrough/V1':
      return [new BasicConstraintsExtension(false, undefined, true), ...identifiers, ...pick(ID_KEY_USAGE), ...pick(ID_EXT_KEY_USAGE), ...pick(ID_SUBJECT_ALT_NAME), ...distribution];
    case 'SubordinateCACertificate_PathLen0/V1':
      return [
        new BasicConstraintsExtension(true, 0, true),
        ...identifiers,
        new KeyUsagesExtension(KeyUsageFlags.digitalSignature | KeyUsageFlags.keyCertSign | KeyUsageFlags.cRLSign, true),
        ...distribution,
      ];
    case 'RootCACertificate/V1':
      return [new BasicConstraintsExtension(true, undefined, true), ...identifiers, new KeyUsagesExtension(KeyUsageFlags.digitalSignature | KeyUsageFlags.keyCertSign | KeyUsageFlags.cRLSign, true)];
  }
}

/** A certificate for the request, signed with `ca`'s key: its serial (hex) and PEM. */
export async function signCertificate(ca: CertificateAuthorityRecord, family: KeyFamily, issuer: X509Certificate | undefined, request: IssueRequest): Promise<{ serial: string; pem: string }> {
  const { csr, template, passthrough } = request;
  const subject = template === 'BlankEndEntityCertificate_APIPassthrough/V1' && passthrough.subject !== undefined ? new Name(passthrough.subject) : csr.subjectName;
  const hasAltName = passthrough.extensions.some((e) => e.type === ID_SUBJECT_ALT_NAME) || csr.getExtension(ID_SUBJECT_ALT_NAME) !== null;
  if (subject.toJSON().length === 0 && !hasAltName) throw new AwsError('MalformedCSRException', 'The certificate would name no one: the CSR has neither a subject nor a subject alternative name.');
  const serial = newSerialHex();
  const { privateKey } = await signingKeys(ca.privateKeyPem, family, request.hash);
  const certificate = await X509CertificateGenerator.create({
    serialNumber: serial,
    subject,
    issuer: template === 'RootCACertificate/V1' ? subject : issuer!.subjectName,
    notBefore: new Date(request.notBefore),
    notAfter: new Date(request.notAfter),
    publicKey: csr.publicKey,
    signingKey: privateKey,
    signingAlgorithm: signingAlgorithm(family, request.hash),
    extensions: await templateExtensions(ca, issuer, request),
  });
  return { serial, pem: certificate.toString('pem') };
}
