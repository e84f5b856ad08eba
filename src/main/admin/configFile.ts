// `signet admin config FILE`: the configuration staff receive, made from what the
// deployment has rather than typed by hand — the account (STS GetCallerIdentity), the
// sender and receiver roles (IAM GetRole), the organisation signing key and each
// recipient team's key (their aliases, resolved to key ARNs), and the root the issuing
// Private CA chains to (its SHA-256 and certificate). The text is checked with the same
// parser the app loads configurations with before it is written.
import { DescribeKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { fromIni } from '@aws-sdk/credential-providers';
import { SignetError } from '../../shared/errors.js';
import { AcmPca } from '../aws/acmPca.js';
import { awsErrorName, fromAwsError } from '../aws/awsErrors.js';
import { Iam } from '../aws/iamRoles.js';
import { parseOrgConfigWithWarnings, type OrgConfig, type OrgConfigInput } from '../config/orgConfig.js';
import { certificateSha256, parseCertificate } from '../pki/certificates.js';
import { issuingCa } from './adminContext.js';
import { pemCertificates } from './checkIssued.js';

/** The names the deployment gives the shared resources (docs/TRUST.md, "Keys and policies"). */
export const SENDER_ROLE = 'SignetSender';
export const RECEIVER_ROLE = 'SignetReceiver';
export const SIGNING_KEY_ALIAS = 'alias/signet-signing';
export const teamKeyAlias = (team: string): string => `alias/signet-${team.toLowerCase()}`;

export interface ConfigFileOptions {
  profile?: string;
  organisation: string;
  region: string;
  /** The Identity Center start URL people sign in at, and the permission set's name. */
  ssoStartUrl: string;
  permissionSet: string;
  /** The recipient teams, each with a key named alias/signet-TEAM. */
  teams: string[];
  /** One address for every service (the sandbox, or a proxy); AWS's own endpoints when absent. */
  endpoint?: string;
  /** The issuing CA's ARN, when the account has more than one. */
  ca?: string;
  /** Where IT publishes the trust file (trust.updates). */
  trustUpdates?: string;
}

async function keyArn(kms: KMSClient, alias: string, what: string): Promise<string> {
  try {
    return (await kms.send(new DescribeKeyCommand({ KeyId: alias }))).KeyMetadata!.Arn!;
  } catch (error) {
    if (awsErrorName(error) === 'NotFoundException') throw new SignetError('CONFIG_INVALID', `${what} (${alias}) does not exist in this account. Create it first (see README, "Deploying to AWS").`);
    throw fromAwsError(error, `looking up ${alias}`);
  }
}

async function roleArn(iam: Iam, name: string): Promise<string> {
  let role;
  try {
    role = await iam.getRole(name);
  } catch (error) {
    throw fromAwsError(error, `reading the role ${name}`);
  }
  if (role === undefined) throw new SignetError('CONFIG_INVALID', `The role ${name} does not exist in this account. Create it first (see README, "Deploying to AWS").`);
  return role.arn;
}

/** The root the issuing CA's chain ends at: its SHA-256 and PEM. */
async function rootOf(pca: AcmPca, caArn: string): Promise<{ rootSha256: string; rootCertificate: string }> {
  let chain: string;
  try {
    chain = (await pca.getCertificateAuthorityCertificate(caArn)).CertificateChain ?? '';
  } catch (error) {
    throw fromAwsError(error, `reading the certificate chain of ${caArn}`);
  }
  const last = pemCertificates(chain).map((pem) => parseCertificate(pem)).at(-1);
  if (last === undefined || last.subject !== last.issuer) throw new SignetError('CONFIG_INVALID', `The Private CA ${caArn} has no chain ending at a root certificate. Install its certificate signed by the offline root first.`);
  return { rootSha256: certificateSha256(last), rootCertificate: last.toString('pem') };
}

/** The configuration's text (with a trailing newline) and what it says, checked as the app checks it. */
export async function makeConfigFile(options: ConfigFileOptions): Promise<{ text: string; config: OrgConfig }> {
  if (options.teams.length === 0) throw new SignetError('USAGE', 'Name at least one recipient team with --recipient TEAM.');
  const credentials = fromIni({ profile: options.profile });
  const { region, endpoint } = options;
  const sts = new STSClient({ region, endpoint, credentials });
  const kms = new KMSClient({ region, endpoint, credentials });
  const pca = new AcmPca({ region, endpoint, credentials });
  const iam = new Iam({ credentials, endpoint });
  let accountId: string;
  try {
    accountId = (await sts.send(new GetCallerIdentityCommand({}))).Account!;
  } catch (error) {
    throw fromAwsError(error, `finding who the AWS profile ${options.profile ?? 'default'} is`);
  }
  const input: OrgConfigInput = {
    signet: 1,
    organisation: options.organisation,
    region,
    signIn: { sso: { startUrl: options.ssoStartUrl, region, accountId, roleName: options.permissionSet } },
    roles: { sender: await roleArn(iam, SENDER_ROLE), receiver: await roleArn(iam, RECEIVER_ROLE) },
    signingKey: await keyArn(kms, SIGNING_KEY_ALIAS, 'The organisation signing key'),
    recipients: [],
    trust: { ...(await rootOf(pca, options.ca ?? (await issuingCa(pca)))), updates: options.trustUpdates },
  };
  for (const name of options.teams) input.recipients.push({ name, key: await keyArn(kms, teamKeyAlias(name), `${name}'s recipient key`) });
  if (endpoint !== undefined) input.endpoints = { kms: endpoint, sts: endpoint, sso: endpoint, ssoOidc: endpoint, acmPca: endpoint };
  const text = `${JSON.stringify(input, null, 2)}\n`;
  return { text, config: parseOrgConfigWithWarnings(text, 'the configuration made from the deployment').config };
}
