// IAM Identity Center's SSO OIDC over REST-JSON: RegisterClient, StartDeviceAuthorization
// and CreateToken with the RFC 8628 device-code grant and the refresh-token grant.
// Tokens and client secrets are kept only as SHA-256 hashes. Unsigned, as in AWS: a
// client proves itself with its secret, and a person by approving on the device page.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { AwsError } from '../core/awsError.js';
import { newOpaqueToken, newSecret, newUserCode } from '../core/ids.js';
import { restJson, type RestInput } from '../core/protocols.js';
import type { Call, Operation, Service } from '../core/service.js';
import type { DeviceAuthorizationRecord, SsoTokenRecord } from '../core/state.js';

export interface IdentityCenterOptions {
  /** Access token lifetime (Identity Center's default is 8 hours). */
  tokenTtlSeconds: number;
  refreshTtlSeconds: number;
  deviceCodeTtlSeconds: number;
  pollIntervalSeconds: number;
  roleCredentialsTtlSeconds: number;
}

export const DEFAULT_IDENTITY_CENTER_OPTIONS: IdentityCenterOptions = {
  tokenTtlSeconds: 8 * 3600,
  refreshTtlSeconds: 90 * 86_400,
  deviceCodeTtlSeconds: 600,
  pollIntervalSeconds: 1,
  roleCredentialsTtlSeconds: 3600,
};

const DEVICE_CODE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

/** An Identity Center operation's call: the pipeline's, with the sandbox's token lifetimes. */
export interface IdentityCenterCall extends Call {
  options: IdentityCenterOptions;
}

type Input = Record<string, unknown>;

/** Binds Identity Center operations to `options`, as the operation table the pipeline runs. */
export function withOptions<Output>(
  operations: Record<string, Operation<RestInput, Output, IdentityCenterCall>>,
  options: IdentityCenterOptions,
): Record<string, Operation<RestInput, Output, Call>> {
  return Object.fromEntries(
    Object.entries(operations).map(([name, { mutates, run }]) => [name, { mutates, run: (input: RestInput, call: Call) => run(input, { ...call, options }) }]),
  );
}
export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

const OIDC_ERROR_CODES: Record<string, string> = {
  AuthorizationPendingException: 'authorization_pending',
  SlowDownException: 'slow_down',
  ExpiredTokenException: 'expired_token',
  AccessDeniedException: 'access_denied',
  InvalidClientException: 'invalid_client',
  InvalidGrantException: 'invalid_grant',
  InvalidRequestException: 'invalid_request',
  InvalidScopeException: 'invalid_scope',
  UnsupportedGrantTypeException: 'unsupported_grant_type',
  InvalidClientMetadataException: 'invalid_client_metadata',
};

/** The OAuth-style body SSO OIDC errors carry. */
export function oidcErrorBody(error: AwsError): object {
  return { error: OIDC_ERROR_CODES[error.code] ?? 'server_error', error_description: error.message };
}

function text(input: Input, name: string, required = true): string {
  const v = input[name];
  if (typeof v === 'string' && v.length > 0) return v;
  if (!required && v === undefined) return '';
  throw new AwsError('InvalidRequestException', `${name} is required and must be a non-empty string.`);
}

const sameHash = (a: string, b: string): boolean => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

function authenticateClient(call: IdentityCenterCall, input: Input): string {
  const clientId = text(input, 'clientId');
  const secret = text(input, 'clientSecret');
  const client = call.store.state.ssoClients[clientId];
  if (!client || !sameHash(client.clientSecretHash, hashToken(secret))) {
    throw new AwsError('InvalidClientException', 'The client is not registered or its secret is wrong.', 401);
  }
  if (call.store.now() >= client.expiresAt) throw new AwsError('InvalidClientException', 'The client registration has expired. Register again.', 401);
  return clientId;
}

function issueTokens(call: IdentityCenterCall, userName: string, clientId: string): object {
  const accessToken = newOpaqueToken('aoa');
  const refreshToken = newOpaqueToken('aor');
  const now = call.store.now();
  const record: SsoTokenRecord = {
    userName,
    clientId,
    accessTokenHash: hashToken(accessToken),
    refreshTokenHash: hashToken(refreshToken),
    expiresAt: now + call.options.tokenTtlSeconds * 1000,
    refreshExpiresAt: now + call.options.refreshTtlSeconds * 1000,
    revoked: false,
  };
  call.store.state.ssoTokens[record.accessTokenHash] = record;
  call.audit.principal = userName;
  return { accessToken, tokenType: 'Bearer', expiresIn: call.options.tokenTtlSeconds, refreshToken };
}

function pollDevice(call: IdentityCenterCall, clientId: string, input: Input): DeviceAuthorizationRecord {
  const device = call.store.state.deviceAuthorizations[hashToken(text(input, 'deviceCode'))];
  if (!device || device.clientId !== clientId) throw new AwsError('InvalidGrantException', 'The device code is not valid for this client.');
  if (device.status === 'redeemed') throw new AwsError('InvalidGrantException', 'The device code has already been used.');
  if (call.store.now() >= device.expiresAt) throw new AwsError('ExpiredTokenException', 'The device code has expired. Start the sign-in again.');
  const now = call.store.now();
  if (device.lastPolledAt !== undefined && now - device.lastPolledAt < device.interval * 1000) {
    // RFC 8628 §3.5: the client must add 5 seconds to its interval for this and every later request.
    device.interval += 5;
    device.lastPolledAt = now;
    throw new AwsError('SlowDownException', `Polling too fast: wait ${device.interval} seconds between requests.`);
  }
  device.lastPolledAt = now;
  if (device.status === 'pending') throw new AwsError('AuthorizationPendingException', 'The person has not approved the sign-in yet.');
  if (device.status === 'denied') throw new AwsError('AccessDeniedException', 'The person declined the sign-in.');
  return device;
}

function registerClient({ body: input }: RestInput, call: IdentityCenterCall): object {
  const clientName = text(input, 'clientName');
  const clientType = text(input, 'clientType');
  if (clientType !== 'public') throw new AwsError('InvalidClientMetadataException', `clientType must be "public", not "${clientType}".`);
  const clientId = newOpaqueToken('signet-client-').slice(0, 40);
  const clientSecret = newSecret() + newSecret();
  const now = call.store.now();
  const expiresAt = now + 90 * 86_400_000;
  call.store.state.ssoClients[clientId] = { clientId, clientSecretHash: hashToken(clientSecret), clientName, issuedAt: now, expiresAt };
  return { clientId, clientSecret, clientIdIssuedAt: Math.floor(now / 1000), clientSecretExpiresAt: Math.floor(expiresAt / 1000) };
}

function startDeviceAuthorization({ body: input }: RestInput, call: IdentityCenterCall): object {
  const clientId = authenticateClient(call, input);
  const startUrl = text(input, 'startUrl');
  if (startUrl !== `${call.baseUrl}/start`) {
    throw new AwsError('InvalidRequestException', `The start URL ${startUrl} is not this organisation's (${call.baseUrl}/start).`);
  }
  const deviceCode = newOpaqueToken('');
  const userCode = newUserCode();
  const record: DeviceAuthorizationRecord = {
    deviceCodeHash: hashToken(deviceCode),
    userCode,
    clientId,
    expiresAt: call.store.now() + call.options.deviceCodeTtlSeconds * 1000,
    interval: call.options.pollIntervalSeconds,
    status: 'pending',
    formNonce: randomBytes(16).toString('hex'),
  };
  call.store.state.deviceAuthorizations[record.deviceCodeHash] = record;
  return {
    deviceCode,
    userCode,
    verificationUri: `${call.baseUrl}/device`,
    verificationUriComplete: `${call.baseUrl}/device?user_code=${userCode}`,
    expiresIn: call.options.deviceCodeTtlSeconds,
    interval: call.options.pollIntervalSeconds,
  };
}

/** Polling changes the device record even when it fails (slow_down), so CreateToken `mutates` either way. */
function createToken({ body: input }: RestInput, call: IdentityCenterCall): object {
  const clientId = authenticateClient(call, input);
  const grantType = text(input, 'grantType');
  if (grantType === DEVICE_CODE_GRANT) {
    const device = pollDevice(call, clientId, input);
    device.status = 'redeemed';
    return issueTokens(call, device.userName!, clientId);
  }
  if (grantType === 'refresh_token') {
    const hash = hashToken(text(input, 'refreshToken'));
    const old = Object.values(call.store.state.ssoTokens).find((t) => t.refreshTokenHash === hash);
    if (!old || old.revoked || old.clientId !== clientId || call.store.now() >= old.refreshExpiresAt) {
      throw new AwsError('InvalidGrantException', 'The refresh token is not valid. Sign in again.');
    }
    old.revoked = true;
    return issueTokens(call, old.userName, clientId);
  }
  throw new AwsError('UnsupportedGrantTypeException', `The grant type ${grantType} is not supported.`);
}

const OIDC_OPERATIONS: Record<string, Operation<RestInput, object, IdentityCenterCall>> = {
  RegisterClient: { mutates: true, run: registerClient },
  StartDeviceAuthorization: { mutates: true, run: startDeviceAuthorization },
  CreateToken: { mutates: true, run: createToken },
};

/** SSO OIDC's operations by "METHOD /path". */
export const OIDC_ROUTES: Record<string, string> = {
  'POST /client/register': 'RegisterClient',
  'POST /device_authorization': 'StartDeviceAuthorization',
  'POST /token': 'CreateToken',
};

export function oidcService(options: IdentityCenterOptions): Service<RestInput, object, Call> {
  return {
    name: 'oidc',
    protocol: restJson({
      routes: OIDC_ROUTES,
      jsonBody: true,
      errorBody: oidcErrorBody,
    }),
    internalErrorCode: 'InternalServerException',
    operations: withOptions(OIDC_OPERATIONS, options),
  };
}
