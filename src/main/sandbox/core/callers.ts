// Who a set of credentials belongs to: an IAM user or a role session, with the ARN,
// unique id and identity policies that authorisation needs.
import type { Caller } from './policy.js';
import type { AccessKeyRecord, SandboxState } from './state.js';

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
