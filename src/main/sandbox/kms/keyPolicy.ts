// KMS authorisation: the default key policy a new key gets, the check that a key
// policy (or, for calls on no key, an identity policy) allows the caller's action —
// with the key's tags as aws:ResourceTag/<key>, as KMS offers them to conditions — and
// KMS's lockout safety check on a new policy.
import { AwsError } from '../core/awsError.js';
import { isAllowed, parsePolicy } from '../core/policy.js';
import type { SignedCall } from '../core/service.js';
import type { KeyRecord } from '../core/state.js';

export const defaultKeyPolicy = (accountId: string): string =>
  JSON.stringify({
    Version: '2012-10-17',
    Id: 'key-default-1',
    Statement: [
      {
        Sid: 'Enable IAM User Permissions',
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${accountId}:root` },
        Action: 'kms:*',
        Resource: '*',
      },
    ],
  });

/** Throws AccessDeniedException unless `key`'s policy (or the caller's identity policies) allow `action`. */
export function authorize(call: SignedCall, action: string, key: KeyRecord | undefined, context: Record<string, string | undefined> = {}, resource?: string): void {
  const tags = Object.fromEntries((key?.tags ?? []).map((t) => [`aws:resourcetag/${t.TagKey.toLowerCase()}`, t.TagValue]));
  const request = { caller: call.caller, action, resource: resource ?? key?.arn ?? '*', context: { ...tags, ...context } };
  if (!isAllowed(key?.policy, call.caller.identityPolicies, request)) {
    const why = key ? 'because no resource-based policy allows the ' + action + ' action' : 'because no identity-based policy allows the ' + action + ' action';
    throw new AwsError('AccessDeniedException', `User: ${call.caller.arn} is not authorized to perform: ${action} on resource: ${request.resource} ${why}`);
  }
}

/** Refuses a policy that would stop the caller from changing it again, as KMS does. */
export function checkLockout(call: SignedCall, policy: string, resource: string, bypass: boolean): void {
  parsePolicy(policy, true);
  if (bypass) return;
  const request = { caller: call.caller, action: 'kms:PutKeyPolicy', resource, context: {} };
  if (!isAllowed(policy, call.caller.identityPolicies, request)) {
    throw new AwsError('MalformedPolicyDocumentException', 'The new key policy will not allow you to update the key policy in the future.');
  }
}
