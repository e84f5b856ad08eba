// Test helpers around the real sandbox: start one in a temporary folder, and build
// the real AWS SDK v3 clients pointed at it with the SDK's standard endpoint setting.
// Nothing here fakes AWS behaviour; the helpers only drive the public wire APIs.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KMSClient } from '@aws-sdk/client-kms';
import { SSOClient, GetRoleCredentialsCommand } from '@aws-sdk/client-sso';
import { CreateTokenCommand, RegisterClientCommand, SSOOIDCClient, StartDeviceAuthorizationCommand } from '@aws-sdk/client-sso-oidc';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { submitOnApprovalPage } from '../../src/main/sandbox/identityCenter/approvalClient.js';
import { ADMIN_HEADER } from '../../src/main/sandbox/adminApi.js';
import { startSandbox, type RunningSandbox, type SandboxOptions } from '../../src/main/sandbox/server.js';

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface TestSandbox extends RunningSandbox {
  remove(): Promise<void>;
}

export async function startTestSandbox(options: Partial<SandboxOptions> = {}): Promise<TestSandbox> {
  const dir = options.dir ?? (await mkdtemp(join(tmpdir(), 'signet-sandbox-')));
  const sandbox = await startSandbox({ faults: [], ...options, dir });
  return {
    ...sandbox,
    async remove() {
      await sandbox.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export function adminCredentials(sandbox: RunningSandbox): Credentials {
  const key = Object.values(sandbox.store.state.accessKeys).find((k) => k.principal.kind === 'user');
  if (!key) throw new Error('the sandbox has no administrator key');
  return { accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey };
}

const base = (sandbox: RunningSandbox, extra: object = {}) => ({ region: sandbox.store.state.region, endpoint: sandbox.url, ...extra });

export const kmsClient = (sandbox: RunningSandbox, credentials: Credentials, extra: object = {}): KMSClient =>
  new KMSClient(base(sandbox, { credentials, ...extra }));
export const stsClient = (sandbox: RunningSandbox, credentials: Credentials, extra: object = {}): STSClient =>
  new STSClient(base(sandbox, { credentials, ...extra }));
export const oidcClient = (sandbox: RunningSandbox, extra: object = {}): SSOOIDCClient => new SSOOIDCClient(base(sandbox, extra));
export const ssoClient = (sandbox: RunningSandbox, extra: object = {}): SSOClient => new SSOClient(base(sandbox, extra));

/** What a person does in the browser: choose who they are, press Allow (or Don't allow). */
export const approveInBrowser = submitOnApprovalPage;

/** The full Identity Center device flow through the SDK, ending with an access token. */
export async function ssoAccessToken(sandbox: RunningSandbox, userName: string): Promise<{ accessToken: string; refreshToken: string; clientId: string; clientSecret: string }> {
  const oidc = oidcClient(sandbox);
  const client = await oidc.send(new RegisterClientCommand({ clientName: 'signet-test', clientType: 'public' }));
  const device = await oidc.send(
    new StartDeviceAuthorizationCommand({ clientId: client.clientId!, clientSecret: client.clientSecret!, startUrl: `${sandbox.url}/start` }),
  );
  const approved = await approveInBrowser(device.verificationUriComplete!, userName);
  if (!approved.ok) throw new Error(`approval failed: ${approved.status}`);
  const token = await oidc.send(
    new CreateTokenCommand({
      clientId: client.clientId!,
      clientSecret: client.clientSecret!,
      grantType: 'urn:ietf:params:oauth:grant-type:device_code',
      deviceCode: device.deviceCode!,
    }),
  );
  return { accessToken: token.accessToken!, refreshToken: token.refreshToken!, clientId: client.clientId!, clientSecret: client.clientSecret! };
}

/** Signs a demo person in and returns their base (permission-set) role credentials. */
export async function baseCredentials(sandbox: RunningSandbox, userName: string): Promise<Credentials> {
  const { accessToken } = await ssoAccessToken(sandbox, userName);
  const out = await ssoClient(sandbox).send(
    new GetRoleCredentialsCommand({ accessToken, accountId: sandbox.store.state.accountId, roleName: sandbox.store.state.ssoRoleName }),
  );
  const c = out.roleCredentials!;
  return { accessKeyId: c.accessKeyId!, secretAccessKey: c.secretAccessKey!, sessionToken: c.sessionToken! };
}

export const roleArn = (sandbox: RunningSandbox, name: string): string => `arn:aws:iam::${sandbox.store.state.accountId}:role/${name}`;

/** Base credentials → AssumeRole into SignetSender or SignetReceiver, with SourceIdentity = the person. */
export async function roleCredentials(sandbox: RunningSandbox, userName: string, role: 'SignetSender' | 'SignetReceiver'): Promise<Credentials> {
  const baseCreds = await baseCredentials(sandbox, userName);
  const out = await stsClient(sandbox, baseCreds).send(
    new AssumeRoleCommand({ RoleArn: roleArn(sandbox, role), RoleSessionName: userName, SourceIdentity: userName }),
  );
  const c = out.Credentials!;
  return { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! };
}

export async function adminCall(sandbox: RunningSandbox, method: string, path: string, body?: object): Promise<Response> {
  return fetch(`${sandbox.url}${path}`, {
    method,
    headers: { [ADMIN_HEADER]: sandbox.adminToken, 'content-type': 'application/json' },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
}

export function keyArnByAlias(sandbox: RunningSandbox, alias: string): string {
  const target = sandbox.store.state.aliases[alias]?.targetKeyId;
  const key = target ? sandbox.store.state.keys[target] : undefined;
  if (!key) throw new Error(`no key behind ${alias}`);
  return key.arn;
}
