// AWS::SSO::PermissionSet: a permission set of the account's Identity Center
// instance, provisioned to the account as its AWSReservedSSO_ role at once
// (ssoAdmin/permissionSets.ts). Ref: "<InstanceArn>|<PermissionSetArn>", its primary
// identifier; Fn::GetAtt: PermissionSetArn.
import { createPermissionSet, deletePermissionSet } from '../../ssoAdmin/permissionSets.js';
import { policyText, text, type ResourceType } from './resourceType.js';

export const PERMISSION_SET: ResourceType = {
  required: ['InstanceArn', 'Name'],
  optional: ['Description', 'SessionDuration', 'InlinePolicy'],
  attributes: ['PermissionSetArn'],
  async create(properties, { call }) {
    const instanceArn = text(properties, 'InstanceArn')!;
    const record = createPermissionSet(call, {
      instanceArn,
      name: text(properties, 'Name')!,
      description: text(properties, 'Description'),
      sessionDuration: text(properties, 'SessionDuration'),
      inlinePolicy: policyText(properties, 'InlinePolicy'),
    });
    return { physicalId: `${instanceArn}|${record.arn}`, attributes: { PermissionSetArn: record.arn } };
  },
  async delete(resource, { call }) {
    const [instanceArn, arn] = resource.physicalId!.split('|') as [string, string];
    deletePermissionSet(call, instanceArn, arn);
  },
};
