// `signet admin config FILE`: the configuration staff receive, made from what the
// deployment has rather than typed by hand — the account (STS GetCallerIdentity); the
// roles, keys, teams, permission set and issuing CA from the outputs of the stack made
// from deploy/signet.yaml (or, for a deployment made by hand, by their names: IAM
// GetRole, key aliases); the root the issuing Private CA chains to (its SHA-256 and
// certificate); the report-signing key with its certificate; and the time-stamping
// authority and trust file address the administrator names. The text is checked with the same
// parser the app loads configurations with before it is written.
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
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
import { REPORT_KEY_ALIAS } from './certifyTeam.js';
import { CERTIFICATE_TAG, keyArnOf, tagsOf } from './kmsAdmin.js';
import { pemCertificates } from './checkIssued.js';

/** The names the deployment gives the shared resources (docs/TRUST.md, "Keys and policies"). */
export const SENDER_ROLE = 'SignetSender';
export const RECEIVER_ROLE = 'SignetReceiver';
export const SIGNING_KEY_ALIAS = 'alias/signet-signing';
export const teamKeyAlias = (team: string): string => `alias/signet-${team.toLowerCase()}`;

export interface ConfigFileOptions {
  profile?: string;
  region: string;
  /** The Identity Center start URL people sign in at. */
  ssoStartUrl: string;
  /** The CloudFormation stack made from deploy/signet.yaml: its outputs name everything below. */
  stack?: string;
  /** Without a stack: the organisation's name, the permission set and the recipient teams (each with a key named alias/signet-TEAM). */
  organisation?: string;
  permissionSet?: string;
  teams?: string[];
  /** One address for every service (the sandbox, or a proxy); AWS's own endpoints when absent. */
  endpoint?: string;
  /** The issuing CA's ARN, when the account has more than one (and no stack names it). */
  ca?: string;
  /** Where IT publishes the trust file (trust.updates). */
  trustUpdates?: string;
  /** The RFC 3161 time-stamping authority every seal asks (trust.timestamps). */
  timestamps?: string;
}

/** What the configuration names, found in the account. */
interface Deployment {
  organisation: string;
  permissionSet: string;
  sender: string;
  receiver: string;
  signingKey: string;
  recipients: { name: string; key: string }[];
  caArn?: string;
  reportKey?: string;
}

async function keyArn(kms: KMSClient, alias: string, what: string): Promise<string> {
  try {
    return (await kms.send(new DescribeKeyCommand({ KeyId: alias }))).KeyMetadata!.Arn!;
  } catch (error) {
    if (awsErrorName(error) === 'NotFoundException') throw new SignetError('CONFIG_INVALID', `${what} (${alias}) does not exist in this account. Create it first (see docs/DEPLOYMENT.md).`);
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
  if (role === undefined) throw new SignetError('CONFIG_INVALID', `The role ${name} does not exist in this account. Create it first (see docs/DEPLOYMENT.md).`);
  return role.arn;
}

/** The deployment as a stack made from deploy/signet.yaml describes it in its outputs. */
async function fromStack(cloudFormation: CloudFormationClient, stack: string): Promise<Deployment> {
  let found;
  try {
    found = (await cloudFormation.send(new DescribeStacksCommand({ StackName: stack }))).Stacks?.[0];
  } catch (error) {
    if (awsErrorName(error) === 'ValidationError') throw new SignetError('CONFIG_INVALID', `There is no CloudFormation stack named ${stack} in this account and region. Deploy deploy/signet.yaml first (docs/DEPLOYMENT.md), or check --stack and --region.`);
    throw fromAwsError(error, `reading the stack ${stack}`);
  }
  if (found === undefined || !/_COMPLETE$/.test(found.StackStatus ?? '') || /ROLLBACK|DELETE/.test(found.StackStatus ?? '')) {
    throw new SignetError('CONFIG_INVALID', `The stack ${stack} is ${found?.StackStatus ?? 'missing'}, not created. Look at its events (aws cloudformation describe-stack-events --stack-name ${stack}) and deploy it again.`);
  }
  const outputs = Object.fromEntries((found.Outputs ?? []).map((o) => [o.OutputKey!, o.OutputValue!]));
  const output = (key: string): string => {
    const value = outputs[key];
    if (value === undefined) throw new SignetError('CONFIG_INVALID', `The stack ${stack} has no output ${key}: it was not made from deploy/signet.yaml, or from an older version of it.`);
    return value;
  };
  const recipients = Object.keys(outputs)
    .filter((key) => key.endsWith('TeamName') && outputs[`${key.slice(0, -'Name'.length)}KeyArn`] !== undefined)
    .map((key) => ({ name: outputs[key]!, key: outputs[`${key.slice(0, -'Name'.length)}KeyArn`]! }));
  return {
    organisation: output('OrganisationName'),
    permissionSet: output('PermissionSetName'),
    sender: output('SenderRoleArn'),
    receiver: output('ReceiverRoleArn'),
    signingKey: output('OrganisationKeyArn'),
    recipients,
    caArn: output('IssuingCaArn'),
    reportKey: output('ReportKeyArn'),
  };
}

/** The deployment found by the names docs/DEPLOYMENT.md gives, for one set up by hand. */
async function fromNames(kms: KMSClient, iam: Iam, options: ConfigFileOptions): Promise<Deployment> {
  if (options.organisation === undefined) throw new SignetError('USAGE', 'signet admin config needs --stack NAME, or --organisation NAME with --recipient TEAM….');
  const teams = options.teams ?? [];
  if (teams.length === 0) throw new SignetError('USAGE', 'Name at least one recipient team with --recipient TEAM.');
  const recipients = [];
  for (const name of teams) recipients.push({ name, key: await keyArn(kms, teamKeyAlias(name), `${name}'s recipient key`) });
  return {
    organisation: options.organisation,
    permissionSet: options.permissionSet ?? 'SignetUser',
    sender: await roleArn(iam, SENDER_ROLE),
    receiver: await roleArn(iam, RECEIVER_ROLE),
    signingKey: await keyArn(kms, SIGNING_KEY_ALIAS, 'The organisation signing key'),
    recipients,
    reportKey: await keyArnOf(kms, REPORT_KEY_ALIAS),
  };
}

/** The report-signing key and its certificate (the key's signet:certificate tag), when it has one. */
async function reportSigning(kms: KMSClient, pca: AcmPca, caArn: string, key: string | undefined): Promise<{ key: string; certificate: string } | undefined> {
  if (key === undefined) return undefined;
  const certificateArn = (await tagsOf(kms, key))[CERTIFICATE_TAG];
  if (certificateArn === undefined) return undefined;
  try {
    return { key, certificate: (await pca.getCertificate(caArn, certificateArn)).Certificate };
  } catch (error) {
    throw fromAwsError(error, `reading the report-signing certificate ${certificateArn}`);
  }
}

/** The root the issuing CA's chain ends at: its SHA-256 and PEM. */
async function rootOf(pca: AcmPca, caArn: string): Promise<{ rootSha256: string; rootCertificate: string }> {
  let chain: string;
  try {
    chain = (await pca.getCertificateAuthorityCertificate(caArn)).CertificateChain ?? '';
  } catch (error) {
    if (awsErrorName(error) === 'InvalidStateException') throw new SignetError('CONFIG_INVALID', `The Private CA ${caArn} has no certificate yet. Hold the root ceremony first (docs/DEPLOYMENT.md), then run this again.`);
    throw fromAwsError(error, `reading the certificate chain of ${caArn}`);
  }
  const last = pemCertificates(chain).map((pem) => parseCertificate(pem)).at(-1);
  if (last === undefined || last.subject !== last.issuer) throw new SignetError('CONFIG_INVALID', `The Private CA ${caArn} has no chain ending at a root certificate. Install its certificate signed by the offline root first.`);
  return { rootSha256: certificateSha256(last), rootCertificate: last.toString('pem') };
}

/** The configuration's text (with a trailing newline), what it says, and notes for the administrator; checked as the app checks it. */
export async function makeConfigFile(options: ConfigFileOptions): Promise<{ text: string; config: OrgConfig; notes: string[] }> {
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
  const deployment = options.stack === undefined ? await fromNames(kms, iam, options) : await fromStack(new CloudFormationClient({ region, endpoint, credentials }), options.stack);
  const caArn = options.ca ?? deployment.caArn ?? (await issuingCa(pca));
  const reports = await reportSigning(kms, pca, caArn, deployment.reportKey);
  const input: OrgConfigInput = {
    signet: 1,
    organisation: deployment.organisation,
    region,
    signIn: { sso: { startUrl: options.ssoStartUrl, region, accountId, roleName: deployment.permissionSet } },
    roles: { sender: deployment.sender, receiver: deployment.receiver },
    signingKey: deployment.signingKey,
    recipients: deployment.recipients,
    trust: { ...(await rootOf(pca, caArn)), updates: options.trustUpdates, timestamps: options.timestamps, reportSigning: reports },
  };
  if (endpoint !== undefined) input.endpoints = { kms: endpoint, sts: endpoint, sso: endpoint, ssoOidc: endpoint, acmPca: endpoint };
  const notes = [
    ...(reports === undefined ? ['Evidence reports will not be signed: the report-signing key has no certificate yet. Run "signet admin certify-reports", then this again.'] : []),
    ...(options.timestamps === undefined ? ['Seals will carry no trusted timestamp: name a time-stamping authority with --timestamps URL (docs/DEPLOYMENT.md).'] : []),
  ];
  const text = `${JSON.stringify(input, null, 2)}\n`;
  return { text, config: parseOrgConfigWithWarnings(text, 'the configuration made from the deployment').config, notes };
}
