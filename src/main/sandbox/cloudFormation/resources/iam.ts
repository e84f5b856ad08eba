// AWS::IAM::Role, made with IAM's own operations (CreateRole, then PutRolePolicy for
// each of its Policies; DeleteRolePolicy and DeleteRole when deleted), so IAM's checks
// of names, paths and policy documents apply. A stack needs CAPABILITY_IAM to make one,
// CAPABILITY_NAMED_IAM when the template names it. Ref: the role name; Fn::GetAtt: Arn
// and RoleId.
import { AwsError } from '../../core/awsError.js';
import type { SignedCall } from '../../core/service.js';
import { IAM_OPERATIONS } from '../../iam/operations.js';
import { generatedName, policyText, tags, text, type Properties, type ResourceType } from './resourceType.js';

async function iam(operation: string, members: Record<string, string | undefined>, call: SignedCall): Promise<void> {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(members)) if (value !== undefined) params.set(name, value);
  await IAM_OPERATIONS[operation]!.run(params, call);
}

/** The role's inline policies: Policies, a list of { PolicyName, PolicyDocument }. */
function inlinePolicies(properties: Properties): { name: string; document: string }[] {
  const value = properties.Policies;
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new AwsError('ValidationError', 'Property Policies must be a list of { PolicyName, PolicyDocument }.');
  return value.map((policy) => {
    const members = (policy ?? {}) as Properties;
    return { name: text(members, 'PolicyName') ?? '', document: policyText(members, 'PolicyDocument') ?? '' };
  });
}

async function deleteRole(call: SignedCall, name: string): Promise<void> {
  const role = call.store.state.roles[name];
  for (const policyName of Object.keys(role?.inlinePolicies ?? {})) await iam('DeleteRolePolicy', { RoleName: name, PolicyName: policyName }, call);
  await iam('DeleteRole', { RoleName: name }, call);
}

export const IAM_ROLE: ResourceType = {
  required: ['AssumeRolePolicyDocument'],
  optional: ['RoleName', 'Path', 'Description', 'Policies', 'MaxSessionDuration', 'Tags'],
  attributes: ['Arn', 'RoleId'],
  capability: (properties) => (properties.RoleName === undefined ? 'CAPABILITY_IAM' : 'CAPABILITY_NAMED_IAM'),
  async create(properties, context) {
    const { call } = context;
    const name = text(properties, 'RoleName') ?? generatedName(context, 64);
    const policies = inlinePolicies(properties);
    const members: Record<string, string | undefined> = {
      RoleName: name,
      Path: text(properties, 'Path'),
      Description: text(properties, 'Description'),
      AssumeRolePolicyDocument: policyText(properties, 'AssumeRolePolicyDocument'),
      MaxSessionDuration: text(properties, 'MaxSessionDuration'),
    };
    tags(properties).forEach((tag, i) => {
      members[`Tags.member.${i + 1}.Key`] = tag.Key;
      members[`Tags.member.${i + 1}.Value`] = tag.Value;
    });
    await iam('CreateRole', members, call);
    try {
      for (const policy of policies) await iam('PutRolePolicy', { RoleName: name, PolicyName: policy.name, PolicyDocument: policy.document }, call);
    } catch (error) {
      // A role half made is no resource of the stack: take it away before reporting the failure.
      await deleteRole(call, name);
      throw error;
    }
    const role = call.store.state.roles[name]!;
    return { physicalId: name, attributes: { Arn: role.arn, RoleId: role.roleId } };
  },
  delete: (resource, { call }) => deleteRole(call, resource.physicalId!),
};
