// The SSO portal over REST-JSON: GetRoleCredentials, ListAccounts, ListAccountRoles
// and Logout, each authorised by the bearer access token CreateToken issued. People
// get the permission set `state.ssoRoleName` names: the role it was provisioned as
// when it is one made through CloudFormation, or else the demo organisation's own
// AWSReservedSSO_<name>_ role.
import { AwsError } from '../core/awsError.js';
import { headerValue } from '../core/http.js';
import { newOpaqueToken, newSecret, newTemporaryAccessKeyId } from '../core/ids.js';
import { restJson, type RestInput } from '../core/protocols.js';
import type { Call, Operation, Service } from '../core/service.js';
import { permissionSetsOf, type RoleRecord, type SandboxStore, type SsoTokenRecord } from '../core/state.js';
import { hashToken, withOptions, type IdentityCenterCall, type IdentityCenterOptions } from './oidc.js';

function sessionFor(call: IdentityCenterCall, bearer: string | undefined): SsoTokenRecord {
  const record = bearer ? call.store.state.ssoTokens[hashToken(bearer)] : undefined;
  if (!record || record.revoked || call.store.now() >= record.expiresAt) {
    throw new AwsError('UnauthorizedException', 'Session token not found or invalid', 401);
  }
  call.audit.principal = record.userName;
  return record;
}

function ssoIamRole(store: SandboxStore): RoleRecord {
  const { state } = store;
  const permissionSet = Object.values(permissionSetsOf(state)).find((s) => s.name === state.ssoRoleName);
  const role = permissionSet ? state.roles[permissionSet.roleName] : Object.values(state.roles).find((r) => r.name.startsWith(`AWSReservedSSO_${state.ssoRoleName}_`));
  if (!role) throw new Error('the sandbox has no Identity Center role');
  return role;
}

function requireAccount(call: IdentityCenterCall, accountId: string | null): void {
  if (accountId !== call.store.state.accountId) throw new AwsError('ForbiddenException', 'No access', 403);
}

const bearer = (request: RestInput): string | undefined => headerValue(request.headers, 'x-amz-sso_bearer_token');

const PORTAL_OPERATIONS: Record<string, Operation<RestInput, object, IdentityCenterCall>> = {
  GetRoleCredentials: {
    mutates: true,
    run(request, call) {
      const session = sessionFor(call, bearer(request));
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
      return { roleCredentials: { accessKeyId, secretAccessKey, sessionToken, expiration } };
    },
  },

  ListAccounts: {
    mutates: false,
    run(request, call) {
      const session = sessionFor(call, bearer(request));
      const person = call.store.state.people[session.userName];
      return {
        accountList: [{ accountId: call.store.state.accountId, accountName: call.store.state.organisation, emailAddress: person?.email ?? '' }],
      };
    },
  },

  ListAccountRoles: {
    mutates: false,
    run(request, call) {
      sessionFor(call, bearer(request));
      requireAccount(call, request.query.get('account_id'));
      return { roleList: [{ roleName: call.store.state.ssoRoleName, accountId: call.store.state.accountId }] };
    },
  },

  Logout: {
    mutates: true,
    run(request, call) {
      const session = sessionFor(call, bearer(request));
      session.revoked = true;
      return {};
    },
  },
};

/** The portal's operations by "METHOD /path". */
export const PORTAL_ROUTES: Record<string, string> = {
  'GET /federation/credentials': 'GetRoleCredentials',
  'GET /assignment/accounts': 'ListAccounts',
  'GET /assignment/roles': 'ListAccountRoles',
  'POST /logout': 'Logout',
};

export function portalService(options: IdentityCenterOptions): Service<RestInput, object, Call> {
  return {
    name: 'sso',
    protocol: restJson({
      routes: PORTAL_ROUTES,
      jsonBody: false,
    }),
    internalErrorCode: 'InternalServerException',
    operations: withOptions(PORTAL_OPERATIONS, options),
  };
}
