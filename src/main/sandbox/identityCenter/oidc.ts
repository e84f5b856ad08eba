// IAM Identity Center: SSO OIDC (RegisterClient, StartDeviceAuthorization, CreateToken
// with the RFC 8628 device-code grant and the refresh-token grant) and the SSO portal
// (GetRoleCredentials, ListAccounts, ListAccountRoles, Logout), both REST-JSON.
// Tokens and client secrets are kept only as SHA-256 hashes.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { AwsError } from '../core/awsError.js';
import { newOpaqueToken, newSecret, newTemporaryAccessKeyId, newUserCode } from '../core/ids.js';
import type { DeviceAuthorizationRecord, RoleRecord, SandboxStore, SsoTokenRecord } from '../core/state.js';

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

export const DEVICE_CODE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

export interface IdentityCenterCall {
  store: SandboxStore;
  options: IdentityCenterOptions;
  baseUrl: string;
  audit: { principal?: string };
}

type Input = Record<string, unknown>;

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

export const OIDC_OPERATIONS: Record<string, (input: Input, call: IdentityCenterCall) => Promise<object>> = {
  async RegisterClient(input, call) {
    const clientName = text(input, 'clientName');
    const clientType = text(input, 'clientType');
    if (clientType !== 'public') throw new AwsError('InvalidClientMetadataException', `clientType must be "public", not "${clientType}".`);
    const clientId = newOpaqueToken('signet-client-').slice(0, 40);
    const clientSecret = newSecret() + newSecret();
    const now = call.store.now();
    const expiresAt = now + 90 * 86_400_000;
    call.store.state.ssoClients[clientId] = { clientId, clientSecretHash: hashToken(clientSecret), clientName, issuedAt: now, expiresAt };
    await call.store.commit();
    return { clientId, clientSecret, clientIdIssuedAt: Math.floor(now / 1000), clientSecretExpiresAt: Math.floor(expiresAt / 1000) };
  },

  async StartDeviceAuthorization(input, call) {
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
    await call.store.commit();
    return {
      deviceCode,
      userCode,
      verificationUri: `${call.baseUrl}/device`,
      verificationUriComplete: `${call.baseUrl}/device?user_code=${userCode}`,
      expiresIn: call.options.deviceCodeTtlSeconds,
      interval: call.options.pollIntervalSeconds,
    };
  },

  async CreateToken(input, call) {
    const clientId = authenticateClient(call, input);
    const grantType = text(input, 'grantType');
    try {
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
    } finally {
      await call.store.commit();
    }
  },
};

// ---- the portal -------------------------------------------------------------------

export interface PortalRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  bearer: string | undefined;
}

function sessionFor(call: IdentityCenterCall, bearer: string | undefined): SsoTokenRecord {
  const record = bearer ? call.store.state.ssoTokens[hashToken(bearer)] : undefined;
  if (!record || record.revoked || call.store.now() >= record.expiresAt) {
    throw new AwsError('UnauthorizedException', 'Session token not found or invalid', 401);
  }
  call.audit.principal = record.userName;
  return record;
}

export function ssoIamRole(store: SandboxStore): RoleRecord {
  const role = Object.values(store.state.roles).find((r) => r.name.startsWith(`AWSReservedSSO_${store.state.ssoRoleName}_`));
  if (!role) throw new Error('the sandbox has no Identity Center role');
  return role;
}

function requireAccount(call: IdentityCenterCall, accountId: string | null): void {
  if (accountId !== call.store.state.accountId) throw new AwsError('ForbiddenException', 'No access', 403);
}

export const PORTAL_OPERATIONS: Record<string, (request: PortalRequest, call: IdentityCenterCall) => Promise<object>> = {
  async 'GET /federation/credentials'(request, call) {
    const session = sessionFor(call, request.bearer);
    requireAccount(call, request.query.get('account_id'));
    if (request.query.get('role_name') !== call.store.state.ssoRoleName) throw new AwsError('ForbiddenException', 'No access', 403);
    const role = ssoIamRole(call.store);
    const accessKeyId = newTemporaryAccessKeyId();
    const secretAccessKey = newSecret();
    const sessionToken = newOpaqueToken('IQoJb3JpZ2luX2VjEsso');
    const expiration = call.store.now() + call.options.roleCredentialsTtlSeconds * 1000;
    call.store.state.accessKeys[accessKeyId] = {
      accessKeyId,
      secretAccessKey,
      sessionToken,
      expiresAt: expiration,
      principal: { kind: 'assumed-role', roleName: role.name, sessionName: session.userName, chained: false },
    };
    await call.store.commit();
    return { roleCredentials: { accessKeyId, secretAccessKey, sessionToken, expiration } };
  },

  async 'GET /assignment/accounts'(request, call) {
    const session = sessionFor(call, request.bearer);
    const person = call.store.state.people[session.userName];
    return {
      accountList: [{ accountId: call.store.state.accountId, accountName: call.store.state.organisation, emailAddress: person?.email ?? '' }],
    };
  },

  async 'GET /assignment/roles'(request, call) {
    sessionFor(call, request.bearer);
    requireAccount(call, request.query.get('account_id'));
    return { roleList: [{ roleName: call.store.state.ssoRoleName, accountId: call.store.state.accountId }] };
  },

  async 'POST /logout'(request, call) {
    const session = sessionFor(call, request.bearer);
    session.revoked = true;
    await call.store.commit();
    return {};
  },
};
