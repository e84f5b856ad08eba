// IAM policy evaluation for the statements the Signet recipe uses: key policies and
// trust policies (resource policies with a Principal) and identity policies, with
// Allow/Deny, action and resource wildcards, the string, ARN, Bool and Null
// condition operators, and policy variables (${aws:userid}, ${sts:SourceIdentity}, …)
// in condition values of version 2012-10-17 policies. Evaluation follows AWS: an explicit Deny anywhere wins; a
// resource policy that names the caller allows on its own; one that names the
// account only delegates to the caller's identity policies. The sandbox enforces
// policies with it (sandbox/core/policy.ts); `signet admin doctor` judges a
// deployment's policies with it.

/** A policy this evaluator cannot read: not JSON, not a policy, or using what it does not support. */
export class MalformedPolicyError extends Error {
  override readonly name = 'MalformedPolicyError';
}

export interface Caller {
  /** The ARN the caller acts as (user ARN or assumed-role session ARN). */
  arn: string;
  accountId: string;
  /** For a role session, the role's ARN (what a policy names as Principal). */
  roleArn?: string;
  userId: string;
  sourceIdentity?: string;
}

export interface AuthorizationRequest {
  caller: Caller;
  action: string;
  resource: string;
  /** Extra condition keys for this request (lower-case names), e.g. kms:signingalgorithm. */
  context?: Record<string, string | undefined>;
}

export interface Statement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Principal?: unknown;
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  NotResource?: string | string[];
  Condition?: Record<string, Record<string, string | string[] | boolean>>;
  /** The policy's Version: only 2012-10-17 policies have variables. Not a policy field. */
  policyVersion?: string;
}

const OPERATORS = new Set([
  'StringEquals',
  'StringNotEquals',
  'StringEqualsIgnoreCase',
  'StringNotEqualsIgnoreCase',
  'StringLike',
  'StringNotLike',
  'ArnEquals',
  'ArnLike',
  'ArnNotEquals',
  'ArnNotLike',
  'Bool',
  'Null',
]);

export const MAX_POLICY_LENGTH = 32_768;

function malformed(message: string): MalformedPolicyError {
  return new MalformedPolicyError(message);
}

function list(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** Parses and checks a policy document; `requirePrincipal` for key and trust policies. */
export function parsePolicy(text: string, requirePrincipal: boolean): Statement[] {
  if (text.length > MAX_POLICY_LENGTH) throw malformed(`The policy is longer than ${MAX_POLICY_LENGTH} characters.`);
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw malformed('The policy is not valid JSON.');
  }
  if (typeof doc !== 'object' || doc === null || !('Statement' in doc)) throw malformed('The policy has no Statement.');
  const raw = (doc as { Statement: unknown }).Statement;
  const statements = Array.isArray(raw) ? raw : [raw];
  if (statements.length === 0) throw malformed('The policy has an empty Statement list.');
  const version = (doc as { Version?: unknown }).Version;
  return statements.map((s, i) => ({ ...checkStatement(s, i, requirePrincipal), policyVersion: typeof version === 'string' ? version : undefined }));
}

function checkStatement(s: unknown, index: number, requirePrincipal: boolean): Statement {
  const where = `Statement ${index + 1}`;
  if (typeof s !== 'object' || s === null || Array.isArray(s)) throw malformed(`${where} is not an object.`);
  const st = s as Record<string, unknown>;
  if (st.Effect !== 'Allow' && st.Effect !== 'Deny') throw malformed(`${where} has an Effect other than Allow or Deny.`);
  if (requirePrincipal && st.Principal === undefined) throw malformed(`${where} has no Principal.`);
  if ('NotPrincipal' in st) throw malformed(`${where} uses NotPrincipal, which the sandbox does not support.`);
  if (st.Action === undefined && st.NotAction === undefined) throw malformed(`${where} has no Action.`);
  for (const field of ['Action', 'NotAction', 'Resource', 'NotResource'] as const) {
    const v = st[field];
    if (v !== undefined && typeof v !== 'string' && !(Array.isArray(v) && v.every((x) => typeof x === 'string'))) {
      throw malformed(`${where} has a ${field} that is not a string or a list of strings.`);
    }
  }
  if (st.Condition !== undefined) {
    if (typeof st.Condition !== 'object' || st.Condition === null) throw malformed(`${where} has a malformed Condition.`);
    for (const [op, block] of Object.entries(st.Condition)) {
      const base = op.endsWith('IfExists') ? op.slice(0, -'IfExists'.length) : op;
      if (!OPERATORS.has(base)) throw malformed(`${where} uses the condition operator ${op}, which the sandbox does not support.`);
      if (typeof block !== 'object' || block === null) throw malformed(`${where} has a malformed ${op} condition.`);
    }
  }
  return st as unknown as Statement;
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const globPart = (pattern: string): string => escapeRegExp(pattern).replace(/\\\*/g, '.*').replace(/\\\?/g, '.');

function globToRegExp(pattern: string, flags: string): RegExp {
  return new RegExp(`^${globPart(pattern)}$`, flags);
}

const globMatch = (pattern: string, value: string, ignoreCase = false): boolean =>
  globToRegExp(pattern, ignoreCase ? 'is' : 's').test(value);

/** `${*}`, `${?}` and `${$}` stand for the character itself, never a wildcard. */
const ESCAPES: Record<string, string> = { '*': '*', '?': '?', $: '$' };
const VARIABLE = /\$\{([^}]*)\}/g;

/**
 * A condition value with its policy variables replaced, as a literal string (for the
 * Equals operators) and as a pattern (for the Like operators, where a replaced value
 * matches only itself); undefined when a variable has no value and no default, which
 * makes the statement not apply, as in AWS.
 */
function withVariables(value: string, request: AuthorizationRequest): { text: string; pattern: string } | undefined {
  let text = '';
  let pattern = '';
  let last = 0;
  for (const match of value.matchAll(VARIABLE)) {
    const before = value.slice(last, match.index);
    text += before;
    pattern += globPart(before);
    last = match.index + match[0].length;
    const inner = match[1]!.trim();
    const [key, fallback] = inner.split(/\s*,\s*/, 2) as [string, string | undefined];
    const resolved = ESCAPES[inner] ?? contextValue(request, key) ?? fallback?.match(/^'(.*)'$/)?.[1];
    if (resolved === undefined) return undefined;
    text += resolved;
    pattern += escapeRegExp(resolved);
  }
  const rest = value.slice(last);
  return { text: text + rest, pattern: pattern + globPart(rest) };
}

type PrincipalMatch = 'none' | 'explicit' | 'account';

function matchPrincipal(principal: unknown, caller: Caller): PrincipalMatch {
  if (principal === '*') return 'explicit';
  if (typeof principal !== 'object' || principal === null) return 'none';
  const aws = (principal as { AWS?: string | string[] }).AWS;
  let result: PrincipalMatch = 'none';
  for (const p of list(aws)) {
    if (p === '*') return 'explicit';
    if (p === caller.accountId || p === `arn:aws:iam::${caller.accountId}:root`) {
      result = 'account';
      continue;
    }
    if (p === caller.arn || (caller.roleArn !== undefined && p === caller.roleArn)) return 'explicit';
  }
  return result;
}

function contextValue(request: AuthorizationRequest, key: string): string | undefined {
  const k = key.toLowerCase();
  const { caller } = request;
  switch (k) {
    case 'aws:principalarn':
      return caller.roleArn ?? caller.arn;
    case 'aws:principalaccount':
      return caller.accountId;
    case 'aws:userid':
      return caller.userId;
    case 'aws:sourceidentity':
      return caller.sourceIdentity;
    case 'kms:calleraccount':
      return caller.accountId;
    default:
      return request.context?.[k];
  }
}

function conditionHolds(op: string, block: Record<string, string | string[] | boolean>, request: AuthorizationRequest, variables: boolean): boolean {
  const ifExists = op.endsWith('IfExists');
  const base = ifExists ? op.slice(0, -'IfExists'.length) : op;
  const negated = base.includes('Not');
  for (const [key, expected] of Object.entries(block)) {
    const written = (Array.isArray(expected) ? expected : [expected]).map(String);
    const resolved = written.map((v) => (variables ? withVariables(v, request) : { text: v, pattern: globPart(v) }));
    if (resolved.some((v) => v === undefined)) return false;
    const values = resolved.map((v) => v!.text);
    const patterns = resolved.map((v) => v!.pattern);
    const actual = contextValue(request, key);
    if (base === 'Null') {
      if (!values.some((v) => (v === 'true') === (actual === undefined))) return false;
      continue;
    }
    if (actual === undefined) {
      if (ifExists || negated) continue;
      return false;
    }
    const one = (v: string, i: number): boolean => {
      switch (base) {
        case 'StringEquals':
        case 'StringNotEquals':
        case 'ArnEquals':
        case 'ArnNotEquals':
          return v === actual;
        case 'StringEqualsIgnoreCase':
        case 'StringNotEqualsIgnoreCase':
          return v.toLowerCase() === actual.toLowerCase();
        case 'StringLike':
        case 'StringNotLike':
        case 'ArnLike':
        case 'ArnNotLike':
          return new RegExp(`^${patterns[i]}$`, 's').test(actual);
        case 'Bool':
          return v.toLowerCase() === actual.toLowerCase();
        default:
          return false;
      }
    };
    const anyMatch = values.some(one);
    if (negated ? anyMatch : !anyMatch) return false;
  }
  return true;
}

function statementApplies(st: Statement, request: AuthorizationRequest): boolean {
  const action = request.action;
  if (st.Action !== undefined && !list(st.Action).some((a) => globMatch(a, action, true))) return false;
  if (st.NotAction !== undefined && list(st.NotAction).some((a) => globMatch(a, action, true))) return false;
  if (st.Resource !== undefined && !list(st.Resource).some((r) => globMatch(r, request.resource))) return false;
  if (st.NotResource !== undefined && list(st.NotResource).some((r) => globMatch(r, request.resource))) return false;
  for (const [op, block] of Object.entries(st.Condition ?? {})) {
    if (!conditionHolds(op, block, request, st.policyVersion === '2012-10-17')) return false;
  }
  return true;
}

export type ResourceVerdict = 'deny' | 'allow' | 'delegate' | 'none';

/** Evaluates a key or trust policy: `delegate` means the account is named, so IAM decides. */
export function evaluateResourcePolicy(policyText: string, request: AuthorizationRequest): ResourceVerdict {
  let verdict: ResourceVerdict = 'none';
  for (const st of parsePolicy(policyText, true)) {
    const principal = matchPrincipal(st.Principal, request.caller);
    if (principal === 'none' || !statementApplies(st, request)) continue;
    if (st.Effect === 'Deny') return 'deny';
    if (principal === 'explicit') verdict = 'allow';
    else if (verdict === 'none') verdict = 'delegate';
  }
  return verdict;
}

export type IdentityVerdict = 'deny' | 'allow' | 'none';

export function evaluateIdentityPolicies(policies: string[], request: AuthorizationRequest): IdentityVerdict {
  let verdict: IdentityVerdict = 'none';
  for (const text of policies) {
    for (const st of parsePolicy(text, false)) {
      if (!statementApplies(st, request)) continue;
      if (st.Effect === 'Deny') return 'deny';
      verdict = 'allow';
    }
  }
  return verdict;
}

/** The combined decision for a request against a resource policy and the caller's identity policies. */
export function isAllowed(resourcePolicy: string | undefined, identityPolicies: string[], request: AuthorizationRequest): boolean {
  const identity = evaluateIdentityPolicies(identityPolicies, request);
  if (identity === 'deny') return false;
  if (resourcePolicy === undefined) return identity === 'allow';
  const resource = evaluateResourcePolicy(resourcePolicy, request);
  if (resource === 'deny') return false;
  if (resource === 'allow') return true;
  return resource === 'delegate' && identity === 'allow';
}
