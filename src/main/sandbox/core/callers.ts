// Who a set of credentials belongs to: an IAM user or a role session, with the ARN,
// unique id and identity policies that authorisation needs; and the administrator's
// call the sandbox makes its demo organisation with.
import type { Caller } from './policy.js';
import type { SignedCall } from './service.js';
import type { AccessKeyRecord, SandboxState, SandboxStore } from './state.js';

export interface ResolvedCaller extends Caller {
  identityPolicies: string[];
  accessKey: AccessKeyRecord;
}

export function resolveCaller(state: SandboxState, accessKey: AccessKeyRecord): ResolvedCaller {
  const p = accessKey.principal;
  if (p.kind === 'user') {
    const user = state.users[p.userName];
    if (!user) throw new Error(`access key ${accessKey.accessKeyId} names a missing user`);
    return { arn: user.arn, accountId: state.accountId, userId: user.userId, identityPolicies: user.policies, accessKey };
  }
  const role = state.roles[p.roleName];
  if (!role) throw new Error(`access key ${accessKey.accessKeyId} names a missing role`);
  return {
    arn: sessionArn(state.accountId, p.roleName, p.sessionName),
    accountId: state.accountId,
    roleArn: role.arn,
    userId: `${role.roleId}:${p.sessionName}`,
    sourceIdentity: p.sourceIdentity,
    identityPolicies: [...role.policies, ...Object.values(role.inlinePolicies ?? {})],
    accessKey,
  };
}

export const sessionArn = (accountId: string, roleName: string, sessionName: string): string =>
  `arn:aws:sts::${accountId}:assumed-role/${roleName}/${sessionName}`;

/** A call as the sandbox's administrator (the IAM user admin), for the sandbox setting itself up through its own operation tables. */
export function administratorCall(store: SandboxStore, baseUrl: string): SignedCall {
  const key = Object.values(store.state.accessKeys).find((k) => k.principal.kind === 'user' && k.principal.userName === 'admin');
  if (!key) throw new Error('the sandbox has no administrator');
  return { store, caller: resolveCaller(store.state, key), audit: {}, baseUrl };
}
