// The policy evaluator (policy/iamPolicy.ts) as the sandbox's services use it: the
// same evaluation, with a policy that cannot be read refused as KMS refuses one —
// MalformedPolicyDocumentException — so a handler answers it in its own protocol.
import { isAllowed as evaluate, parsePolicy as parse, MalformedPolicyError, type AuthorizationRequest, type Statement } from '../../policy/iamPolicy.js';
import { AwsError } from './awsError.js';

export type { Caller } from '../../policy/iamPolicy.js';

function asAwsError<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof MalformedPolicyError) throw new AwsError('MalformedPolicyDocumentException', error.message);
    throw error;
  }
}

/** Parses and checks a policy document; `requirePrincipal` for key and trust policies. */
export const parsePolicy = (text: string, requirePrincipal: boolean): Statement[] => asAwsError(() => parse(text, requirePrincipal));

/** The combined decision for a request against a resource policy and the caller's identity policies. */
export const isAllowed = (resourcePolicy: string | undefined, identityPolicies: string[], request: AuthorizationRequest): boolean =>
  asAwsError(() => evaluate(resourcePolicy, identityPolicies, request));
