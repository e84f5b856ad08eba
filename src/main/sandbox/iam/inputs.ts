// Reading an IAM Query request's parameters as IAM checks them: names and paths
// against the patterns and lengths in IAM's API model, tags as `Tags.member.N.Key`,
// and policy documents, which IAM refuses as MalformedPolicyDocument when they do not
// parse or put a Principal where none belongs (or leave it out of a trust policy).
import { MalformedPolicyError, parsePolicy } from '../../policy/iamPolicy.js';
import { AwsError } from '../core/awsError.js';

const NAME = /^[\w+=,.@-]+$/;
const PATH = /^(\/|\/[\u0021-\u007E]+\/)$/;
/** IAM's pattern for policy documents: tab, line feed, carriage return and U+0020–U+00FF. */
const documentCharacters = (text: string): boolean =>
  [...text].every((c) => c === '\t' || c === '\n' || c === '\r' || (c >= ' ' && c <= '\u00ff'));
const MAX_TAGS = 50;

export function iamValidation(field: string, value: string, rule: string): AwsError {
  return new AwsError('ValidationError', `1 validation error detected: Value '${value}' at '${field}' failed to satisfy constraint: ${rule}`);
}

/** A required parameter, present and non-empty. */
export function required(params: URLSearchParams, name: string): string {
  const value = params.get(name);
  if (value === null || value === '') throw iamValidation(name.charAt(0).toLowerCase() + name.slice(1), 'null', 'Member must not be null');
  return value;
}

/** A role or policy name: IAM's `[\w+=,.@-]+`, at most `max` characters. */
export function checkedName(params: URLSearchParams, parameter: 'RoleName' | 'PolicyName', max: number): string {
  const value = required(params, parameter);
  const field = parameter === 'RoleName' ? 'roleName' : 'policyName';
  if (value.length > max) throw iamValidation(field, value, `Member must have length less than or equal to ${max}`);
  if (!NAME.test(value)) throw iamValidation(field, value, 'Member must satisfy regular expression pattern: [\\w+=,.@-]+');
  return value;
}

/** A role path such as "/" or "/signet/": slashes at both ends, printable ASCII between. */
export function checkedPath(value: string | null): string {
  if (value === null) return '/';
  if (value.length > 512 || !PATH.test(value)) {
    throw iamValidation('path', value, 'Member must satisfy regular expression pattern: (\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)');
  }
  return value;
}

/** ListRoles' PathPrefix: a slash, then printable ASCII; "/" when absent. */
export function checkedPathPrefix(value: string | null): string {
  if (value === null) return '/';
  if (value.length > 512 || !/^\/[\u0021-\u007F]*$/.test(value)) {
    throw iamValidation('pathPrefix', value, 'Member must satisfy regular expression pattern: \\u002F[\\u0021-\\u007F]*');
  }
  return value;
}

/**
 * A policy document as IAM takes it. `trust` for a role's trust policy, which must
 * name a Principal; an identity (inline) policy must not.
 */
export function checkedPolicy(params: URLSearchParams, parameter: string, trust: boolean): string {
  const text = required(params, parameter);
  const field = parameter.charAt(0).toLowerCase() + parameter.slice(1);
  if (text.length > 131_072 || !documentCharacters(text)) throw iamValidation(field, text, 'Member must satisfy regular expression pattern: [\\u0009\\u000A\\u000D\\u0020-\\u00FF]+');
  let statements;
  try {
    statements = parsePolicy(text, trust);
  } catch (error) {
    if (error instanceof MalformedPolicyError) throw new AwsError('MalformedPolicyDocument', error.message);
    throw error;
  }
  if (!trust && statements.some((s) => s.Principal !== undefined)) throw new AwsError('MalformedPolicyDocument', 'Policy document should not specify a principal.');
  return text;
}

/** `Tags.member.N.Key` / `.Value` pairs, in order; [] when there are none. */
export function tagsFrom(params: URLSearchParams): { Key: string; Value: string }[] {
  const tags: { Key: string; Value: string }[] = [];
  for (let n = 1; params.has(`Tags.member.${n}.Key`); n++) {
    const Key = params.get(`Tags.member.${n}.Key`)!;
    const Value = params.get(`Tags.member.${n}.Value`) ?? '';
    if (Key.length < 1 || Key.length > 128) throw iamValidation(`tags.${n}.member.key`, Key, 'Member must have length between 1 and 128');
    if (Value.length > 256) throw iamValidation(`tags.${n}.member.value`, Value, 'Member must have length less than or equal to 256');
    if (Key.toLowerCase().startsWith('aws:')) throw new AwsError('InvalidInput', `The tag key ${Key} uses the reserved prefix aws:.`);
    tags.push({ Key, Value });
  }
  if (tags.length > MAX_TAGS) throw new AwsError('LimitExceeded', `A role can have at most ${MAX_TAGS} tags.`, 409);
  return tags;
}

/** MaxItems (1–1000, 100 by default) and Marker for IAM's list operations. */
export function page(params: URLSearchParams): { maxItems: number; start: number } {
  const raw = params.get('MaxItems');
  const maxItems = raw === null ? 100 : Number(raw);
  if (!Number.isInteger(maxItems) || maxItems < 1 || maxItems > 1000) throw iamValidation('maxItems', String(raw), 'Member must have value between 1 and 1000');
  const marker = params.get('Marker');
  const start = marker === null ? 0 : Number(Buffer.from(marker, 'base64url').toString('utf8'));
  if (!Number.isInteger(start) || start < 0) throw new AwsError('InvalidInput', 'The Marker is not one this service gave out.');
  return { maxItems, start };
}

export const markerFor = (index: number): string => Buffer.from(String(index), 'utf8').toString('base64url');
