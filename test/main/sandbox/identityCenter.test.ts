// IAM Identity Center conformance: the SSO OIDC device flow (RFC 8628) and the SSO
// portal, through @aws-sdk/client-sso-oidc and @aws-sdk/client-sso over HTTP.
import { GetRoleCredentialsCommand, ListAccountRolesCommand, ListAccountsCommand, LogoutCommand } from '@aws-sdk/client-sso';
import { CreateTokenCommand, RegisterClientCommand, StartDeviceAuthorizationCommand, type SSOOIDCClient } from '@aws-sdk/client-sso-oidc';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAwsError } from '../../support/expectAwsError.js';
import { adminCall, approveInBrowser, oidcClient, ssoAccessToken, ssoClient, startTestSandbox, type TestSandbox } from '../../support/sandbox.js';

const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';
let sandbox: TestSandbox;
let oidc: SSOOIDCClient;

beforeAll(async () => {
  sandbox = await startTestSandbox({ identityCenter: { deviceCodeTtlSeconds: 60, tokenTtlSeconds: 600 } });
  oidc = oidcClient(sandbox);
});
afterAll(() => sandbox.remove());

async function startDevice() {
  const client = await oidc.send(new RegisterClientCommand({ clientName: 'signet-test', clientType: 'public' }));
  const device = await oidc.send(
    new StartDeviceAuthorizationCommand({ clientId: client.clientId!, clientSecret: client.clientSecret!, startUrl: `${sandbox.url}/start` }),
  );
  const poll = () =>
    oidc.send(new CreateTokenCommand({ clientId: client.clientId!, clientSecret: client.clientSecret!, grantType: DEVICE_GRANT, deviceCode: device.deviceCode! }));
  return { client, device, poll };
}

describe('SSO OIDC device authorisation', () => {
  it('registers a public client with a secret and an expiry', async () => {
    const client = await oidc.send(new RegisterClientCommand({ clientName: 'signet', clientType: 'public' }));
    expect(client.clientId).toBeTruthy();
    expect(client.clientSecret!.length).toBeGreaterThan(40);
    expect(client.clientSecretExpiresAt!).toBeGreaterThan(client.clientIdIssuedAt! + 86_400);
  });

  it('starts an authorisation with a user code and a loopback verification page', async () => {
    const { device } = await startDevice();
    expect(device.userCode).toMatch(/^[A-Z]{4}-[A-Z]{4}$/);
    expect(device.verificationUri).toBe(`${sandbox.url}/device`);
    expect(device.verificationUriComplete).toBe(`${sandbox.url}/device?user_code=${device.userCode}`);
    expect(device.expiresIn).toBe(60);
    expect(device.interval).toBeGreaterThanOrEqual(1);
  });

  it('refuses a start URL that is not the organisation\'s, and an unknown client', async () => {
    const client = await oidc.send(new RegisterClientCommand({ clientName: 'signet', clientType: 'public' }));
    await expectAwsError(
      oidc.send(new StartDeviceAuthorizationCommand({ clientId: client.clientId!, clientSecret: client.clientSecret!, startUrl: 'https://example.awsapps.com/start' })),
      'InvalidRequestException',
    );
    await expectAwsError(
      oidc.send(new StartDeviceAuthorizationCommand({ clientId: client.clientId!, clientSecret: 'wrong', startUrl: `${sandbox.url}/start` })),
      'InvalidClientException',
    );
  });

  it('answers AuthorizationPending until approved, SlowDown when polled too fast, then a token once', async () => {
    const { device, poll } = await startDevice();
    await expectAwsError(poll(), 'AuthorizationPendingException');
    await expectAwsError(poll(), 'SlowDownException');
    const approved = await approveInBrowser(device.verificationUriComplete!, 'bob');
    expect(await approved.text()).toContain("You're signed in as Bob Example");
    // The interval grew by 5 s with the SlowDown; polling before that is too fast again.
    await expectAwsError(poll(), 'SlowDownException');
    // Stands in for waiting out the (now 11 s) interval: the last poll is moved into the past.
    const waitOutInterval = () => {
      for (const d of Object.values(sandbox.store.state.deviceAuthorizations)) if (d.userCode === device.userCode) d.lastPolledAt = Date.now() - 60_000;
    };
    waitOutInterval();
    const token = await poll();
    expect(token.tokenType).toBe('Bearer');
    expect(token.expiresIn).toBe(600);
    expect(token.accessToken).toBeTruthy();
    expect(token.refreshToken).toBeTruthy();
    waitOutInterval();
    await expectAwsError(poll(), 'InvalidGrantException');
  });

  it('answers AccessDenied when the person declines', async () => {
    const { device, poll } = await startDevice();
    await approveInBrowser(device.verificationUriComplete!, 'bob', 'deny');
    await expectAwsError(poll(), 'AccessDeniedException');
  });

  it('answers ExpiredToken once the device code has expired', async () => {
    const { poll } = await startDevice();
    await adminCall(sandbox, 'POST', '/_sandbox/clock', { advanceSeconds: 61 });
    await expectAwsError(poll(), 'ExpiredTokenException');
  });

  it('refuses an approval form without the page\'s nonce, even from the sandbox\'s own origin', async () => {
    const { device, poll } = await startDevice();
    const forged = await fetch(`${sandbox.url}/device`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: sandbox.url },
      body: new URLSearchParams({ user_code: device.userCode!, nonce: '00', person: 'alice', decision: 'approve' }).toString(),
    });
    expect(forged.status).toBe(400);
    await expectAwsError(poll(), 'AuthorizationPendingException');
  });

  it('refreshes with the refresh token, which then cannot be used again', async () => {
    const first = await ssoAccessToken(sandbox, 'carol');
    const refresh = () =>
      oidc.send(new CreateTokenCommand({ clientId: first.clientId, clientSecret: first.clientSecret, grantType: 'refresh_token', refreshToken: first.refreshToken }));
    const second = await refresh();
    expect(second.accessToken).not.toBe(first.accessToken);
    await expectAwsError(refresh(), 'InvalidGrantException');
    await expectAwsError(
      oidc.send(new CreateTokenCommand({ clientId: first.clientId, clientSecret: first.clientSecret, grantType: 'password' })),
      'UnsupportedGrantTypeException',
    );
  });
});

describe('SSO portal', () => {
  it('lists the account and role, and hands out role credentials for the person', async () => {
    const { accessToken } = await ssoAccessToken(sandbox, 'alice');
    const sso = ssoClient(sandbox);
    const accounts = await sso.send(new ListAccountsCommand({ accessToken }));
    expect(accounts.accountList).toEqual([{ accountId: '111122223333', accountName: 'Example Org (Signet demo)', emailAddress: 'alice@example.org' }]);
    const roles = await sso.send(new ListAccountRolesCommand({ accessToken, accountId: '111122223333' }));
    expect(roles.roleList).toEqual([{ roleName: 'SignetUser', accountId: '111122223333' }]);
    const creds = await sso.send(new GetRoleCredentialsCommand({ accessToken, accountId: '111122223333', roleName: 'SignetUser' }));
    expect(creds.roleCredentials!.accessKeyId).toMatch(/^ASIA/);
    expect(creds.roleCredentials!.expiration!).toBeGreaterThan(Date.now());
    await expectAwsError(sso.send(new GetRoleCredentialsCommand({ accessToken, accountId: '111122223333', roleName: 'Admin' })), 'ForbiddenException');
    await expectAwsError(sso.send(new GetRoleCredentialsCommand({ accessToken, accountId: '999999999999', roleName: 'SignetUser' })), 'ForbiddenException');
  });

  it('rejects unknown tokens and tokens after Logout with UnauthorizedException', async () => {
    const sso = ssoClient(sandbox);
    await expectAwsError(sso.send(new ListAccountsCommand({ accessToken: 'nonsense' })), 'UnauthorizedException');
    const { accessToken } = await ssoAccessToken(sandbox, 'alice');
    await sso.send(new LogoutCommand({ accessToken }));
    await expectAwsError(sso.send(new ListAccountsCommand({ accessToken })), 'UnauthorizedException');
  });

  it('rejects an access token once it has expired', async () => {
    const { accessToken } = await ssoAccessToken(sandbox, 'alice');
    await adminCall(sandbox, 'POST', '/_sandbox/clock', { advanceSeconds: 601 });
    await expectAwsError(ssoClient(sandbox).send(new ListAccountsCommand({ accessToken })), 'UnauthorizedException');
  });
});
