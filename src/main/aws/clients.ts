// AWS SDK v3 clients for an organisation configuration: its region, and its service
// endpoints when it names them (the sandbox, or a VPC endpoint). Without endpoints
// in the configuration the SDK's own settings apply (AWS_ENDPOINT_URL_KMS, a
// profile's endpoint_url, or AWS itself).
import { KMSClient } from '@aws-sdk/client-kms';
import { SSOClient } from '@aws-sdk/client-sso';
import { SSOOIDCClient } from '@aws-sdk/client-sso-oidc';
import { STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import type { OrgConfig } from '../config/orgConfig.js';

type Credentials = AwsCredentialIdentity | AwsCredentialIdentityProvider;

function base(config: OrgConfig, service: keyof NonNullable<OrgConfig['endpoints']>, region = config.region) {
  return { region, endpoint: config.endpoints?.[service], maxAttempts: 4 };
}

export const kmsClientFor = (config: OrgConfig, credentials: Credentials): KMSClient => new KMSClient({ ...base(config, 'kms'), credentials });
export const stsClientFor = (config: OrgConfig, credentials: Credentials): STSClient => new STSClient({ ...base(config, 'sts'), credentials });

function ssoRegion(config: OrgConfig): string {
  return 'sso' in config.signIn ? config.signIn.sso.region : config.region;
}

export const ssoOidcClientFor = (config: OrgConfig): SSOOIDCClient => new SSOOIDCClient(base(config, 'ssoOidc', ssoRegion(config)));
export const ssoClientFor = (config: OrgConfig): SSOClient => new SSOClient(base(config, 'sso', ssoRegion(config)));
