// The demo organisation a new sandbox starts with, shaped like the AWS Security Blog
// recipe "Combining encryption and signing with AWS asymmetric keys": one ECC_NIST_P521
// organisation signing key (which signed version 1 seals; senders may no longer sign
// with it), one RSA_4096 key per recipient team, a sender role that may Sign only with
// each person's own key (and Encrypt, as in the recipe) and a receiver role that may
// only Decrypt and Verify, reached from Identity Center by named people. (Its trust v2 PKI — person
// keys and certificates — is set up by demoPki.ts once the port is known; the files a
// newcomer needs are written by clientFiles.ts.)
import { randomBytes } from 'node:crypto';
import { defaultKeyPolicy } from './kms/keyPolicy.js';
import { makeKey } from './kms/newKey.js';
import { newLongTermAccessKeyId, newRoleId, newSecret, newUserId } from './core/ids.js';
import type { PersonRecord, RoleRecord, SandboxState } from './core/state.js';
import { SandboxStore } from './core/state.js';

export const DEMO_ACCOUNT = '111122223333';
export const DEMO_ORGANISATION = 'Example Org (Signet demo)';
export const SENDER_ROLE = 'SignetSender';
export const RECEIVER_ROLE = 'SignetReceiver';
export const SSO_PERMISSION_SET = 'SignetUser';

interface DemoPerson extends PersonRecord {
  sender: boolean;
  /** The team whose sealed files this person may open, if a receiver. */
  receiverFor?: string;
}

export const DEMO_PEOPLE: DemoPerson[] = [
  { userName: 'alice', displayName: 'Alice Example', team: 'Finance', email: 'alice@example.org', sender: true },
  { userName: 'bob', displayName: 'Bob Example', team: 'Legal', email: 'bob@example.org', sender: false, receiverFor: 'Legal' },
  { userName: 'carol', displayName: 'Carol Example', team: 'Finance', email: 'carol@example.org', sender: true, receiverFor: 'Finance' },
];

export const DEMO_TEAMS = ['Legal', 'Finance'] as const;

const ALLOW_ALL = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });

function trustPolicy(ssoRoleArn: string, people: string[]): string {
  return JSON.stringify({
    Version: '2012-10-17',
    // One statement a person: the session must be theirs (Identity Center sets the
    // session name to the user name) and the source identity they set must be their own.
    Statement: people.map((userName) => ({
      Sid: `Allow${userName}`,
      Effect: 'Allow',
      Principal: { AWS: ssoRoleArn },
      Action: ['sts:AssumeRole', 'sts:SetSourceIdentity'],
      Condition: { StringLike: { 'aws:userid': `*:${userName}` }, StringEquals: { 'sts:SourceIdentity': userName } },
    })),
  });
}

function rootStatement(accountId: string): object {
  return JSON.parse(defaultKeyPolicy(accountId)).Statement[0];
}

function signingKeyPolicy(accountId: string, sender: string, receiver: string): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      rootStatement(accountId),
      // Trust v2: people sign with their own keys. This shared key signed version 1 seals;
      // senders may still read it, but no longer sign with it.
      { Sid: 'SendersReadKey', Effect: 'Allow', Principal: { AWS: sender }, Action: ['kms:GetPublicKey', 'kms:DescribeKey'], Resource: '*' },
      { Sid: 'ReceiversVerify', Effect: 'Allow', Principal: { AWS: receiver }, Action: ['kms:Verify', 'kms:GetPublicKey', 'kms:DescribeKey'], Resource: '*' },
    ],
  });
}

function teamKeyPolicy(accountId: string, sender: string, receiver: string, members: string[]): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      rootStatement(accountId),
      { Sid: 'SendersEncrypt', Effect: 'Allow', Principal: { AWS: sender }, Action: ['kms:Encrypt', 'kms:GetPublicKey', 'kms:DescribeKey'], Resource: '*' },
      { Sid: 'SendersNeverDecrypt', Effect: 'Deny', Principal: { AWS: sender }, Action: 'kms:Decrypt', Resource: '*' },
      { Sid: 'ReceiversReadKey', Effect: 'Allow', Principal: { AWS: receiver }, Action: ['kms:GetPublicKey', 'kms:DescribeKey'], Resource: '*' },
      {
        Sid: 'TeamMembersDecrypt',
        Effect: 'Allow',
        Principal: { AWS: receiver },
        Action: 'kms:Decrypt',
        Resource: '*',
        Condition: { StringEquals: { 'aws:SourceIdentity': members } },
      },
    ],
  });
}

/** The alias of the organisation's report-signing key (docs/TRUST.md, "Evidence"). */
export const REPORT_KEY_ALIAS = 'alias/signet/reports';

/** The report-signing key's policy: receivers (who write evidence) Sign with it; nobody else does, administrators included. */
export function reportKeyPolicy(accountId: string, receiver: string): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Id: 'signet-reports',
    Statement: [
      { Sid: 'AccountAdministersButNeverSigns', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${accountId}:root` }, NotAction: 'kms:Sign', Resource: '*' },
      { Sid: 'ReceiversSignReports', Effect: 'Allow', Principal: { AWS: receiver }, Action: ['kms:Sign', 'kms:GetPublicKey', 'kms:DescribeKey'], Resource: '*' },
      { Sid: 'NobodyElseSigns', Effect: 'Deny', Principal: { AWS: '*' }, Action: 'kms:Sign', Resource: '*', Condition: { ArnNotEquals: { 'aws:PrincipalArn': receiver } } },
    ],
  });
}

function role(accountId: string, name: string, path: string, trust: string, policies: string[], maxSessionDuration = 3600): RoleRecord {
  return { name, path, arn: `arn:aws:iam::${accountId}:role${path}${name}`, roleId: newRoleId(), trustPolicy: trust, policies, maxSessionDuration };
}

export async function provisionDemoOrganisation(dir: string, region: string): Promise<SandboxStore> {
  const accountId = DEMO_ACCOUNT;
  const ssoName = `AWSReservedSSO_${SSO_PERMISSION_SET}_${randomBytes(8).toString('hex')}`;
  const ssoRole = role(
    accountId,
    ssoName,
    '/aws-reserved/sso.amazonaws.com/',
    JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Federated: `arn:aws:iam::${accountId}:saml-provider/AWSSSO` }, Action: 'sts:AssumeRoleWithSAML' }] }),
    [],
    43_200,
  );
  const senderArn = `arn:aws:iam::${accountId}:role/${SENDER_ROLE}`;
  const receiverArn = `arn:aws:iam::${accountId}:role/${RECEIVER_ROLE}`;
  ssoRole.policies.push(
    JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: ['sts:AssumeRole', 'sts:SetSourceIdentity'], Resource: [senderArn, receiverArn] }],
    }),
  );
  const sender = role(accountId, SENDER_ROLE, '/', trustPolicy(ssoRole.arn, DEMO_PEOPLE.filter((p) => p.sender).map((p) => p.userName)), []);
  const receiver = role(accountId, RECEIVER_ROLE, '/', trustPolicy(ssoRole.arn, DEMO_PEOPLE.filter((p) => p.receiverFor).map((p) => p.userName)), []);

  const [signingKey, ...teamKeys] = await Promise.all([
    makeKey(region, accountId, 'ECC_NIST_P521', 'SIGN_VERIFY', 'Signet demo: signs sealed files', signingKeyPolicy(accountId, senderArn, receiverArn)),
    ...DEMO_TEAMS.map((team) =>
      makeKey(
        region,
        accountId,
        'RSA_4096',
        'ENCRYPT_DECRYPT',
        `Signet demo: files sealed for ${team}`,
        teamKeyPolicy(accountId, senderArn, receiverArn, DEMO_PEOPLE.filter((p) => p.receiverFor === team).map((p) => p.userName)),
      ),
    ),
  ]);

  const now = Date.now();
  const aliases = [['alias/signet-signing', signingKey!], ...DEMO_TEAMS.map((team, i) => [`alias/signet-${team.toLowerCase()}`, teamKeys[i]!] as const)] as const;
  const adminKeyId = newLongTermAccessKeyId();
  const state: SandboxState = {
    version: 1,
    accountId,
    region,
    organisation: DEMO_ORGANISATION,
    ssoRoleName: SSO_PERMISSION_SET,
    keys: Object.fromEntries([signingKey!, ...teamKeys].map((k) => [k.keyId, k])),
    aliases: Object.fromEntries(aliases.map(([name, key]) => [name, { name, targetKeyId: key.keyId, createdAt: now, updatedAt: now }])),
    users: { admin: { name: 'admin', arn: `arn:aws:iam::${accountId}:user/admin`, userId: newUserId(), policies: [ALLOW_ALL] } },
    roles: { [ssoRole.name]: ssoRole, [sender.name]: sender, [receiver.name]: receiver },
    accessKeys: { [adminKeyId]: { accessKeyId: adminKeyId, secretAccessKey: newSecret(), principal: { kind: 'user', userName: 'admin' } } },
    people: Object.fromEntries(DEMO_PEOPLE.map(({ userName, displayName, team, email }) => [userName, { userName, displayName, team, email }])),
    ssoClients: {},
    deviceAuthorizations: {},
    ssoTokens: {},
    certificateAuthorities: {},
    clockOffsetMs: 0,
  };
  const store = new SandboxStore(dir, state);
  await store.commit();
  return store;
}
