// IAM Identity Center's admin API ("sso-admin") over AWS JSON 1.1
// (X-Amz-Target SWBExternalService.<Operation>, SigV4 name "sso"), read-only: the
// account's one instance and its permission sets — ListInstances, ListPermissionSets,
// DescribePermissionSet and GetInlinePolicyForPermissionSet — each authorised by the
// caller's identity policies (`sso:<Operation>`). Permission sets are made by
// CloudFormation (AWS::SSO::PermissionSet); `signet admin doctor` reads them here.
import { AwsError } from '../core/awsError.js';
import { awsJson11 } from '../core/protocols.js';
import type { Operation, Service, SignedCall } from '../core/service.js';
import { permissionSetsOf } from '../core/state.js';
import { str, type Input } from '../kms/inputs.js';
import { authoriseSso, findPermissionSet, ssoInstance } from './permissionSets.js';

type SsoAdminOperation = Operation<Input, object, SignedCall>;

/** MaxResults (1–100) and NextToken, an index this service gave out. */
function paging(input: Input): { max: number; start: number } {
  const max = input.MaxResults === undefined ? 100 : Number(input.MaxResults);
  if (!Number.isInteger(max) || max < 1 || max > 100) throw new AwsError('ValidationException', `1 validation error detected: Value '${String(input.MaxResults)}' at 'maxResults' failed to satisfy constraint: Member must have value between 1 and 100`);
  const token = str(input, 'NextToken');
  const start = token === undefined ? 0 : Number(token);
  if (!Number.isInteger(start) || start < 0) throw new AwsError('ValidationException', 'The NextToken is not one this service gave out.');
  return { max, start };
}

const seconds = (ms: number): number => ms / 1000;

export const SSO_ADMIN_OPERATIONS: Record<string, SsoAdminOperation> = {
  ListInstances: {
    mutates: false,
    run(input, call) {
      paging(input);
      const instance = ssoInstance(call.store.state);
      authoriseSso(call, 'ListInstances', '*');
      return {
        Instances: [{ InstanceArn: instance.instanceArn, IdentityStoreId: instance.identityStoreId, OwnerAccountId: call.store.state.accountId, Name: call.store.state.organisation, Status: 'ACTIVE' }],
      };
    },
  },

  ListPermissionSets: {
    mutates: false,
    run(input, call) {
      const instanceArn = str(input, 'InstanceArn', true);
      const { max, start } = paging(input);
      authoriseSso(call, 'ListPermissionSets', instanceArn);
      if (instanceArn !== ssoInstance(call.store.state).instanceArn) throw new AwsError('ResourceNotFoundException', `Instance ${instanceArn} does not exist.`);
      const arns = Object.values(permissionSetsOf(call.store.state)).sort((a, b) => a.createdAt - b.createdAt).map((s) => s.arn);
      return { PermissionSets: arns.slice(start, start + max), NextToken: start + max < arns.length ? String(start + max) : undefined };
    },
  },

  DescribePermissionSet: {
    mutates: false,
    run(input, call) {
      const instanceArn = str(input, 'InstanceArn', true);
      const arn = str(input, 'PermissionSetArn', true);
      authoriseSso(call, 'DescribePermissionSet', arn);
      const set = findPermissionSet(call.store.state, instanceArn, arn);
      return { PermissionSet: { Name: set.name, PermissionSetArn: set.arn, Description: set.description, CreatedDate: seconds(set.createdAt), SessionDuration: set.sessionDuration } };
    },
  },

  GetInlinePolicyForPermissionSet: {
    mutates: false,
    run(input, call) {
      const instanceArn = str(input, 'InstanceArn', true);
      const arn = str(input, 'PermissionSetArn', true);
      authoriseSso(call, 'GetInlinePolicyForPermissionSet', arn);
      return { InlinePolicy: findPermissionSet(call.store.state, instanceArn, arn).inlinePolicy ?? '' };
    },
  },
};

export const SSO_ADMIN_SERVICE: Service<Input, object, SignedCall> = {
  name: 'sso-admin',
  signingName: 'sso',
  protocol: awsJson11('SWBExternalService'),
  internalErrorCode: 'InternalServerException',
  operations: SSO_ADMIN_OPERATIONS,
};
