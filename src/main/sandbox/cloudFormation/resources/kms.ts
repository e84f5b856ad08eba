// AWS::KMS::Key and AWS::KMS::Alias, made with KMS's own operations (CreateKey,
// DisableKey, CreateAlias; ScheduleKeyDeletion and DeleteAlias when deleted), so the
// key policy lockout check and every KMS error apply. Ref: the key id, the alias name;
// Fn::GetAtt: a key's Arn and KeyId.
import { KMS_OPERATIONS } from '../../kms/operations.js';
import { policyText, propertiesError, tags, text, type ResourceType } from './resourceType.js';

const kms = async (operation: string, input: Record<string, unknown>, call: Parameters<ResourceType['create']>[1]['call']): Promise<Record<string, unknown>> =>
  (await KMS_OPERATIONS[operation]!.run(input, call)) as Record<string, unknown>;

/** Drops absent members, as a request would not carry them. */
const present = (input: Record<string, unknown>): Record<string, unknown> => Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));

export const KMS_KEY: ResourceType = {
  required: [],
  optional: ['Description', 'KeySpec', 'KeyUsage', 'KeyPolicy', 'Enabled', 'Tags', 'PendingWindowInDays', 'BypassPolicyLockoutSafetyCheck'],
  attributes: ['Arn', 'KeyId'],
  async create(properties, { call, logicalId }) {
    const window = text(properties, 'PendingWindowInDays');
    if (window !== undefined && !(Number(window) >= 7 && Number(window) <= 30 && Number.isInteger(Number(window)))) {
      throw propertiesError(logicalId, `#/PendingWindowInDays: ${window} is not an integer from 7 to 30`);
    }
    const kmsTags = tags(properties).map((t) => ({ TagKey: t.Key, TagValue: t.Value }));
    const created = await kms(
      'CreateKey',
      present({
        Description: text(properties, 'Description'),
        KeySpec: text(properties, 'KeySpec'),
        KeyUsage: text(properties, 'KeyUsage'),
        Policy: policyText(properties, 'KeyPolicy'),
        Tags: kmsTags.length === 0 ? undefined : kmsTags,
        BypassPolicyLockoutSafetyCheck: properties.BypassPolicyLockoutSafetyCheck === true || properties.BypassPolicyLockoutSafetyCheck === 'true',
      }),
      call,
    );
    const { KeyId, Arn } = created.KeyMetadata as { KeyId: string; Arn: string };
    if (text(properties, 'Enabled') === 'false') await kms('DisableKey', { KeyId }, call);
    return { physicalId: KeyId, attributes: { Arn, KeyId } };
  },
  async delete(resource, { call }) {
    await kms('ScheduleKeyDeletion', { KeyId: resource.physicalId, PendingWindowInDays: Number(text(resource.properties, 'PendingWindowInDays') ?? 30) }, call);
  },
};

export const KMS_ALIAS: ResourceType = {
  required: ['AliasName', 'TargetKeyId'],
  optional: [],
  attributes: [],
  async create(properties, { call }) {
    const AliasName = text(properties, 'AliasName')!;
    await kms('CreateAlias', { AliasName, TargetKeyId: text(properties, 'TargetKeyId') }, call);
    return { physicalId: AliasName, attributes: {} };
  },
  async delete(resource, { call }) {
    await kms('DeleteAlias', { AliasName: resource.physicalId }, call);
  },
};
