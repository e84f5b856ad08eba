// KMS resource tags: TagResource, UntagResource and ListResourceTags, and the Tags
// member of CreateKey, with KMS's limits (keys of 1–128 characters, values of up to
// 256, at most 50 tags on a key, no "aws:" prefix) and its TagException for a bad
// tag. Signet's administration records a key's certificate ARN in the tag
// `signet:certificate` (docs/TRUST.md).
import { AwsError } from '../core/awsError.js';
import { staged, type Operation, type SignedCall } from '../core/service.js';
import type { KeyRecord } from '../core/state.js';
import { str, type Input } from './inputs.js';
import { authorize } from './keyPolicy.js';
import { requireNotPendingDeletion, resolveKey } from './keys.js';

const MAX_TAGS = 50;

export interface Tag {
  TagKey: string;
  TagValue: string;
}

/** The Tags member of a request (absent: none), checked as KMS checks it. */
export function parseTags(input: Input): Tag[] {
  const raw = input.Tags;
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) throw new AwsError('SerializationException', 'Tags must be a list.');
  return raw.map((tag: unknown) => {
    if (typeof tag !== 'object' || tag === null) throw new AwsError('SerializationException', 'Each tag must be an object.');
    const { TagKey, TagValue } = tag as Record<string, unknown>;
    if (typeof TagKey !== 'string' || typeof TagValue !== 'string') throw new AwsError('SerializationException', 'TagKey and TagValue must be strings.');
    if (TagKey.length < 1 || TagKey.length > 128 || TagValue.length > 256) throw new AwsError('TagException', `The tag ${TagKey.slice(0, 128)} is too long: keys are 1 to 128 characters and values at most 256.`);
    if (TagKey.toLowerCase().startsWith('aws:')) throw new AwsError('TagException', 'Tag keys beginning with aws: are reserved for AWS.');
    return { TagKey, TagValue };
  });
}

/** Sets `tags` on `key`, replacing the values of keys it has already. */
export function applyTags(key: KeyRecord, tags: Tag[]): void {
  const merged = new Map((key.tags ?? []).map((t) => [t.TagKey, t.TagValue]));
  for (const t of tags) merged.set(t.TagKey, t.TagValue);
  if (merged.size > MAX_TAGS) throw new AwsError('LimitExceededException', `A KMS key can have at most ${MAX_TAGS} tags.`);
  key.tags = [...merged].map(([TagKey, TagValue]) => ({ TagKey, TagValue }));
}

function onKeyById<P extends { keyId: string }>(action: string, parse: (input: Input) => P, act: (key: KeyRecord, request: P) => object | void): Operation<Input, object, SignedCall> {
  return staged({
    mutates: action !== 'kms:ListResourceTags',
    parse,
    authorise(request: P, call: SignedCall) {
      const key = resolveKey(call, request.keyId, { aliases: false });
      authorize(call, action, key);
      return { key, request };
    },
    act: ({ key, request }) => {
      requireNotPendingDeletion(key);
      return act(key, request) ?? {};
    },
    serialise: (result) => result,
  });
}

export const TAG_OPERATIONS = {
  TagResource: onKeyById('kms:TagResource', (input) => ({ keyId: str(input, 'KeyId', true), tags: parseTags(input) }), (key, { tags }) => applyTags(key, tags)),
  UntagResource: onKeyById(
    'kms:UntagResource',
    (input) => {
      const keys = input.TagKeys;
      if (!Array.isArray(keys) || keys.some((k) => typeof k !== 'string')) throw new AwsError('SerializationException', 'TagKeys must be a list of strings.');
      return { keyId: str(input, 'KeyId', true), tagKeys: keys as string[] };
    },
    (key, { tagKeys }) => {
      key.tags = (key.tags ?? []).filter((t) => !tagKeys.includes(t.TagKey));
    },
  ),
  ListResourceTags: onKeyById('kms:ListResourceTags', (input) => ({ keyId: str(input, 'KeyId', true) }), (key) => ({ Tags: key.tags ?? [], Truncated: false })),
};
