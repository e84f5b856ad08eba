// What `signet admin` works with: the organisation configuration, an administrator's
// AWS credentials (an AWS profile, as the AWS CLI uses), KMS and Private CA clients
// on them, who the administrator is, and which Private CA issues Signet's
// certificates (named with --ca, or the organisation's only active subordinate CA).
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import type { KMSClient } from '@aws-sdk/client-kms';
import { fromIni } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { SignetError } from '../../shared/errors.js';
import { AcmPca } from '../aws/acmPca.js';
import { fromAwsError } from '../aws/awsErrors.js';
import { kmsClientFor, stsClientFor } from '../aws/clients.js';
import type { OrgConfig } from '../config/orgConfig.js';

/** An administrator's clients and who they are, before any Private CA is chosen. */
export interface AdminSession {
  config: OrgConfig;
  credentials: AwsCredentialIdentityProvider;
  kms: KMSClient;
  pca: AcmPca;
  /** The administrator as a key policy names them: a user or role ARN (not a session ARN). */
  administratorArn: string;
}

export interface AdminContext extends AdminSession {
  /** The Private CA that issues people's and teams' certificates. */
  caArn: string;
}

/** arn:aws:sts::ACCOUNT:assumed-role/NAME/SESSION → arn:aws:iam::ACCOUNT:role/NAME; other ARNs unchanged. */
export function principalOf(callerArn: string): string {
  const session = /^arn:(aws[\w-]*):sts::(\d{12}):assumed-role\/([^/]+)\/[^/]+$/.exec(callerArn);
  return session ? `arn:${session[1]}:iam::${session[2]}:role/${session[3]}` : callerArn;
}

export interface AdminOptions {
  profile?: string;
  /** The issuing CA's ARN, when the account has more than one. */
  ca?: string;
}

/** The administrator's clients on the AWS profile `profile`, and who the profile is. */
export async function adminSession(config: OrgConfig, profile: string | undefined): Promise<AdminSession> {
  const credentials: AwsCredentialIdentityProvider = fromIni({ profile });
  const pca = new AcmPca({ region: config.region, credentials, endpoint: config.endpoints?.acmPca ?? process.env.AWS_ENDPOINT_URL_ACM_PCA ?? process.env.AWS_ENDPOINT_URL });
  let callerArn: string;
  try {
    callerArn = (await stsClientFor(config, credentials).send(new GetCallerIdentityCommand({}))).Arn!;
  } catch (error) {
    throw fromAwsError(error, `finding who the AWS profile ${profile ?? 'default'} is`);
  }
  return { config, credentials, kms: kmsClientFor(config, credentials), pca, administratorArn: principalOf(callerArn) };
}

export async function adminContext(config: OrgConfig, options: AdminOptions): Promise<AdminContext> {
  const session = await adminSession(config, options.profile);
  return { ...session, caArn: options.ca ?? (await issuingCa(session.pca)) };
}

/** The account's only active subordinate Private CA; a SignetError saying what to do when there is none or several. */
export async function issuingCa(pca: AcmPca): Promise<string> {
  let all;
  try {
    all = await pca.listCertificateAuthorities();
  } catch (error) {
    throw fromAwsError(error, 'listing the Private CAs');
  }
  const active = all.filter((ca) => ca.Type === 'SUBORDINATE' && ca.Status === 'ACTIVE');
  if (active.length === 1) return active[0]!.Arn;
  throw new SignetError(
    'CONFIG_INVALID',
    active.length === 0
      ? 'This account has no active subordinate Private CA to issue certificates. Set one up (see docs/TRUST.md), then try again.'
      : `This account has ${active.length} active subordinate Private CAs. Name the one that issues Signet's certificates with --ca ARN.`,
  );
}
