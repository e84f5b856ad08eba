// The KMS calls `signet admin` makes, each turning an AWS failure into a SignetError
// that says what was being done.
import {
  CreateAliasCommand,
  CreateKeyCommand,
  DeleteAliasCommand,
  DescribeKeyCommand,
  DisableKeyCommand,
  GetPublicKeyCommand,
  ListAliasesCommand,
  ListResourceTagsCommand,
  PutKeyPolicyCommand,
  ScheduleKeyDeletionCommand,
  SignCommand,
  TagResourceCommand,
  UntagResourceCommand,
  type AliasListEntry,
  type KMSClient,
} from '@aws-sdk/client-kms';
import { awsErrorName, fromAwsError } from '../aws/awsErrors.js';

/** The tag on a KMS key that records the ARN of its current certificate. */
export const CERTIFICATE_TAG = 'signet:certificate';

async function attempt<T>(doing: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw fromAwsError(error, doing);
  }
}

/** The key ARN an alias (or ARN) names; undefined when there is no such key. */
export async function keyArnOf(kms: KMSClient, ref: string): Promise<string | undefined> {
  try {
    return (await kms.send(new DescribeKeyCommand({ KeyId: ref }))).KeyMetadata!.Arn!;
  } catch (error) {
    if (awsErrorName(error) === 'NotFoundException') return undefined;
    throw fromAwsError(error, `looking up ${ref}`);
  }
}

export const createSigningKey = (kms: KMSClient, description: string, policy: string, tags: Record<string, string>): Promise<string> =>
  attempt('creating the signing key', async () => {
    const out = await kms.send(
      new CreateKeyCommand({ KeySpec: 'ECC_NIST_P521', KeyUsage: 'SIGN_VERIFY', Description: description, Policy: policy, Tags: Object.entries(tags).map(([TagKey, TagValue]) => ({ TagKey, TagValue })) }),
    );
    return out.KeyMetadata!.Arn!;
  });

export const createAlias = (kms: KMSClient, alias: string, keyArn: string): Promise<unknown> => attempt(`naming the key ${alias}`, () => kms.send(new CreateAliasCommand({ AliasName: alias, TargetKeyId: keyArn })));

export const publicKeyOf = (kms: KMSClient, keyArn: string): Promise<Buffer> =>
  attempt(`reading the public key of ${keyArn}`, async () => Buffer.from((await kms.send(new GetPublicKeyCommand({ KeyId: keyArn }))).PublicKey!));

/** KMS Sign, ECDSA_SHA_512 over a SHA-512 digest. */
export const signDigest = (kms: KMSClient, keyArn: string, digest: Buffer): Promise<Buffer> =>
  attempt(`signing with ${keyArn}`, async () =>
    Buffer.from((await kms.send(new SignCommand({ KeyId: keyArn, Message: digest, MessageType: 'DIGEST', SigningAlgorithm: 'ECDSA_SHA_512' }))).Signature!),
  );

export const putKeyPolicy = (kms: KMSClient, keyArn: string, policy: string): Promise<unknown> =>
  attempt(`setting the key policy of ${keyArn}`, () => kms.send(new PutKeyPolicyCommand({ KeyId: keyArn, PolicyName: 'default', Policy: policy })));

export const tagKey = (kms: KMSClient, keyArn: string, key: string, value: string): Promise<unknown> =>
  attempt(`tagging ${keyArn}`, () => kms.send(new TagResourceCommand({ KeyId: keyArn, Tags: [{ TagKey: key, TagValue: value }] })));

export const untagKey = (kms: KMSClient, keyArn: string, key: string): Promise<unknown> =>
  attempt(`untagging ${keyArn}`, () => kms.send(new UntagResourceCommand({ KeyId: keyArn, TagKeys: [key] })));

export const tagsOf = (kms: KMSClient, keyArn: string): Promise<Record<string, string>> =>
  attempt(`reading the tags of ${keyArn}`, async () => Object.fromEntries(((await kms.send(new ListResourceTagsCommand({ KeyId: keyArn }))).Tags ?? []).map((t) => [t.TagKey!, t.TagValue!])));

export const disableKey = (kms: KMSClient, keyArn: string): Promise<unknown> => attempt(`disabling ${keyArn}`, () => kms.send(new DisableKeyCommand({ KeyId: keyArn })));

/** Undoes a half-made enrolment: the alias goes, the key is scheduled for deletion (7 days, KMS's shortest). */
export async function discardKey(kms: KMSClient, keyArn: string, alias: string): Promise<void> {
  await kms.send(new DeleteAliasCommand({ AliasName: alias })).catch(() => undefined);
  await kms.send(new ScheduleKeyDeletionCommand({ KeyId: keyArn, PendingWindowInDays: 7 })).catch(() => undefined);
}

/** Every alias whose name starts with `prefix`. */
export const aliasesUnder = (kms: KMSClient, prefix: string): Promise<AliasListEntry[]> =>
  attempt('listing the key aliases', async () => {
    const all: AliasListEntry[] = [];
    let marker: string | undefined;
    do {
      const page = await kms.send(new ListAliasesCommand({ Marker: marker }));
      all.push(...(page.Aliases ?? []).filter((a) => a.AliasName?.startsWith(prefix)));
      marker = page.Truncated ? page.NextMarker : undefined;
    } while (marker);
    return all;
  });
