// AWS::S3::Bucket and AWS::S3::BucketPolicy in the sandbox, whose buckets are folders
// (core/crlBucket.ts) that AWS Private CA publishes CRLs to. A bucket is authorised as
// s3:CreateBucket / s3:DeleteBucket by the caller's identity policies; S3 deletes only
// empty buckets, so a bucket holding CRLs fails to delete as in AWS. Its configuration
// properties (public access block, encryption, versioning, ownership) are recorded with
// the stack, not enforced. A bucket policy is checked as a resource policy and recorded.
// Ref: the bucket name; Fn::GetAtt: Arn, DomainName, RegionalDomainName.
import { AwsError } from '../../core/awsError.js';
import { bucketExists, createBucket, deleteBucket, isBucketName } from '../../core/crlBucket.js';
import { isAllowed, parsePolicy } from '../../core/policy.js';
import type { SignedCall } from '../../core/service.js';
import { generatedName, policyText, text, type ResourceType } from './resourceType.js';

const bucketArn = (name: string): string => `arn:aws:s3:::${name}`;

function authoriseS3(call: SignedCall, action: string, bucket: string): void {
  const resource = bucketArn(bucket);
  if (!isAllowed(undefined, call.caller.identityPolicies, { caller: call.caller, action, resource })) {
    throw new AwsError('AccessDenied', `User: ${call.caller.arn} is not authorized to perform: ${action} on resource: "${resource}" because no identity-based policy allows the ${action} action`, 403);
  }
}

export const S3_BUCKET: ResourceType = {
  required: [],
  optional: ['BucketName', 'Tags', 'PublicAccessBlockConfiguration', 'BucketEncryption', 'VersioningConfiguration', 'OwnershipControls'],
  attributes: ['Arn', 'DomainName', 'RegionalDomainName'],
  async create(properties, context) {
    const { call } = context;
    const name = text(properties, 'BucketName') ?? generatedName(context, 63, true);
    if (!isBucketName(name)) throw new AwsError('InvalidBucketName', 'The specified bucket is not valid.');
    authoriseS3(call, 's3:CreateBucket', name);
    if (!(await createBucket(call.store.dir, name))) throw new AwsError('BucketAlreadyOwnedByYou', `${name} already exists`, 409);
    const region = call.store.state.region;
    return { physicalId: name, attributes: { Arn: bucketArn(name), DomainName: `${name}.s3.amazonaws.com`, RegionalDomainName: `${name}.s3.${region}.amazonaws.com` } };
  },
  async delete(resource, { call }) {
    const name = resource.physicalId!;
    authoriseS3(call, 's3:DeleteBucket', name);
    if ((await deleteBucket(call.store.dir, name)) === 'not-empty') throw new AwsError('BucketNotEmpty', 'The bucket you tried to delete is not empty', 409);
  },
};

export const S3_BUCKET_POLICY: ResourceType = {
  required: ['Bucket', 'PolicyDocument'],
  optional: [],
  attributes: [],
  async create(properties, context) {
    const { call } = context;
    const bucket = text(properties, 'Bucket')!;
    authoriseS3(call, 's3:PutBucketPolicy', bucket);
    if (!(await bucketExists(call.store.dir, bucket))) throw new AwsError('NoSuchBucket', 'The specified bucket does not exist', 404);
    try {
      parsePolicy(policyText(properties, 'PolicyDocument')!, true);
    } catch (error) {
      if (error instanceof AwsError) throw new AwsError('MalformedPolicy', error.message);
      throw error;
    }
    return { physicalId: generatedName(context, 128), attributes: {} };
  },
  async delete(resource, { call }) {
    authoriseS3(call, 's3:DeleteBucketPolicy', text(resource.properties, 'Bucket')!);
  },
};
