// IAM Identity Center's permission sets in the sandbox: the one instance of the
// sandbox's account, and each permission set provisioned to that account as Identity
// Center provisions one when it is assigned — an IAM role AWSReservedSSO_<Name>_<16
// hex> under /aws-reserved/sso.amazonaws.com/, trusted through the account's AWSSSO
// SAML provider, whose inline policy (AwsSSOInlinePolicy) is the permission set's.
import { createHash, randomBytes } from 'node:crypto';
import { AwsError } from '../core/awsError.js';
import { newRoleId } from '../core/ids.js';
import { isAllowed } from '../core/policy.js';
import type { SignedCall } from '../core/service.js';
import { permissionSetsOf, type PermissionSetRecord, type SandboxState } from '../core/state.js';

export const SSO_ROLE_PATH = '/aws-reserved/sso.amazonaws.com/';
/** The name Identity Center gives the inline policy on the roles it provisions. */
export const SSO_INLINE_POLICY_NAME = 'AwsSSOInlinePolicy';
const NAME = /^[\w+=,.@-]{1,32}$/;
const DURATION = /^PT(?:(\d+)H)?(?:(\d+)M)?$/;

/** The account's Identity Center instance: its id follows from the account, so it is the same in every sandbox folder of it. */
export function ssoInstance(state: SandboxState): { instanceArn: string; identityStoreId: string; instanceId: string } {
  const digest = createHash('sha256').update(`sso-instance:${state.accountId}`).digest('hex');
  const instanceId = `ssoins-${digest.slice(0, 16)}`;
  return { instanceArn: `arn:aws:sso:::instance/${instanceId}`, identityStoreId: `d-${digest.slice(16, 26)}`, instanceId };
}

/** The SAML trust policy of the roles Identity Center provisions. */
export const ssoTrustPolicy = (accountId: string): string =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Federated: `arn:aws:iam::${accountId}:saml-provider/AWSSSO` }, Action: ['sts:AssumeRoleWithSAML', 'sts:TagSession'] }] });

/** SessionDuration (ISO 8601, PT1H to PT12H) in seconds. */
function sessionSeconds(duration: string): number {
  const m = duration.match(DURATION);
  const seconds = m ? Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 : NaN;
  if (!(seconds >= 3600 && seconds <= 43_200)) throw new AwsError('ValidationException', `SessionDuration ${duration} is not an ISO 8601 duration between PT1H and PT12H.`);
  return seconds;
}

/** Refuses the call unless the caller's identity policies allow `sso:<operation>` on `resource`. */
export function authoriseSso(call: SignedCall, operation: string, resource: string): void {
  const action = `sso:${operation}`;
  call.audit.resource = resource;
  if (!isAllowed(undefined, call.caller.identityPolicies, { caller: call.caller, action, resource })) {
    throw new AwsError('AccessDeniedException', `User: ${call.caller.arn} is not authorized to perform: ${action} on resource: ${resource} because no identity-based policy allows the ${action} action`);
  }
}

export interface NewPermissionSet {
  instanceArn: string;
  name: string;
  description?: string;
  sessionDuration?: string;
  inlinePolicy?: string;
}

/** Creates a permission set and provisions it to the account (its role). */
export function createPermissionSet(call: SignedCall, request: NewPermissionSet): PermissionSetRecord {
  const { state } = call.store;
  const instance = ssoInstance(state);
  if (request.instanceArn !== instance.instanceArn) throw new AwsError('ResourceNotFoundException', `Instance ${request.instanceArn} does not exist.`);
  if (!NAME.test(request.name)) throw new AwsError('ValidationException', `1 validation error detected: Value '${request.name}' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+ (1 to 32 characters)`);
  const sets = permissionSetsOf(state);
  const arn = `arn:aws:sso:::permissionSet/${instance.instanceId}/ps-${randomBytes(8).toString('hex')}`;
  authoriseSso(call, 'CreatePermissionSet', arn);
  if (Object.values(sets).some((s) => s.name === request.name)) throw new AwsError('ConflictException', `A permission set named ${request.name} already exists.`);
  const sessionDuration = request.sessionDuration ?? 'PT1H';
  const maxSessionDuration = sessionSeconds(sessionDuration);
  const roleName = `AWSReservedSSO_${request.name}_${randomBytes(8).toString('hex')}`;
  state.roles[roleName] = {
    name: roleName,
    path: SSO_ROLE_PATH,
    arn: `arn:aws:iam::${state.accountId}:role${SSO_ROLE_PATH}${roleName}`,
    roleId: newRoleId(),
    trustPolicy: ssoTrustPolicy(state.accountId),
    policies: [],
    inlinePolicies: request.inlinePolicy === undefined ? {} : { [SSO_INLINE_POLICY_NAME]: request.inlinePolicy },
    maxSessionDuration,
    createdAt: call.store.now(),
  };
  const record: PermissionSetRecord = { arn, name: request.name, description: request.description, sessionDuration, inlinePolicy: request.inlinePolicy, createdAt: call.store.now(), roleName };
  sets[arn] = record;
  return record;
}

/** The permission set `arn` names in `instanceArn`; ResourceNotFoundException otherwise. */
export function findPermissionSet(state: SandboxState, instanceArn: string, arn: string): PermissionSetRecord {
  const record = permissionSetsOf(state)[arn];
  if (instanceArn !== ssoInstance(state).instanceArn || !record) throw new AwsError('ResourceNotFoundException', `Could not find PermissionSet with PermissionSetArn ${arn}.`);
  return record;
}

/** Deletes a permission set and the role it was provisioned as, ending that role's sessions. */
export function deletePermissionSet(call: SignedCall, instanceArn: string, arn: string): void {
  const { state } = call.store;
  const record = findPermissionSet(state, instanceArn, arn);
  authoriseSso(call, 'DeletePermissionSet', arn);
  delete state.roles[record.roleName];
  for (const [id, key] of Object.entries(state.accessKeys)) {
    if (key.principal.kind === 'assumed-role' && key.principal.roleName === record.roleName) delete state.accessKeys[id];
  }
  delete permissionSetsOf(state)[arn];
}
