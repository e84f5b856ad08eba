// The resource types the sandbox's CloudFormation creates, by type name.
import { CERTIFICATE_AUTHORITY } from './acmPca.js';
import { IAM_ROLE } from './iam.js';
import { KMS_ALIAS, KMS_KEY } from './kms.js';
import type { ResourceType } from './resourceType.js';
import { S3_BUCKET, S3_BUCKET_POLICY } from './s3.js';
import { PERMISSION_SET } from './sso.js';

export const RESOURCE_TYPES: Record<string, ResourceType> = {
  'AWS::KMS::Key': KMS_KEY,
  'AWS::KMS::Alias': KMS_ALIAS,
  'AWS::IAM::Role': IAM_ROLE,
  'AWS::S3::Bucket': S3_BUCKET,
  'AWS::S3::BucketPolicy': S3_BUCKET_POLICY,
  'AWS::ACMPCA::CertificateAuthority': CERTIFICATE_AUTHORITY,
  'AWS::SSO::PermissionSet': PERMISSION_SET,
};
