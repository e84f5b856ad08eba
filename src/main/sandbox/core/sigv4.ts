// Server-side SigV4: every signed request is re-signed with the secret the sandbox
// holds for its access key id (with the SDK's own signer) and the two signatures are
// compared in constant time. Unknown keys, bad signatures, expired session tokens and
// clock skew fail with the names the real service uses, so the SDK reacts to them as
// it does against AWS (including its clock-skew correction from the Date header).
import { timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';
import { AwsError } from './awsError.js';
import { resolveCaller, type ResolvedCaller } from './callers.js';
import type { SandboxStore } from './state.js';

export type SignedService = 'kms' | 'sts' | 'iam' | 'acm-pca' | 'cloudformation' | 'sso';

export interface SignedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** AWS allows a request's X-Amz-Date to be at most 15 minutes off its own clock. */
export const MAX_CLOCK_SKEW_MS = 15 * 60 * 1000;

const AUTH_PATTERN =
  /^AWS4-HMAC-SHA256\s+Credential=([^/,\s]+)\/(\d{8})\/([^/,\s]+)\/([^/,\s]+)\/aws4_request,\s*SignedHeaders=([a-z0-9;._-]+),\s*Signature=([0-9a-f]{64})$/;

interface Names {
  missing: string;
  unknownKey: string;
  badSignature: string;
  expiredToken: string;
  skew: string;
  status: number;
}

/** The names AWS JSON services (KMS, ACM PCA, SSO admin) give authentication failures. */
const JSON_SERVICE_NAMES: Names = {
  missing: 'MissingAuthenticationTokenException',
  unknownKey: 'UnrecognizedClientException',
  badSignature: 'InvalidSignatureException',
  expiredToken: 'ExpiredTokenException',
  skew: 'InvalidSignatureException',
  status: 400,
};

/** The names Query services (STS, IAM, CloudFormation) give them. */
const QUERY_SERVICE_NAMES: Names = {
  missing: 'MissingAuthenticationToken',
  unknownKey: 'InvalidClientTokenId',
  badSignature: 'SignatureDoesNotMatch',
  expiredToken: 'ExpiredToken',
  skew: 'RequestExpired',
  status: 403,
};

const NAMES: Record<SignedService, Names> = {
  kms: JSON_SERVICE_NAMES,
  'acm-pca': JSON_SERVICE_NAMES,
  sso: JSON_SERVICE_NAMES,
  sts: QUERY_SERVICE_NAMES,
  iam: QUERY_SERVICE_NAMES,
  cloudformation: QUERY_SERVICE_NAMES,
};

/**
 * The regions a service's credential scope may name. IAM is global: AWS's endpoint
 * takes us-east-1, and a client pointed at a custom endpoint (as at the sandbox) signs
 * with its profile's region, so the sandbox takes either.
 */
function scopeRegions(service: SignedService, region: string): string[] {
  return service === 'iam' ? ['us-east-1', region] : [region];
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v.join(',') : v;
}

function parseAmzDate(value: string | undefined): Date | undefined {
  const m = value?.match(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/);
  if (!m) return undefined;
  return new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!));
}

/** The service name in a SigV4 Authorization header's credential scope; undefined when the request is not signed so. */
export function credentialScopeService(headers: IncomingHttpHeaders): string | undefined {
  return header(headers, 'authorization')?.match(AUTH_PATTERN)?.[4];
}

/** Checks the request's signature and returns who made it. */
export async function authenticate(
  store: SandboxStore,
  service: SignedService,
  request: SignedRequest,
): Promise<ResolvedCaller> {
  const names = NAMES[service];
  const fail = (code: string, message: string): AwsError => new AwsError(code, message, names.status);
  const authorization = header(request.headers, 'authorization');
  if (!authorization) throw fail(names.missing, 'Request is missing Authentication Token');
  const m = authorization.match(AUTH_PATTERN);
  if (!m) throw fail(names.badSignature, 'Authorization header requires a well-formed AWS4-HMAC-SHA256 credential, SignedHeaders and Signature.');
  const [, accessKeyId, scopeDate, region, scopeService, signedHeaderList, signature] = m as unknown as string[];

  const amzDate = header(request.headers, 'x-amz-date');
  const date = parseAmzDate(amzDate);
  if (!date) throw fail(names.badSignature, 'The request must carry a valid X-Amz-Date header.');
  const skew = Math.abs(Date.now() - date.getTime());
  if (skew > MAX_CLOCK_SKEW_MS) {
    throw fail(
      names.skew,
      `Signature expired: ${amzDate} is now earlier or later than the server's time by more than 15 minutes.`,
    );
  }
  if (scopeDate !== amzDate!.slice(0, 8)) throw fail(names.badSignature, 'The credential scope date does not match X-Amz-Date.');
  if (scopeService !== service) throw fail(names.badSignature, `Credential should be scoped to correct service: '${service}'.`);
  if (!scopeRegions(service, store.state.region).includes(region!)) {
    throw fail(names.badSignature, `Credential should be scoped to a valid region, not '${region}'. This endpoint serves '${store.state.region}'.`);
  }

  const accessKey = store.state.accessKeys[accessKeyId!];
  if (!accessKey) throw fail(names.unknownKey, 'The security token included in the request is invalid.');
  const token = header(request.headers, 'x-amz-security-token');
  if (accessKey.sessionToken !== undefined && token !== accessKey.sessionToken) {
    throw fail(names.unknownKey, 'The security token included in the request is invalid.');
  }
  if (accessKey.sessionToken === undefined && token !== undefined) {
    throw fail(names.unknownKey, 'The security token included in the request is invalid.');
  }

  const signedNames = signedHeaderList!.split(';');
  if (!signedNames.includes('host')) throw fail(names.badSignature, "'Host' must be a signed header.");
  const headers: Record<string, string> = {};
  for (const name of signedNames) {
    const value = header(request.headers, name);
    if (value === undefined) throw fail(names.badSignature, `The signed header '${name}' is missing from the request.`);
    headers[name] = value;
  }
  const query: Record<string, string | string[]> = {};
  for (const key of new Set(request.query.keys())) {
    const all = request.query.getAll(key);
    query[key] = all.length === 1 ? all[0]! : all;
  }
  const signer = new SignatureV4({
    service,
    region: region!,
    sha256: Hash.bind(null, 'sha256'),
    // Sign exactly what the client sent: no payload-hash header of the signer's own.
    applyChecksum: false,
    credentials: {
      accessKeyId: accessKeyId!,
      secretAccessKey: accessKey.secretAccessKey,
      sessionToken: accessKey.sessionToken,
    },
  });
  const signed = await signer.sign(
    { method: request.method, protocol: 'http:', hostname: headers.host!, path: request.path, query, headers, body: request.body },
    { signingDate: date },
  );
  const expected = String(signed.headers.authorization ?? signed.headers.Authorization ?? '').match(/Signature=([0-9a-f]{64})/)?.[1] ?? '';
  if (expected.length !== 64 || !timingSafeEqual(Buffer.from(expected), Buffer.from(signature!))) {
    throw fail(
      names.badSignature,
      'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.',
    );
  }
  if (accessKey.expiresAt !== undefined && store.now() >= accessKey.expiresAt) {
    throw fail(names.expiredToken, 'The security token included in the request is expired');
  }
  return resolveCaller(store.state, accessKey);
}
