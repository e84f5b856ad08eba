// The demo organisation, deployed the way IT deploys Signet: deploy/signet.yaml,
// through the sandbox's own CloudFormation (CreateStack as the administrator), with the
// demo's people and teams as parameters. It runs once, in a new sandbox account; a
// sandbox made before the template keeps the roles and keys it was made with.
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CLOUDFORMATION_OPERATIONS } from './cloudFormation/operations.js';
import { administratorCall } from './core/callers.js';
import { stacksOf, type SandboxStore } from './core/state.js';
import { ssoInstance } from './ssoAdmin/permissionSets.js';
import { DEMO_ORGANISATION, DEMO_PEOPLE, RECEIVER_ROLE, SENDER_ROLE, SSO_PERMISSION_SET } from './provision.js';

export const DEMO_STACK = 'signet-demo';
/** The bucket the demo's CAs publish their CRLs to (the template's CrlBucketName). */
export const CRL_BUCKET = 'signet-demo-crl';
export const TEMPLATE_PATH = join('deploy', 'signet.yaml');

/** deploy/signet.yaml, found in the nearest folder above this module that has it (the source tree, the built CLI, the packaged app). */
export async function deploymentTemplate(from = dirname(fileURLToPath(import.meta.url))): Promise<string> {
  for (let dir = from; ; dir = dirname(dir)) {
    try {
      return await readFile(join(dir, TEMPLATE_PATH), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      if (dirname(dir) === dir) throw new Error(`${TEMPLATE_PATH} is missing from this installation (looked above ${from})`);
    }
  }
}

const members = (team: string): string => DEMO_PEOPLE.filter((p) => p.receiverFor === team).map((p) => p.userName).join(',');

/** The template's parameters for the demo organisation. */
export function demoParameters(instanceArn: string): Record<string, string> {
  return {
    OrganisationName: DEMO_ORGANISATION,
    IdentityCenterInstanceArn: instanceArn,
    PermissionSetName: SSO_PERMISSION_SET,
    SenderRoleName: SENDER_ROLE,
    ReceiverRoleName: RECEIVER_ROLE,
    Senders: DEMO_PEOPLE.filter((p) => p.sender).map((p) => p.userName).join(','),
    Receivers: DEMO_PEOPLE.filter((p) => p.receiverFor !== undefined).map((p) => p.userName).join(','),
    FirstTeamName: 'Legal',
    FirstTeamAlias: 'alias/signet-legal',
    FirstTeamMembers: members('Legal'),
    SecondTeamName: 'Finance',
    SecondTeamAlias: 'alias/signet-finance',
    SecondTeamMembers: members('Finance'),
    CrlBucketName: CRL_BUCKET,
  };
}

/** CreateStack's Query parameters, as the AWS CLI sends them. */
function createStackRequest(templateBody: string, parameters: Record<string, string>): URLSearchParams {
  const request = new URLSearchParams({ Action: 'CreateStack', StackName: DEMO_STACK, TemplateBody: templateBody, 'Capabilities.member.1': 'CAPABILITY_NAMED_IAM' });
  Object.entries(parameters).forEach(([key, value], i) => {
    request.set(`Parameters.member.${i + 1}.ParameterKey`, key);
    request.set(`Parameters.member.${i + 1}.ParameterValue`, value);
  });
  return request;
}

/** Deploys the demo stack into a new account (one with no sender role yet); the caller commits the store. */
export async function ensureDemoStack(store: SandboxStore, baseUrl: string): Promise<void> {
  const { state } = store;
  if (state.roles[SENDER_ROLE] !== undefined || Object.values(stacksOf(state)).some((s) => s.name === DEMO_STACK)) return;
  await CLOUDFORMATION_OPERATIONS.CreateStack!.run(createStackRequest(await deploymentTemplate(), demoParameters(ssoInstance(state).instanceArn)), administratorCall(store, baseUrl));
  const stack = Object.values(stacksOf(state)).find((s) => s.name === DEMO_STACK);
  if (stack?.status !== 'CREATE_COMPLETE') {
    const failed = stack?.events.find((e) => e.status === 'CREATE_FAILED');
    throw new Error(`the demo stack did not deploy (${stack?.status ?? 'missing'}): ${failed ? `${failed.logicalId}: ${failed.reason}` : (stack?.statusReason ?? '')}`);
  }
}
