// IAM over the AWS Query protocol, the role operations the Signet recipe and
// `signet admin doctor` need: CreateRole, GetRole, ListRoles, DeleteRole,
// UpdateAssumeRolePolicy, PutRolePolicy, GetRolePolicy, ListRolePolicies,
// DeleteRolePolicy and TagRole. Roles live in the same state as the demo
// organisation's (core/state.ts), so the policy evaluator enforces what is made here:
// a role's trust policy on sts:AssumeRole, its inline policies as identity policies.
// Each call is itself authorised by the caller's identity policies (`iam:` actions);
// names and errors are IAM's (docs/SANDBOX.md, "IAM").
import { AwsError } from '../core/awsError.js';
import { newRoleId } from '../core/ids.js';
import { escapeMarkup } from '../core/markup.js';
import { isAllowed } from '../core/policy.js';
import { awsQuery } from '../core/protocols.js';
import type { Operation, Service, SignedCall } from '../core/service.js';
import type { RoleRecord } from '../core/state.js';
import { checkedName, checkedPath, checkedPathPrefix, checkedPolicy, iamValidation, markerFor, page, tagsFrom } from './inputs.js';

const MAX_ROLE_TAGS = 50;

function element(name: string, value: string | undefined): string {
  return value === undefined ? '' : `<${name}>${escapeMarkup(value)}</${name}>`;
}

const isoSeconds = (ms: number): string => `${new Date(ms).toISOString().slice(0, 19)}Z`;

/** A Role element as IAM writes it; policy documents URL-encoded, as IAM returns them. */
function roleXml(role: RoleRecord): string {
  const tags = role.tags ?? [];
  return (
    element('Path', role.path) +
    element('RoleName', role.name) +
    element('RoleId', role.roleId) +
    element('Arn', role.arn) +
    element('CreateDate', isoSeconds(role.createdAt ?? 0)) +
    element('AssumeRolePolicyDocument', encodeURIComponent(role.trustPolicy)) +
    element('Description', role.description) +
    element('MaxSessionDuration', String(role.maxSessionDuration)) +
    (tags.length === 0 ? '' : `<Tags>${tags.map((t) => `<member>${element('Key', t.Key)}${element('Value', t.Value)}</member>`).join('')}</Tags>`)
  );
}

/** Refuses the call unless the caller's identity policies allow `action` on `resource`. */
function authorise({ caller, audit }: SignedCall, action: string, resource: string): void {
  audit.resource = resource;
  if (!isAllowed(undefined, caller.identityPolicies, { caller, action, resource })) {
    throw new AwsError('AccessDenied', `User: ${caller.arn} is not authorized to perform: ${action} on resource: ${resource} because no identity-based policy allows the ${action} action`, 403);
  }
}

/** The role IAM names `name` (role names are unique regardless of case); NoSuchEntity otherwise. */
function findRole(call: SignedCall, name: string): RoleRecord {
  const wanted = name.toLowerCase();
  const role = Object.values(call.store.state.roles).find((r) => r.name.toLowerCase() === wanted);
  if (!role) throw new AwsError('NoSuchEntity', `The role with name ${name} cannot be found.`, 404);
  return role;
}

/** Roles Identity Center made (under /aws-reserved/) are not IAM's to change. */
function modifiable(role: RoleRecord): RoleRecord {
  if (role.path.startsWith('/aws-reserved/')) {
    throw new AwsError('UnmodifiableEntity', `Cannot perform the operation on the protected role '${role.name}' - this role is only modifiable by AWS`);
  }
  return role;
}

const roleArn = (call: SignedCall, path: string, name: string): string => `arn:aws:iam::${call.store.state.accountId}:role${path}${name}`;

/** Authorises `action` on the role named `name`: its ARN if it exists, the ARN it would have at "/" if not. */
function authoriseOnRole(call: SignedCall, action: string, name: string): void {
  const existing = Object.values(call.store.state.roles).find((r) => r.name.toLowerCase() === name.toLowerCase());
  authorise(call, action, existing?.arn ?? roleArn(call, '/', name));
}

function createRole(params: URLSearchParams, call: SignedCall): string {
  const name = checkedName(params, 'RoleName', 64);
  const path = checkedPath(params.get('Path'));
  const arn = roleArn(call, path, name);
  authorise(call, 'iam:CreateRole', arn);
  const trustPolicy = checkedPolicy(params, 'AssumeRolePolicyDocument', true);
  const description = params.get('Description') ?? undefined;
  if (description !== undefined && description.length > 1000) throw iamValidation('description', description, 'Member must have length less than or equal to 1000');
  const rawDuration = params.get('MaxSessionDuration');
  const maxSessionDuration = rawDuration === null ? 3600 : Number(rawDuration);
  if (!Number.isInteger(maxSessionDuration) || maxSessionDuration < 3600 || maxSessionDuration > 43_200) {
    throw iamValidation('maxSessionDuration', String(rawDuration), 'Member must have value between 3600 and 43200');
  }
  if (params.has('PermissionsBoundary')) throw new AwsError('InvalidInput', 'The sandbox does not support permissions boundaries.');
  const tags = tagsFrom(params);
  if (tags.length > 0) authorise(call, 'iam:TagRole', arn);
  const { roles } = call.store.state;
  if (Object.values(roles).some((r) => r.name.toLowerCase() === name.toLowerCase())) {
    throw new AwsError('EntityAlreadyExists', `Role with name ${name} already exists.`, 409);
  }
  const role: RoleRecord = { name, path, arn, roleId: newRoleId(), trustPolicy, policies: [], inlinePolicies: {}, maxSessionDuration, createdAt: call.store.now(), description, tags };
  roles[name] = role;
  return `<CreateRoleResult><Role>${roleXml(role)}</Role></CreateRoleResult>`;
}

function getRole(params: URLSearchParams, call: SignedCall): string {
  const name = checkedName(params, 'RoleName', 64);
  authoriseOnRole(call, 'iam:GetRole', name);
  const role = findRole(call, name);
  return `<GetRoleResult><Role>${roleXml(role)}</Role></GetRoleResult>`;
}

function listRoles(params: URLSearchParams, call: SignedCall): string {
  const prefix = checkedPathPrefix(params.get('PathPrefix'));
  authorise(call, 'iam:ListRoles', roleArn(call, '/', '*'));
  const { maxItems, start } = page(params);
  const all = Object.values(call.store.state.roles)
    .filter((r) => r.path.startsWith(prefix))
    .sort((a, b) => a.name.localeCompare(b.name));
  const shown = all.slice(start, start + maxItems);
  const truncated = start + maxItems < all.length;
  return (
    `<ListRolesResult><Roles>${shown.map((r) => `<member>${roleXml({ ...r, tags: [] })}</member>`).join('')}</Roles>` +
    `<IsTruncated>${truncated}</IsTruncated>${truncated ? element('Marker', markerFor(start + maxItems)) : ''}</ListRolesResult>`
  );
}

function deleteRole(params: URLSearchParams, call: SignedCall): string {
  const name = checkedName(params, 'RoleName', 64);
  authoriseOnRole(call, 'iam:DeleteRole', name);
  const role = modifiable(findRole(call, name));
  if (role.policies.length > 0 || Object.keys(role.inlinePolicies ?? {}).length > 0) {
    throw new AwsError('DeleteConflict', 'Cannot delete entity, must delete policies first.', 409);
  }
  const { state } = call.store;
  delete state.roles[role.name];
  // A deleted role's sessions end with it (a role made again under the name is another role).
  for (const [id, key] of Object.entries(state.accessKeys)) {
    if (key.principal.kind === 'assumed-role' && key.principal.roleName === role.name) delete state.accessKeys[id];
  }
  return '';
}

function updateAssumeRolePolicy(params: URLSearchParams, call: SignedCall): string {
  const name = checkedName(params, 'RoleName', 64);
  authoriseOnRole(call, 'iam:UpdateAssumeRolePolicy', name);
  const policy = checkedPolicy(params, 'PolicyDocument', true);
  modifiable(findRole(call, name)).trustPolicy = policy;
  return '';
}

function putRolePolicy(params: URLSearchParams, call: SignedCall): string {
  const name = checkedName(params, 'RoleName', 64);
  const policyName = checkedName(params, 'PolicyName', 128);
  authoriseOnRole(call, 'iam:PutRolePolicy', name);
  const policy = checkedPolicy(params, 'PolicyDocument', false);
  const role = modifiable(findRole(call, name));
  role.inlinePolicies = { ...role.inlinePolicies, [policyName]: policy };
  return '';
}

function inlinePolicy(role: RoleRecord, policyName: string): string {
  const policies = role.inlinePolicies ?? {};
  if (!Object.hasOwn(policies, policyName)) throw new AwsError('NoSuchEntity', `The role policy with name ${policyName} cannot be found.`, 404);
  return policies[policyName]!;
}

function getRolePolicy(params: URLSearchParams, call: SignedCall): string {
  const name = checkedName(params, 'RoleName', 64);
  const policyName = checkedName(params, 'PolicyName', 128);
  authoriseOnRole(call, 'iam:GetRolePolicy', name);
  const role = findRole(call, name);
  const policy = inlinePolicy(role, policyName);
  return `<GetRolePolicyResult>${element('RoleName', role.name)}${element('PolicyName', policyName)}${element('PolicyDocument', encodeURIComponent(policy))}</GetRolePolicyResult>`;
}

function listRolePolicies(params: URLSearchParams, call: SignedCall): string {
  const name = checkedName(params, 'RoleName', 64);
  authoriseOnRole(call, 'iam:ListRolePolicies', name);
  const { maxItems, start } = page(params);
  const names = Object.keys(findRole(call, name).inlinePolicies ?? {}).sort();
  const truncated = start + maxItems < names.length;
  return (
    `<ListRolePoliciesResult><PolicyNames>${names.slice(start, start + maxItems).map((n) => `<member>${escapeMarkup(n)}</member>`).join('')}</PolicyNames>` +
    `<IsTruncated>${truncated}</IsTruncated>${truncated ? element('Marker', markerFor(start + maxItems)) : ''}</ListRolePoliciesResult>`
  );
}

function deleteRolePolicy(params: URLSearchParams, call: SignedCall): string {
  const name = checkedName(params, 'RoleName', 64);
  const policyName = checkedName(params, 'PolicyName', 128);
  authoriseOnRole(call, 'iam:DeleteRolePolicy', name);
  const role = modifiable(findRole(call, name));
  inlinePolicy(role, policyName);
  delete role.inlinePolicies![policyName];
  return '';
}

function tagRole(params: URLSearchParams, call: SignedCall): string {
  const name = checkedName(params, 'RoleName', 64);
  authoriseOnRole(call, 'iam:TagRole', name);
  const given = tagsFrom(params);
  if (given.length === 0) throw iamValidation('tags', '[]', 'Member must have length greater than or equal to 1');
  const role = findRole(call, name);
  const tags = [...(role.tags ?? [])];
  for (const tag of given) {
    const at = tags.findIndex((t) => t.Key === tag.Key);
    if (at >= 0) tags[at] = tag;
    else tags.push(tag);
  }
  if (tags.length > MAX_ROLE_TAGS) throw new AwsError('LimitExceeded', `A role can have at most ${MAX_ROLE_TAGS} tags.`, 409);
  role.tags = tags;
  return '';
}

export const IAM_OPERATIONS: Record<string, Operation<URLSearchParams, string, SignedCall>> = {
  CreateRole: { mutates: true, run: createRole },
  GetRole: { mutates: false, run: getRole },
  ListRoles: { mutates: false, run: listRoles },
  DeleteRole: { mutates: true, run: deleteRole },
  UpdateAssumeRolePolicy: { mutates: true, run: updateAssumeRolePolicy },
  PutRolePolicy: { mutates: true, run: putRolePolicy },
  GetRolePolicy: { mutates: false, run: getRolePolicy },
  ListRolePolicies: { mutates: false, run: listRolePolicies },
  DeleteRolePolicy: { mutates: true, run: deleteRolePolicy },
  TagRole: { mutates: true, run: tagRole },
};

export const IAM_SERVICE: Service<URLSearchParams, string, SignedCall> = {
  name: 'iam',
  signingName: 'iam',
  protocol: awsQuery('2010-05-08', 'https://iam.amazonaws.com/doc/2010-05-08/'),
  internalErrorCode: 'ServiceFailure',
  operations: IAM_OPERATIONS,
};
