// The account a new sandbox starts as, and who the demo organisation is: its people
// (who may send, who may receive, who is on which team) and names. Everything of
// Signet's in it — roles, permission set, keys, the issuing CA — comes from
// deploy/signet.yaml, deployed by demoStack.ts with the demo's parameters, so the
// policies the tests run against are the ones IT deploys. The PKI (the root ceremony,
// person keys and certificates) is set up by demoPki.ts; the files a newcomer needs are
// written by clientFiles.ts.
import { newLongTermAccessKeyId, newSecret, newUserId } from './core/ids.js';
import type { PersonRecord, SandboxState } from './core/state.js';
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

/**
 * A new sandbox account: its administrator (an IAM user allowed everything, with an
 * access key) and the people in Identity Center's directory, and nothing of Signet's
 * yet — demoStack.ts deploys deploy/signet.yaml into it once the port is known.
 */
export async function provisionAccount(dir: string, region: string): Promise<SandboxStore> {
  const accountId = DEMO_ACCOUNT;
  const adminKeyId = newLongTermAccessKeyId();
  const state: SandboxState = {
    version: 1,
    accountId,
    region,
    organisation: DEMO_ORGANISATION,
    ssoRoleName: SSO_PERMISSION_SET,
    keys: {},
    aliases: {},
    users: { admin: { name: 'admin', arn: `arn:aws:iam::${accountId}:user/admin`, userId: newUserId(), policies: [ALLOW_ALL] } },
    roles: {},
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
