// IAM Identity Center sign-in by device authorisation (RFC 8628) with SSO OIDC:
// register the client (cached until its registration expires), start the
// authorisation, show the person the page and code, poll CreateToken at the interval
// the service asks for (+5 s on SlowDown), and keep the token. Access tokens are
// refreshed with the refresh token shortly before they lapse.
import { CreateTokenCommand, RegisterClientCommand, StartDeviceAuthorizationCommand, type CreateTokenCommandOutput } from '@aws-sdk/client-sso-oidc';
import { LogoutCommand } from '@aws-sdk/client-sso';
import { SignetError } from '../../shared/errors.js';
import type { OrgConfig } from '../config/orgConfig.js';
import { awsErrorName, fromAwsError } from './awsErrors.js';
import { ssoClientFor, ssoOidcClientFor } from './clients.js';
import type { SessionStore, StoredSession } from './sessionStore.js';

export const DEVICE_CODE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';
/** Refresh an access token this long before it lapses. */
export const REFRESH_MARGIN_MS = 5 * 60 * 1000;

export interface DevicePrompt {
  userCode: string;
  verificationUri: string;
  verificationUriComplete: string;
  expiresAt: Date;
}

export interface DeviceSignInOptions {
  /** Show the code and open the page (the app opens the browser; the CLI prints both). */
  onPrompt: (prompt: DevicePrompt) => Promise<void> | void;
  signal?: AbortSignal;
  /** Test-only: how to wait between polls. */
  sleep?: (ms: number) => Promise<void>;
}

export function ssoSettings(config: OrgConfig): { startUrl: string; region: string; accountId: string; roleName: string } {
  if (!('sso' in config.signIn)) throw new SignetError('CONFIG_INVALID', 'This configuration signs in with an AWS profile, not IAM Identity Center.');
  return config.signIn.sso;
}

const defaultSleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(new SignetError('CANCELLED'));
    });
  });

async function registration(config: OrgConfig, store: SessionStore, stored: StoredSession | undefined): Promise<NonNullable<StoredSession['client']>> {
  if (stored?.client && stored.client.expiresAt - Date.now() > 60 * 60 * 1000) return stored.client;
  try {
    const out = await ssoOidcClientFor(config).send(new RegisterClientCommand({ clientName: 'signet', clientType: 'public', scopes: ['sso:account:access'] }));
    return { clientId: out.clientId!, clientSecret: out.clientSecret!, expiresAt: (out.clientSecretExpiresAt ?? 0) * 1000 };
  } catch (error) {
    throw fromAwsError(error, 'registering Signet with IAM Identity Center');
  }
}

function tokenFrom(out: CreateTokenCommandOutput, previousRefresh?: string): NonNullable<StoredSession['token']> {
  const refreshToken = out.refreshToken ?? previousRefresh;
  return { accessToken: out.accessToken!, refreshToken, expiresAt: Date.now() + (out.expiresIn ?? 3600) * 1000 };
}

/** The whole device flow; resolves once the person has approved in the browser. */
export async function deviceSignIn(config: OrgConfig, store: SessionStore, options: DeviceSignInOptions): Promise<StoredSession> {
  const sso = ssoSettings(config);
  const previous = await store.read();
  const stored = previous?.startUrl === sso.startUrl ? previous : undefined;
  const client = await registration(config, store, stored);
  const oidc = ssoOidcClientFor(config);
  let device;
  try {
    device = await oidc.send(new StartDeviceAuthorizationCommand({ clientId: client.clientId, clientSecret: client.clientSecret, startUrl: sso.startUrl }));
  } catch (error) {
    throw fromAwsError(error, 'starting the sign-in');
  }
  const expiresAt = Date.now() + (device.expiresIn ?? 600) * 1000;
  await options.onPrompt({
    userCode: device.userCode!,
    verificationUri: device.verificationUri!,
    verificationUriComplete: device.verificationUriComplete ?? device.verificationUri!,
    expiresAt: new Date(expiresAt),
  });
  const sleep = options.sleep ?? ((ms: number) => defaultSleep(ms, options.signal));
  let interval = (device.interval ?? 5) * 1000;
  // The first poll goes out at once (the person may have approved already); after that,
  // RFC 8628 asks for `interval` between requests.
  for (let attempt = 0; ; attempt++) {
    if (options.signal?.aborted) throw new SignetError('CANCELLED');
    if (Date.now() >= expiresAt) throw new SignetError('DEVICE_CODE_EXPIRED');
    if (attempt > 0) await sleep(interval);
    try {
      const out = await oidc.send(
        new CreateTokenCommand({ clientId: client.clientId, clientSecret: client.clientSecret, grantType: DEVICE_CODE_GRANT, deviceCode: device.deviceCode! }),
      );
      const session: StoredSession = { version: 1, startUrl: sso.startUrl, ssoRegion: sso.region, client, token: tokenFrom(out) };
      await store.write(session);
      return session;
    } catch (error) {
      switch (awsErrorName(error)) {
        case 'AuthorizationPendingException':
          continue;
        case 'SlowDownException':
          interval += 5000;
          continue;
        case 'ExpiredTokenException':
          throw new SignetError('DEVICE_CODE_EXPIRED');
        case 'AccessDeniedException':
          throw new SignetError('SIGN_IN_DECLINED');
        default:
          throw fromAwsError(error, 'waiting for the sign-in to be approved');
      }
    }
  }
}

/** A valid access token, refreshed first if it lapses within REFRESH_MARGIN_MS. */
export async function currentAccessToken(config: OrgConfig, store: SessionStore): Promise<string> {
  const sso = ssoSettings(config);
  const session = await store.read();
  if (!session?.token || session.startUrl !== sso.startUrl) throw new SignetError('NOT_SIGNED_IN');
  if (session.token.expiresAt - Date.now() > REFRESH_MARGIN_MS) return session.token.accessToken;
  if (!session.token.refreshToken || !session.client) {
    if (session.token.expiresAt > Date.now()) return session.token.accessToken;
    throw new SignetError('SESSION_EXPIRED');
  }
  try {
    const out = await ssoOidcClientFor(config).send(
      new CreateTokenCommand({
        clientId: session.client.clientId,
        clientSecret: session.client.clientSecret,
        grantType: 'refresh_token',
        refreshToken: session.token.refreshToken,
      }),
    );
    const token = { ...tokenFrom(out, session.token.refreshToken), userName: session.token.userName };
    await store.write({ ...session, token });
    return token.accessToken;
  } catch (error) {
    const name = awsErrorName(error);
    if (name === 'InvalidGrantException' || name === 'ExpiredTokenException' || name === 'InvalidClientException') {
      if (session.token.expiresAt > Date.now()) return session.token.accessToken;
      throw new SignetError('SESSION_EXPIRED', undefined, `refreshing the sign-in: ${name}`);
    }
    throw fromAwsError(error, 'refreshing the sign-in');
  }
}

/** Ends the Identity Center session (best effort when offline) and forgets the tokens. */
export async function signOut(config: OrgConfig, store: SessionStore): Promise<void> {
  const session = await store.read();
  if (session?.token && 'sso' in config.signIn) {
    await ssoClientFor(config)
      .send(new LogoutCommand({ accessToken: session.token.accessToken }))
      .catch(() => undefined);
  }
  if (session?.client) {
    // Keep the client registration (it is not a credential of the person) for the next sign-in.
    const { token: _dropped, ...rest } = session;
    await store.write(rest);
  } else await store.clear();
}
