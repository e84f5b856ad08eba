// Sign-in and roles against the sandbox, through Signet's own code and the real SDK:
// the device flow and its pending, slow-down, expiry and decline paths; refresh before
// expiry; role sessions for the right person; sessions that expire mid-way; sign-out;
// and AWS profiles (static keys and sso-session) pointing at the sandbox.
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListAccountsCommand } from '@aws-sdk/client-sso';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stsClientFor } from '../../../src/main/aws/clients.js';
import { currentAccessToken, deviceSignIn, signOut } from '../../../src/main/aws/deviceSignIn.js';
import { FileSessionStore } from '../../../src/main/aws/sessionStore.js';
import type { OrgConfig } from '../../../src/main/config/orgConfig.js';
import { createContext } from '../../../src/main/services/context.js';
import { SignetError } from '../../../src/shared/errors.js';
import { adminCall, approveInBrowser, ssoAccessToken, ssoClient, startTestSandbox, baseCredentials, type TestSandbox } from '../../support/sandbox.js';
import { sandboxConfig, signedInAs } from '../../support/people.js';

let sandbox: TestSandbox;
let config: OrgConfig;
let work: string;

beforeAll(async () => {
  sandbox = await startTestSandbox({ identityCenter: { tokenTtlSeconds: 8 * 3600, deviceCodeTtlSeconds: 120 } });
  config = await sandboxConfig(sandbox);
  work = await mkdtemp(join(tmpdir(), 'signet-signin-'));
});
afterAll(async () => {
  await sandbox.remove();
  await rm(work, { recursive: true, force: true });
});

const home = () => mkdtemp(join(work, 'home-'));

async function expectCode(promise: Promise<unknown>, code: string): Promise<void> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(SignetError);
  expect((error as SignetError).code).toBe(code);
}

describe('device sign-in', () => {
  it('waits while pending, slows down when asked, and finishes once the person approves', async () => {
    const store = new FileSessionStore(join(await home(), 'session.json'));
    const waits: number[] = [];
    let prompt: { verificationUriComplete: string; userCode: string } | undefined;
    const session = await deviceSignIn(config, store, {
      onPrompt: (p) => {
        prompt = p;
      },
      // Test clock: waiting moves the sandbox's clock instead of the wall clock. The
      // first wait is skipped on purpose, so that poll comes too fast and the sandbox
      // answers SlowDown; the person approves during the second wait.
      sleep: async (ms) => {
        waits.push(ms);
        if (waits.length === 1) return;
        if (waits.length === 2) await approveInBrowser(prompt!.verificationUriComplete, 'alice');
        await adminCall(sandbox, 'POST', '/_sandbox/clock', { advanceSeconds: ms / 1000 });
      },
    });
    expect(prompt!.userCode).toMatch(/^[A-Z]{4}-[A-Z]{4}$/);
    expect(session.token!.accessToken).toBeTruthy();
    // The SlowDown added five seconds to the interval (RFC 8628 §3.5).
    expect(waits).toEqual([1000, 6000]);
    const file = await stat(store.path);
    expect(file.mode & 0o777).toBe(0o600);
  });

  it('reports a declined sign-in and an expired code', async () => {
    const store = new FileSessionStore(join(await home(), 'session.json'));
    await expectCode(deviceSignIn(config, store, { onPrompt: (p) => approveInBrowser(p.verificationUriComplete, 'alice', 'deny').then(() => undefined) }), 'SIGN_IN_DECLINED');
    await expectCode(
      deviceSignIn(config, store, {
        onPrompt: () => undefined,
        sleep: async () => {
          await adminCall(sandbox, 'POST', '/_sandbox/clock', { advanceSeconds: 121 });
        },
      }),
      'DEVICE_CODE_EXPIRED',
    );
  });

  it('refreshes the access token with the refresh token shortly before it lapses', async () => {
    const ctx = await signedInAs(sandbox, 'alice', work);
    const before = (await ctx.sessions.read())!;
    await ctx.sessions.write({ ...before, token: { ...before.token!, expiresAt: Date.now() + 60_000 } });
    const fresh = await currentAccessToken(config, ctx.sessions);
    expect(fresh).not.toBe(before.token!.accessToken);
    const after = (await ctx.sessions.read())!;
    expect(after.token!.expiresAt).toBeGreaterThan(Date.now() + 3600_000);
    const accounts = await ssoClient(sandbox).send(new ListAccountsCommand({ accessToken: fresh }));
    expect(accounts.accountList).toHaveLength(1);
  });

  it('signs out: ends the session on the server and forgets the token', async () => {
    const ctx = await signedInAs(sandbox, 'alice', work);
    const token = (await ctx.sessions.read())!.token!.accessToken;
    await signOut(config, ctx.sessions);
    expect((await ctx.sessions.read())?.token).toBeUndefined();
    await expect(ssoClient(sandbox).send(new ListAccountsCommand({ accessToken: token }))).rejects.toMatchObject({ name: 'UnauthorizedException' });
    const fresh = await createContext(config, ctx.home);
    expect(await fresh.identity.whoami()).toMatchObject({ signedIn: false });
  });
});

describe('role sessions', () => {
  it('assumes sender and receiver roles with the person as session name and source identity', async () => {
    const carol = await signedInAs(sandbox, 'carol', work);
    const sender = await carol.identity.session('sender');
    expect(sender.sessionArn).toBe('arn:aws:sts::111122223333:assumed-role/SignetSender/carol');
    expect(sender.sourceIdentity).toBe('carol');
    const who = await stsClientFor(config, sender.credentials).send(new GetCallerIdentityCommand({}));
    expect(who.Arn).toBe(sender.sessionArn);
    const receiver = await carol.identity.session('receiver');
    expect(receiver.sessionArn).toBe('arn:aws:sts::111122223333:assumed-role/SignetReceiver/carol');
    expect(await carol.identity.whoami()).toMatchObject({ signedIn: true, userName: 'carol', roles: { sender: true, receiver: true }, demo: true });
    // One in-flight refresh at a time: concurrent callers share one AssumeRole.
    carol.identity.invalidate();
    const [a, b] = await Promise.all([carol.identity.session('sender'), carol.identity.session('sender')]);
    expect(a).toBe(b);
  });

  it('refuses a role the person may not take, with a code that says which access is needed', async () => {
    const alice = await signedInAs(sandbox, 'alice', work);
    await expectCode(alice.identity.session('receiver'), 'NEEDS_RECEIVER_ACCESS');
    const bob = await signedInAs(sandbox, 'bob', work);
    await expectCode(bob.identity.session('sender'), 'NEEDS_SENDER_ACCESS');
    expect(await bob.identity.whoami()).toMatchObject({ roles: { sender: false, receiver: true } });
  });

  it('gets a fresh role session when one expires mid-way, and asks to sign in again once the sign-in itself has lapsed', async () => {
    const alice = await signedInAs(sandbox, 'alice', work);
    const first = await alice.identity.session('sender');
    await adminCall(sandbox, 'POST', '/_sandbox/clock', { advanceSeconds: 3700 });
    const arn = await alice.identity.withSession('sender', async (session) => {
      const out = await stsClientFor(config, session.credentials).send(new GetCallerIdentityCommand({})).catch((error: unknown) => {
        throw new SignetError('SESSION_EXPIRED', undefined, String(error));
      });
      return { arn: out.Arn, key: session.credentials.accessKeyId };
    });
    expect(arn.arn).toBe(first.sessionArn);
    expect(arn.key).not.toBe(first.credentials.accessKeyId);
    await adminCall(sandbox, 'POST', '/_sandbox/clock', { advanceSeconds: 9 * 3600 });
    alice.identity.invalidate();
    await expectCode(alice.identity.session('sender'), 'SESSION_EXPIRED');
  });
});

describe('AWS profiles', () => {
  it('uses a profile with static keys and one with an sso-session, both pointing at the sandbox', async () => {
    const dir = await home();
    const base = await baseCredentials(sandbox, 'bob');
    const { accessToken } = await ssoAccessToken(sandbox, 'carol');
    const sessionName = 'signet-test';
    // Where `aws sso login` leaves the token: $HOME/.aws/sso/cache/<sha1 of the session name>.json.
    await mkdir(join(dir, '.aws', 'sso', 'cache'), { recursive: true });
    await writeFile(
      join(dir, '.aws', 'sso', 'cache', `${createHash('sha1').update(sessionName).digest('hex')}.json`),
      JSON.stringify({ startUrl: `${sandbox.url}/start`, region: 'us-east-1', accessToken, expiresAt: new Date(Date.now() + 3600_000).toISOString() }),
    );
    await writeFile(
      join(dir, 'config'),
      [
        '[profile bob-keys]',
        'region = us-east-1',
        `endpoint_url = ${sandbox.url}`,
        '[profile carol-sso]',
        `sso_session = ${sessionName}`,
        'sso_account_id = 111122223333',
        'sso_role_name = SignetUser',
        'region = us-east-1',
        `endpoint_url = ${sandbox.url}`,
        `[sso-session ${sessionName}]`,
        `sso_start_url = ${sandbox.url}/start`,
        'sso_region = us-east-1',
        'sso_registration_scopes = sso:account:access',
        '',
      ].join('\n'),
    );
    await writeFile(join(dir, 'credentials'), `[bob-keys]\naws_access_key_id = ${base.accessKeyId}\naws_secret_access_key = ${base.secretAccessKey}\naws_session_token = ${base.sessionToken}\n`);
    const saved = { ...process.env };
    Object.assign(process.env, { HOME: dir, AWS_CONFIG_FILE: join(dir, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'), AWS_ENDPOINT_URL_SSO: sandbox.url });
    try {
      const bob = await createContext(config, dir, { profile: 'bob-keys' });
      expect(await bob.identity.whoami()).toMatchObject({ signedIn: true, userName: 'bob', via: 'profile', roles: { sender: false, receiver: true } });
      const carol = await createContext(config, dir, { profile: 'carol-sso' });
      expect((await carol.identity.session('sender')).sessionArn).toBe('arn:aws:sts::111122223333:assumed-role/SignetSender/carol');
    } catch (error) {
      throw new Error(`${(error as Error).message} ${(error as SignetError).detail ?? ''}`);
    } finally {
      process.env = saved;
    }
    expect(await readFile(join(dir, 'config'), 'utf8')).toContain('sso_session');
  });
});
