// AWS Private CA (ACM PCA) over AWS JSON 1.1: the operations a CA's life takes —
// create (ROOT or SUBORDINATE), fetch its CSR, import its signed certificate, issue
// certificates from CSRs through AWS's templates, fetch them, revoke them (with a new
// CRL), describe, list and update — with the states, errors and first-call
// RequestInProgressException the AWS CLI's waiters expect. Each operation is the four
// steps of `staged`; authorisation is by identity policy (`acm-pca:<Operation>`).
import { createHash, randomUUID } from 'node:crypto';
import { AwsError, validationError } from '../core/awsError.js';
import { awsJson11 } from '../core/protocols.js';
import { staged, type Operation, type Service, type SignedCall } from '../core/service.js';
import type { CertificateAuthorityRecord, IdempotentRequest } from '../core/state.js';
import { crlObjectUrl } from '../core/crlBucket.js';
import { generatePrivateKeyPem, normaliseSerial, parseCertificates, pemChain, publicKeyInfo, type BasicConstraintsExtension, type X509Certificate } from '../core/x509.js';
import { authorise, authorityArn, describeAuthority, requireStatus, resolveAuthority, resolveCertificate } from './authorities.js';
import {
  KEY_ALGORITHMS,
  SIGNING_ALGORITHMS,
  blob,
  integer,
  invalidArgs,
  keyFamily,
  list,
  object,
  oneOf,
  revocationConfiguration,
  signingHash,
  str,
  subjectName,
  validityInstant,
  type CrlConfiguration,
  type Input,
} from './inputs.js';
import { TEMPLATES, TEMPLATE_PREFIX, authorityCsr, parseCsr, parsePassthrough, signCertificate, type Template } from './issuance.js';
import { REVOCATION_REASONS, publishCrl } from './revocation.js';

type PcaOperation = Operation<Input, object, SignedCall>;

/** How long an idempotency token names its first request, as AWS documents. */
const IDEMPOTENCY_MS = 5 * 60 * 1000;
/** AWS backdates a certificate's notBefore by an hour unless told otherwise. */
const BACKDATE_MS = 60 * 60 * 1000;
const MAX_CERTIFICATE = 32_768;
const MAX_CHAIN = 2_097_152;

/** Names a request with its idempotency token: equal only for the same token and the same members. */
const requestHash = (input: Input): string => createHash('sha256').update(JSON.stringify(input)).digest('hex');

/** The earlier answer to this token and request, if it was given within five minutes. */
function repeated(previous: IdempotentRequest | undefined, hash: string, now: number): string | undefined {
  return previous !== undefined && previous.requestHash === hash && now - previous.at < IDEMPOTENCY_MS ? previous.arn : undefined;
}

/** The CRL distribution point a CA writes into what it issues (docs/TRUST.md: plain HTTP on the sandbox's port). */
function crlUrlFor(call: SignedCall, id: string, crl: CrlConfiguration | undefined): string | undefined {
  if (crl?.Enabled !== true) return undefined;
  return crl.CustomCname === undefined ? crlObjectUrl(call.baseUrl, crl.S3BucketName!, id) : `http://${crl.CustomCname}/crl/${id}.crl`;
}

const caCertificate = (ca: CertificateAuthorityRecord): X509Certificate | undefined => (ca.certificatePem === undefined ? undefined : parseCertificates(Buffer.from(ca.certificatePem))[0]);

function validityOf(ca: CertificateAuthorityRecord): { serial: string; notBefore: number; notAfter: number } | undefined {
  const certificate = caCertificate(ca);
  return certificate && { serial: certificate.serialNumber, notBefore: certificate.notBefore.getTime(), notAfter: certificate.notAfter.getTime() };
}

/** The operation's own steps on one CA named by CertificateAuthorityArn. */
function onAuthority<Parsed extends { arn: string }, Result>(steps: {
  operation: string;
  mutates: boolean;
  parse(input: Input): Parsed;
  act(ca: CertificateAuthorityRecord, parsed: Parsed, call: SignedCall): Result | Promise<Result>;
  serialise(result: Result, call: SignedCall): object;
}): PcaOperation {
  return staged({
    mutates: steps.mutates,
    parse: steps.parse,
    authorise(parsed, call: SignedCall) {
      const ca = resolveAuthority(call, parsed.arn);
      authorise(call, steps.operation, ca.arn);
      return { ca, parsed };
    },
    act: ({ ca, parsed }, call) => steps.act(ca, parsed, call),
    serialise: steps.serialise,
  });
}

const arnOnly = (input: Input): { arn: string } => ({ arn: str(input, 'CertificateAuthorityArn', true) });

function parseCertificateBlob(input: Input, name: string, max: number): X509Certificate[] {
  const data = blob(input, name, 1, max);
  try {
    return parseCertificates(data);
  } catch {
    throw new AwsError('MalformedCertificateException', `The ${name === 'Certificate' ? 'certificate' : 'certificate chain'} is not PEM or DER X.509.`);
  }
}

/** AWS's checks on an imported CA certificate: its key is the CA's, it is a CA, and it is signed as the CA's type requires. */
async function checkImport(ca: CertificateAuthorityRecord, certificate: X509Certificate, chain: X509Certificate[]): Promise<void> {
  if (!Buffer.from(certificate.publicKey.rawData).equals(publicKeyInfo(ca.privateKeyPem))) {
    throw new AwsError('CertificateMismatchException', "The certificate's public key does not match the certificate authority's key (the one in its CSR).");
  }
  const constraints = certificate.getExtension<BasicConstraintsExtension>('2.5.29.19');
  if (constraints?.ca !== true) throw new AwsError('MalformedCertificateException', 'The certificate is not a CA certificate: its basic constraints must say CA:TRUE.');
  if (ca.type === 'ROOT') {
    if (!(await certificate.isSelfSigned())) throw new AwsError('InvalidRequestException', "A root CA's certificate must be self-signed.");
    return;
  }
  if (chain.length === 0) throw new AwsError('InvalidRequestException', "A subordinate CA's certificate needs the CertificateChain of the CA that signed it.");
  const links = [certificate, ...chain];
  for (let i = 0; i + 1 < links.length; i++) {
    if (!(await links[i]!.verify({ publicKey: links[i + 1]!.publicKey, signatureOnly: true }))) {
      throw new AwsError('InvalidRequestException', `Certificate ${i + 1} of the chain is not signed by the one after it; give the chain in order, issuer first, ending with the root.`);
    }
  }
  if (!(await chain.at(-1)!.isSelfSigned())) throw new AwsError('InvalidRequestException', 'The CertificateChain must end with a self-signed root certificate.');
}

export const ACM_PCA_OPERATIONS: Record<string, PcaOperation> = {
  CreateCertificateAuthority: staged({
    mutates: true,
    parse(input: Input) {
      const type = oneOf('CertificateAuthorityType', str(input, 'CertificateAuthorityType', true), ['ROOT', 'SUBORDINATE'] as const)!;
      const config = object(input, 'CertificateAuthorityConfiguration', true);
      const keyAlgorithm = oneOf('CertificateAuthorityConfiguration.KeyAlgorithm', str(config, 'KeyAlgorithm', true), KEY_ALGORITHMS)!;
      const signingAlgorithm = oneOf('CertificateAuthorityConfiguration.SigningAlgorithm', str(config, 'SigningAlgorithm', true), SIGNING_ALGORITHMS)!;
      const subject = object(config, 'Subject', true);
      const name = subjectName(subject);
      if (name.length === 0) throw invalidArgs('The certificate authority needs a subject: give at least one Subject member.');
      const family = keyFamily(keyAlgorithm);
      const hash = signingHash(signingAlgorithm, family);
      const tags = (list(input, 'Tags') ?? []).map((t) => ({ Key: str(t, 'Key', true), Value: str(t, 'Value') }));
      const usageMode = oneOf('UsageMode', str(input, 'UsageMode'), ['GENERAL_PURPOSE', 'SHORT_LIVED_CERTIFICATE'] as const) ?? 'GENERAL_PURPOSE';
      const storage = str(input, 'KeyStorageSecurityStandard') ?? 'FIPS_140_2_LEVEL_3_OR_HIGHER';
      return {
        type,
        configuration: { KeyAlgorithm: keyAlgorithm, SigningAlgorithm: signingAlgorithm, Subject: subject },
        name,
        family,
        hash,
        revocation: revocationConfiguration(object(input, 'RevocationConfiguration')),
        token: str(input, 'IdempotencyToken'),
        hash256: requestHash(input),
        tags,
        usageMode,
        storage,
      };
    },
    authorise(request, call: SignedCall) {
      authorise(call, 'CreateCertificateAuthority', '*');
      return request;
    },
    async act(request, call) {
      const state = call.store.state;
      const now = call.store.now();
      if (request.token !== undefined) {
        const earlier = Object.values(state.certificateAuthorities).find((c) => repeated(c.creationToken, request.hash256, now) !== undefined);
        if (earlier) return earlier.arn;
      }
      const id = randomUUID();
      const privateKeyPem = await generatePrivateKeyPem(request.family);
      const ca: CertificateAuthorityRecord = {
        id,
        arn: authorityArn(call, id),
        type: request.type,
        status: 'PENDING_CERTIFICATE',
        createdAt: now,
        lastStateChangeAt: now,
        configuration: request.configuration,
        revocationConfiguration: request.revocation,
        usageMode: request.usageMode,
        keyStorageSecurityStandard: request.storage,
        tags: request.tags,
        privateKeyPem,
        csrPem: await authorityCsr(privateKeyPem, request.family, request.hash, request.name),
        csrRetrievable: false,
        crlUrl: crlUrlFor(call, id, request.revocation.CrlConfiguration),
        crlNumber: 0,
        certificates: {},
        issueRequests: {},
      };
      if (request.token !== undefined) ca.creationToken = { requestHash: request.hash256, arn: ca.arn, at: now };
      state.certificateAuthorities[id] = ca;
      call.audit.resource = ca.arn;
      return ca.arn;
    },
    serialise: (arn) => ({ CertificateAuthorityArn: arn }),
  }),

  DescribeCertificateAuthority: onAuthority({
    operation: 'DescribeCertificateAuthority',
    mutates: false,
    parse: arnOnly,
    act: (ca) => ca,
    serialise: (ca, call) => ({ CertificateAuthority: describeAuthority(call, ca, validityOf(ca)) }),
  }),

  ListCertificateAuthorities: staged({
    mutates: false,
    parse(input: Input) {
      const max = integer(input, 'MaxResults') ?? 1000;
      if (max < 1 || max > 1000) throw validationError('maxResults', 'Member must have value between 1 and 1000', max);
      const token = str(input, 'NextToken');
      const start = token === undefined ? 0 : Number(token);
      if (!Number.isInteger(start) || start < 0) throw new AwsError('InvalidNextTokenException', 'The token is not valid.');
      return { max, start };
    },
    authorise(request, call: SignedCall) {
      authorise(call, 'ListCertificateAuthorities', '*');
      return request;
    },
    act: ({ max, start }, call) => {
      const all = Object.values(call.store.state.certificateAuthorities).sort((a, b) => a.createdAt - b.createdAt);
      return { items: all.slice(start, start + max), next: start + max < all.length ? String(start + max) : undefined };
    },
    serialise: ({ items, next }, call) => ({ CertificateAuthorities: items.map((ca) => describeAuthority(call, ca, validityOf(ca))), NextToken: next }),
  }),

  GetCertificateAuthorityCsr: onAuthority({
    operation: 'GetCertificateAuthorityCsr',
    // The first call marks the CSR ready, as AWS makes it ready a moment after creation.
    mutates: true,
    parse: arnOnly,
    act(ca) {
      requireStatus(ca, ['PENDING_CERTIFICATE', 'ACTIVE'], 'GetCertificateAuthorityCsr');
      if (!ca.csrRetrievable) {
        ca.csrRetrievable = true;
        throw new AwsError('RequestInProgressException', 'The certificate authority is still creating its CSR. Try again in a moment.');
      }
      return ca.csrPem.trim();
    },
    serialise: (csr) => ({ Csr: csr }),
  }),

  ImportCertificateAuthorityCertificate: onAuthority({
    operation: 'ImportCertificateAuthorityCertificate',
    mutates: true,
    parse(input: Input) {
      const certificates = parseCertificateBlob(input, 'Certificate', MAX_CERTIFICATE);
      if (certificates.length !== 1) throw new AwsError('MalformedCertificateException', 'Certificate must hold exactly one certificate; put its issuers in CertificateChain.');
      const chain = input.CertificateChain === undefined || input.CertificateChain === null ? [] : parseCertificateBlob(input, 'CertificateChain', MAX_CHAIN);
      return { arn: str(input, 'CertificateAuthorityArn', true), certificate: certificates[0]!, chain };
    },
    async act(ca, { certificate, chain }, call) {
      requireStatus(ca, ['PENDING_CERTIFICATE', 'ACTIVE'], 'ImportCertificateAuthorityCertificate');
      await checkImport(ca, certificate, chain);
      ca.certificatePem = certificate.toString('pem');
      ca.certificateChainPem = ca.type === 'ROOT' || chain.length === 0 ? undefined : pemChain(chain.map((c) => c.toString('pem')));
      if (ca.status !== 'ACTIVE') {
        ca.status = 'ACTIVE';
        ca.lastStateChangeAt = call.store.now();
      }
      await publishCrl(call.store, ca);
    },
    serialise: () => ({}),
  }),

  IssueCertificate: onAuthority({
    operation: 'IssueCertificate',
    mutates: true,
    parse(input: Input) {
      const signing = oneOf('SigningAlgorithm', str(input, 'SigningAlgorithm', true), SIGNING_ALGORITHMS)!;
      const templateArn = str(input, 'TemplateArn') ?? `${TEMPLATE_PREFIX}EndEntityCertificate/V1`;
      const template = templateArn.slice(TEMPLATE_PREFIX.length) as Template;
      if (!templateArn.startsWith(TEMPLATE_PREFIX) || !TEMPLATES.includes(template)) throw new AwsError('InvalidArnException', `The template ARN ${templateArn} is not a template the sandbox implements (${TEMPLATES.join(', ')}).`);
      const passthrough = template === 'BlankEndEntityCertificate_APIPassthrough/V1' ? parsePassthrough(object(input, 'ApiPassthrough')) : { extensions: [] };
      return {
        arn: str(input, 'CertificateAuthorityArn', true),
        csr: parseCsr(blob(input, 'Csr', 1, MAX_CERTIFICATE)),
        signing,
        template,
        validity: object(input, 'Validity', true),
        validityNotBefore: object(input, 'ValidityNotBefore'),
        passthrough,
        token: str(input, 'IdempotencyToken'),
        hash256: requestHash(input),
      };
    },
    async act(ca, request, call) {
      const now = call.store.now();
      const rootSelfIssue = request.template === 'RootCACertificate/V1';
      if (rootSelfIssue && ca.type !== 'ROOT') throw invalidArgs('RootCACertificate/V1 issues a root CA its own certificate; this CA is SUBORDINATE.');
      requireStatus(ca, rootSelfIssue ? ['PENDING_CERTIFICATE', 'ACTIVE'] : ['ACTIVE'], 'IssueCertificate');
      const family = keyFamily(ca.configuration.KeyAlgorithm);
      const hash = signingHash(request.signing, family);
      if (request.token !== undefined) {
        const earlier = repeated(ca.issueRequests[request.token], request.hash256, now);
        if (earlier !== undefined) return earlier;
      }
      const notAfter = validityInstant(request.validity, now, 'validity');
      const notBefore = request.validityNotBefore === undefined ? now - BACKDATE_MS : validityInstant(request.validityNotBefore, now, 'validityNotBefore');
      if (notAfter <= Math.max(now, notBefore)) throw new AwsError('ValidationException', 'The validity period ends before it starts, or in the past.');
      const issuer = caCertificate(ca);
      if (issuer !== undefined && notAfter > issuer.notAfter.getTime()) throw new AwsError('ValidationException', "The certificate's validity ends after the certificate authority's own.");
      const { serial, pem } = await signCertificate(ca, family, issuer, { csr: request.csr, template: request.template, hash, notBefore, notAfter, passthrough: request.passthrough });
      const arn = `${ca.arn}/certificate/${serial}`;
      ca.certificates[serial] = { serial, arn, pem, issuedAt: now, retrievable: false };
      if (request.token !== undefined) ca.issueRequests[request.token] = { requestHash: request.hash256, arn, at: now };
      for (const [token, earlier] of Object.entries(ca.issueRequests)) if (now - earlier.at >= IDEMPOTENCY_MS) delete ca.issueRequests[token];
      call.audit.resource = arn;
      return arn;
    },
    serialise: (arn) => ({ CertificateArn: arn }),
  }),

  GetCertificate: onAuthority({
    operation: 'GetCertificate',
    // The first call marks the certificate ready, as AWS makes it ready a moment after issue.
    mutates: true,
    parse: (input: Input) => ({ arn: str(input, 'CertificateAuthorityArn', true), certificateArn: str(input, 'CertificateArn', true) }),
    act(ca, { certificateArn }, call) {
      const certificate = resolveCertificate(call, ca, certificateArn);
      if (!certificate.retrievable) {
        certificate.retrievable = true;
        throw new AwsError('RequestInProgressException', 'The certificate is still being issued. Try again in a moment.');
      }
      const chain = [ca.certificatePem, ca.certificateChainPem].filter((pem): pem is string => pem !== undefined && pem !== certificate.pem);
      return { certificate: certificate.pem.trim(), chain: chain.length === 0 ? undefined : pemChain(chain) };
    },
    serialise: ({ certificate, chain }) => ({ Certificate: certificate, CertificateChain: chain }),
  }),

  GetCertificateAuthorityCertificate: onAuthority({
    operation: 'GetCertificateAuthorityCertificate',
    mutates: false,
    parse: arnOnly,
    act(ca) {
      if (ca.certificatePem === undefined) throw new AwsError('InvalidStateException', `The certificate authority ${ca.arn} has no certificate yet; import one first.`);
      return { certificate: ca.certificatePem.trim(), chain: ca.certificateChainPem };
    },
    serialise: ({ certificate, chain }) => ({ Certificate: certificate, CertificateChain: chain }),
  }),

  RevokeCertificate: onAuthority({
    operation: 'RevokeCertificate',
    mutates: true,
    parse(input: Input) {
      const serial = str(input, 'CertificateSerial', true);
      if (!/^[0-9a-fA-F:]{1,128}$/.test(serial)) throw invalidArgs(`${serial} is not a certificate serial number in hexadecimal.`);
      const reason = oneOf('RevocationReason', str(input, 'RevocationReason', true), Object.keys(REVOCATION_REASONS))!;
      return { arn: str(input, 'CertificateAuthorityArn', true), serial: normaliseSerial(serial), reason };
    },
    async act(ca, { serial, reason }, call) {
      requireStatus(ca, ['ACTIVE', 'DISABLED'], 'RevokeCertificate');
      // Issued serials are kept as written (a leading 0 byte included); the request's is compared as a number.
      const certificate = Object.entries(ca.certificates).find(([issued]) => normaliseSerial(issued) === serial)?.[1];
      if (!certificate) throw new AwsError('ResourceNotFoundException', `The certificate authority ${ca.arn} issued no certificate with serial ${serial}.`);
      call.audit.resource = certificate.arn;
      if (certificate.revokedAt !== undefined) throw new AwsError('RequestAlreadyProcessedException', `The certificate with serial ${serial} is already revoked.`);
      certificate.revokedAt = call.store.now();
      certificate.revocationReason = reason;
      await publishCrl(call.store, ca);
    },
    serialise: () => ({}),
  }),

  UpdateCertificateAuthority: onAuthority({
    operation: 'UpdateCertificateAuthority',
    mutates: true,
    parse(input: Input) {
      const status = oneOf('Status', str(input, 'Status'), ['CREATING', 'PENDING_CERTIFICATE', 'ACTIVE', 'DELETED', 'DISABLED', 'EXPIRED', 'FAILED'] as const);
      if (status !== undefined && status !== 'ACTIVE' && status !== 'DISABLED') throw invalidArgs('Status can only be set to ACTIVE or DISABLED.');
      const revocation = object(input, 'RevocationConfiguration');
      return { arn: str(input, 'CertificateAuthorityArn', true), status, revocation: revocation === undefined ? undefined : revocationConfiguration(revocation) };
    },
    async act(ca, { status, revocation }, call) {
      requireStatus(ca, ['ACTIVE', 'DISABLED', 'PENDING_CERTIFICATE'], 'UpdateCertificateAuthority');
      if (status !== undefined && status !== ca.status) {
        if (ca.status === 'PENDING_CERTIFICATE') throw new AwsError('InvalidStateException', `The certificate authority ${ca.arn} has no certificate yet; import one before changing its status.`);
        ca.status = status;
        ca.lastStateChangeAt = call.store.now();
      }
      if (revocation !== undefined) {
        ca.revocationConfiguration = revocation;
        ca.crlUrl = crlUrlFor(call, ca.id, revocation.CrlConfiguration);
        await publishCrl(call.store, ca);
      }
    },
    serialise: () => ({}),
  }),
};

export const ACM_PCA_SERVICE: Service<Input, object, SignedCall> = {
  name: 'acm-pca',
  signingName: 'acm-pca',
  protocol: awsJson11('ACMPrivateCA'),
  internalErrorCode: 'InternalFailure',
  operations: ACM_PCA_OPERATIONS,
};
