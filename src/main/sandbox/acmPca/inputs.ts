// Reading an AWS Private CA request's JSON members as the service checks them: shapes
// (ValidationException, SerializationException), the distinguished-name Subject, the
// CRL configuration, certificate validity periods and the algorithms the sandbox
// implements (InvalidArgsException for the ones it does not).
import { AwsError, validationError } from '../core/awsError.js';
import { isBucketName } from '../core/crlBucket.js';
import type { Hash, KeyFamily } from '../core/x509.js';
import { str, type Input } from '../kms/inputs.js';

export { blob, oneOf, str, type Input } from '../kms/inputs.js';

export const invalidArgs = (message: string): AwsError => new AwsError('InvalidArgsException', message);

export function object(input: Input, name: string, required: true): Input;
export function object(input: Input, name: string, required?: false): Input | undefined;
export function object(input: Input, name: string, required = false): Input | undefined {
  const v = input[name];
  if (v === undefined || v === null) {
    if (required) throw validationError(name.charAt(0).toLowerCase() + name.slice(1), 'Member must not be null');
    return undefined;
  }
  if (typeof v !== 'object' || Array.isArray(v)) throw new AwsError('SerializationException', `${name} must be an object.`);
  return v as Input;
}

export function list(input: Input, name: string): Input[] | undefined {
  const v = input[name];
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'object' || x === null || Array.isArray(x))) throw new AwsError('SerializationException', `${name} must be a list of objects.`);
  return v as Input[];
}

export function bool(input: Input, name: string): boolean | undefined {
  const v = input[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') throw new AwsError('SerializationException', `${name} must be a boolean.`);
  return v;
}

export function integer(input: Input, name: string): number | undefined {
  const v = input[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isSafeInteger(v)) throw new AwsError('SerializationException', `${name} must be an integer.`);
  return v;
}

// ---- algorithms ----------------------------------------------------------------------

export const KEY_ALGORITHMS = ['RSA_2048', 'RSA_3072', 'RSA_4096', 'EC_prime256v1', 'EC_secp384r1', 'EC_secp521r1', 'ML_DSA_44', 'ML_DSA_65', 'ML_DSA_87', 'SM2'] as const;
export const SIGNING_ALGORITHMS = [
  'SHA256WITHECDSA',
  'SHA384WITHECDSA',
  'SHA512WITHECDSA',
  'SHA256WITHRSA',
  'SHA384WITHRSA',
  'SHA512WITHRSA',
  'SHA256WITHRSA_PSS',
  'SHA384WITHRSA_PSS',
  'SHA512WITHRSA_PSS',
  'SM3WITHSM2',
  'ML_DSA_44',
  'ML_DSA_65',
  'ML_DSA_87',
] as const;

const FAMILIES: Record<string, KeyFamily> = {
  RSA_2048: { kind: 'rsa', bits: 2048 },
  RSA_3072: { kind: 'rsa', bits: 3072 },
  RSA_4096: { kind: 'rsa', bits: 4096 },
  EC_prime256v1: { kind: 'ec', curve: 'P-256' },
  EC_secp384r1: { kind: 'ec', curve: 'P-384' },
  EC_secp521r1: { kind: 'ec', curve: 'P-521' },
};
const SIGNATURES: Record<string, { kind: KeyFamily['kind']; hash: Hash }> = {
  SHA256WITHECDSA: { kind: 'ec', hash: 'SHA-256' },
  SHA384WITHECDSA: { kind: 'ec', hash: 'SHA-384' },
  SHA512WITHECDSA: { kind: 'ec', hash: 'SHA-512' },
  SHA256WITHRSA: { kind: 'rsa', hash: 'SHA-256' },
  SHA384WITHRSA: { kind: 'rsa', hash: 'SHA-384' },
  SHA512WITHRSA: { kind: 'rsa', hash: 'SHA-512' },
};

/** The key family of a KeyAlgorithm the sandbox implements. */
export function keyFamily(keyAlgorithm: string): KeyFamily {
  const family = FAMILIES[keyAlgorithm];
  if (!family) throw invalidArgs(`The sandbox does not implement the key algorithm ${keyAlgorithm}; use EC_prime256v1, EC_secp384r1, EC_secp521r1 or RSA_2048/3072/4096.`);
  return family;
}

/** The hash of a SigningAlgorithm, checked against the key family it must sign with. */
export function signingHash(signingAlgorithm: string, family: KeyFamily): Hash {
  const signature = SIGNATURES[signingAlgorithm];
  if (!signature) throw invalidArgs(`The sandbox does not implement the signing algorithm ${signingAlgorithm}.`);
  if (signature.kind !== family.kind) throw invalidArgs(`The signing algorithm ${signingAlgorithm} does not match the CA's ${family.kind === 'ec' ? 'EC' : 'RSA'} key.`);
  return signature.hash;
}

// ---- subject -------------------------------------------------------------------------

/** ASN1Subject members in the order AWS writes them, with their attribute OID and most length. */
const SUBJECT_FIELDS: [string, string, number][] = [
  ['Country', '2.5.4.6', 2],
  ['State', '2.5.4.8', 128],
  ['Locality', '2.5.4.7', 128],
  ['Organization', '2.5.4.10', 64],
  ['OrganizationalUnit', '2.5.4.11', 64],
  ['DistinguishedNameQualifier', '2.5.4.46', 64],
  ['CommonName', '2.5.4.3', 64],
  ['SerialNumber', '2.5.4.5', 64],
  ['Title', '2.5.4.12', 64],
  ['Surname', '2.5.4.4', 40],
  ['GivenName', '2.5.4.42', 16],
  ['Initials', '2.5.4.43', 5],
  ['Pseudonym', '2.5.4.65', 128],
  ['GenerationQualifier', '2.5.4.44', 3],
];
const PRINTABLE = new Set(['2.5.4.6', '2.5.4.46', '2.5.4.5']);
const OID = /^([0-2])\.([0-9]|([0-3][0-9]))((\.([0-9]+)){0,126})$/;

/** A distinguished name as @peculiar/x509 builds it: one attribute per RDN, in order. */
export type SubjectName = Record<string, { utf8String?: string; printableString?: string }[]>[];

/** The Subject (ASN1Subject) checked, as the DER name it stands for; empty when it names nothing. */
export function subjectName(subject: Input): SubjectName {
  const name: SubjectName = [];
  for (const [member, oid, max] of SUBJECT_FIELDS) {
    const value = str(subject, member);
    if (value === undefined) continue;
    if (value.length > max) throw validationError(`subject.${member.charAt(0).toLowerCase()}${member.slice(1)}`, `Member must have length less than or equal to ${max}`, value);
    if (value !== '') name.push({ [oid]: [PRINTABLE.has(oid) ? { printableString: value } : { utf8String: value }] });
  }
  for (const attribute of list(subject, 'CustomAttributes') ?? []) {
    const oid = str(attribute, 'ObjectIdentifier', true);
    const value = str(attribute, 'Value', true);
    if (!OID.test(oid)) throw invalidArgs(`${oid} is not an object identifier.`);
    name.push({ [oid]: [{ utf8String: value }] });
  }
  return name;
}

// ---- revocation configuration ----------------------------------------------------------

export interface CrlConfiguration {
  Enabled: boolean;
  ExpirationInDays?: number;
  S3BucketName?: string;
  CustomCname?: string;
}

/** RevocationConfiguration: the CRL part is implemented; OCSP is refused, since the sandbox has no responder. */
export function revocationConfiguration(input: Input | undefined): { CrlConfiguration?: CrlConfiguration } {
  if (input === undefined) return {};
  const ocsp = object(input, 'OcspConfiguration');
  if (ocsp !== undefined && bool(ocsp, 'Enabled') === true) throw invalidArgs('The sandbox has no OCSP responder; enable CRLs instead.');
  const crl = object(input, 'CrlConfiguration');
  if (crl === undefined) return {};
  const enabled = bool(crl, 'Enabled');
  if (enabled === undefined) throw validationError('revocationConfiguration.crlConfiguration.enabled', 'Member must not be null');
  if (!enabled) return { CrlConfiguration: { Enabled: false } };
  const days = integer(crl, 'ExpirationInDays') ?? 7;
  if (days < 1 || days > 5000) throw validationError('revocationConfiguration.crlConfiguration.expirationInDays', 'Member must have value between 1 and 5000', days);
  const bucket = str(crl, 'S3BucketName');
  if (bucket === undefined) throw invalidArgs('An S3 bucket name is required when CRLs are enabled.');
  if (!isBucketName(bucket)) throw invalidArgs(`${bucket} is not a valid S3 bucket name.`);
  const cname = str(crl, 'CustomCname');
  if (cname !== undefined && (cname.includes('://') || !/^[-a-zA-Z0-9;/?:@&=+$,%_.!~*()']{1,253}$/.test(cname))) throw invalidArgs(`${cname} is not a valid custom CNAME; give a host name without a protocol.`);
  const configuration: CrlConfiguration = { Enabled: true, ExpirationInDays: days, S3BucketName: bucket };
  if (cname !== undefined) configuration.CustomCname = cname;
  return { CrlConfiguration: configuration };
}

// ---- validity --------------------------------------------------------------------------

const DAY_MS = 86_400_000;

/** The instant a Validity ({ Value, Type }) names, counted from `now` for the relative types. */
export function validityInstant(validity: Input, now: number, member: string): number {
  const value = validity.Value;
  const type = str(validity, 'Type', true);
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) throw validationError(`${member}.value`, 'Member must have value greater than or equal to 1', value);
  switch (type) {
    case 'DAYS':
      return now + value * DAY_MS;
    case 'MONTHS': {
      const d = new Date(now);
      d.setUTCMonth(d.getUTCMonth() + value);
      return d.getTime();
    }
    case 'YEARS': {
      const d = new Date(now);
      d.setUTCFullYear(d.getUTCFullYear() + value);
      return d.getTime();
    }
    case 'ABSOLUTE':
      return value * 1000;
    case 'END_DATE': {
      const m = String(value).match(/^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/);
      if (!m) throw invalidArgs(`${value} is not an END_DATE in the form YYYYMMDDHHMMSS.`);
      return Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!);
    }
    default:
      throw validationError(`${member}.type`, 'Member must satisfy enum value set: [END_DATE, ABSOLUTE, DAYS, MONTHS, YEARS]', type);
  }
}
