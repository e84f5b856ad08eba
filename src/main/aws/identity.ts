// Who is signed in and the role sessions they act in. Base
// credentials come from the SSO portal (GetRoleCredentials with the person's token)
// or from an ordinary AWS profile; from them the sender or receiver role is assumed
// with STS, RoleSessionName and SourceIdentity set to the person, so every KMS call
// in CloudTrail names them. Sessions are cached until shortly before they expire and
// refreshed transparently, one refresh at a time. Role sessions stay in the main
// process: the KMS gateway (services/context.ts) makes its SDK clients with their
// credentials, and use cases read who a session is for (its ARN and source identity);
// they are never written to disk or sent to the window.
import { GetRoleCredentialsCommand } from '@aws-sdk/client-sso';
import { AssumeRoleCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { fromIni } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentity } from '@smithy/types';
import { SignetError } from '../../shared/errors.js';
import type { OrgConfig } from '../config/orgConfig.js';
import { visibleText } from '../format/names.js';
import { ASSUMED_ROLE_ARN, STS_SESSION_NAME } from '../format/shapes.js';
import { fromAwsError, isAccessDenied } from './awsErrors.js';
import { ssoClientFor, stsClientFor } from './clients.js';
import { REFRESH_MARGIN_MS, currentAccessToken, ssoSettings } from './deviceSignIn.js';
import type { SessionStore } from './sessionStore.js';
import type { WhoAmIView } from '../../shared/ipc.js';

export type Role = 'sender' | 'receiver';

export interface RoleSession {
  role: Role;
  credentials: AwsCredentialIdentity;
  sessionArn: string;
  sourceIdentity: string;
  accountId: string;
  expiresAt: Date;
}

/** What the renderer may know about the signed-in person (no credentials, no tokens); `offline` is the app's to add. */
export type WhoAmI = Omit<WhoAmIView, 'offline'>;

export interface IdentityOptions {
  /** Use this AWS profile instead of Identity Center (or the configuration's profile). */
  profile?: string;
}

export class Identity {
  private base?: { credentials: AwsCredentialIdentity; expiresAt?: number };
  private name?: { userName: string; accountId: string };
  private readonly sessions = new Map<Role, RoleSession>();
  private readonly inFlight = new Map<Role, Promise<RoleSession>>();
  private readonly profile?: string;

  constructor(
    readonly config: OrgConfig,
    private readonly store: SessionStore,
    options: IdentityOptions = {},
  ) {
    // --profile wins; a configuration that signs in with a profile lets AWS_PROFILE choose
    // which one, as the AWS CLI and SDKs do.
    const profile = options.profile ?? ('profile' in config.signIn ? (process.env.AWS_PROFILE ?? config.signIn.profile) : undefined);
    if (profile) this.profile = profile;
  }

  get via(): 'sso' | 'profile' {
    return this.profile ? 'profile' : 'sso';
  }

  private async baseCredentials(): Promise<AwsCredentialIdentity> {
    if (this.base && (this.base.expiresAt === undefined || this.base.expiresAt - Date.now() > REFRESH_MARGIN_MS)) return this.base.credentials;
    if (this.profile) {
      try {
        const credentials = await fromIni({ profile: this.profile })();
        this.base = { credentials, expiresAt: credentials.expiration?.getTime() };
        return credentials;
      } catch (error) {
        throw new SignetError('NOT_SIGNED_IN', `The AWS profile "${this.profile}" has no usable credentials. Sign in with the AWS CLI first.`, visibleText(`${(error as Error).name}: ${(error as Error).message}`));
      }
    }
    const sso = ssoSettings(this.config);
    const accessToken = await currentAccessToken(this.config, this.store);
    try {
      const out = await ssoClientFor(this.config).send(new GetRoleCredentialsCommand({ accessToken, accountId: sso.accountId, roleName: sso.roleName }));
      const c = out.roleCredentials!;
      const credentials = { accessKeyId: c.accessKeyId!, secretAccessKey: c.secretAccessKey!, sessionToken: c.sessionToken!, expiration: new Date(c.expiration!) };
      this.base = { credentials, expiresAt: c.expiration! };
      return credentials;
    } catch (error) {
      if ((error as { name?: string }).name === 'UnauthorizedException') throw new SignetError('SESSION_EXPIRED', undefined, 'the SSO portal refused the access token');
      throw fromAwsError(error, 'getting your sign-in credentials');
    }
  }

  /** The person's user name, as the session name Identity Center (or the profile) gives them. */
  async person(): Promise<{ userName: string; accountId: string }> {
    if (this.name) return this.name;
    const credentials = await this.baseCredentials();
    try {
      const out = await stsClientFor(this.config, credentials).send(new GetCallerIdentityCommand({}));
      const userName = out.Arn!.split('/').pop()!;
      if (!STS_SESSION_NAME.test(userName)) throw new SignetError('ACCESS_DENIED', `Your user name "${visibleText(userName)}" can't be used as an AWS session name — ask IT.`);
      this.name = { userName, accountId: out.Account! };
      return this.name;
    } catch (error) {
      throw fromAwsError(error, 'finding out who is signed in');
    }
  }

  private async assume(role: Role): Promise<RoleSession> {
    const credentials = await this.baseCredentials();
    const { userName, accountId } = await this.person();
    const roleArn = this.config.roles[role];
    try {
      const out = await stsClientFor(this.config, credentials).send(
        new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: userName, SourceIdentity: userName, DurationSeconds: 3600 }),
      );
      const c = out.Credentials!;
      const sessionArn = out.AssumedRoleUser!.Arn!;
      const sourceIdentity = out.SourceIdentity ?? userName;
      if (!ASSUMED_ROLE_ARN.test(sessionArn) || !STS_SESSION_NAME.test(sourceIdentity)) {
        throw new SignetError('SERVICE_ERROR', undefined, `AWS STS answered AssumeRole with a session ARN or source identity of an unexpected shape: ${visibleText(sessionArn)}, ${visibleText(sourceIdentity)}`);
      }
      return {
        role,
        credentials: { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken!, expiration: c.Expiration! },
        sessionArn,
        sourceIdentity,
        accountId,
        expiresAt: c.Expiration!,
      };
    } catch (error) {
      if (isAccessDenied(error)) throw new SignetError(role === 'sender' ? 'NEEDS_SENDER_ACCESS' : 'NEEDS_RECEIVER_ACCESS', undefined, visibleText((error as Error).message));
      throw fromAwsError(error, `taking ${role} access`);
    }
  }

  /** The role session, assumed now or reused until shortly before it expires; one refresh at a time. */
  async session(role: Role): Promise<RoleSession> {
    const cached = this.sessions.get(role);
    if (cached && cached.expiresAt.getTime() - Date.now() > REFRESH_MARGIN_MS) return cached;
    let pending = this.inFlight.get(role);
    if (!pending) {
      pending = this.assume(role).finally(() => this.inFlight.delete(role));
      this.inFlight.set(role, pending);
    }
    const session = await pending;
    this.sessions.set(role, session);
    return session;
  }

  /** Forgets cached credentials (after AWS said they expired), so the next call gets fresh ones. */
  invalidate(role?: Role): void {
    if (role) this.sessions.delete(role);
    else this.sessions.clear();
    this.base = undefined;
  }

  /** Forgets everything about the person (after signing in or out): the next call starts afresh. */
  forget(): void {
    this.invalidate();
    this.name = undefined;
  }

  /** Runs `action` with the role session; if AWS says the session expired mid-way, retries once with a fresh one. */
  async withSession<T>(role: Role, action: (session: RoleSession) => Promise<T>): Promise<T> {
    const session = await this.session(role);
    try {
      return await action(session);
    } catch (error) {
      if (!(error instanceof SignetError) || error.code !== 'SESSION_EXPIRED') throw error;
      this.invalidate(role);
      return action(await this.session(role));
    }
  }

  async whoami(): Promise<WhoAmI> {
    const common = { organisation: this.config.organisation, demo: this.config.sandbox };
    try {
      return await this.signedInAs(common);
    } catch (error) {
      // The sign-in may lapse at any step, also after the name was learned (while checking
      // which access the person has): either way, they are not signed in any more.
      if (error instanceof SignetError && (error.code === 'NOT_SIGNED_IN' || error.code === 'SESSION_EXPIRED')) return { signedIn: false, ...common };
      throw error;
    }
  }

  private async signedInAs(common: { organisation: string; demo: boolean }): Promise<WhoAmI> {
    const person = await this.person();
    const can = async (role: Role): Promise<boolean> =>
      this.session(role).then(
        () => true,
        (error: unknown) => {
          if (error instanceof SignetError && (error.code === 'NEEDS_SENDER_ACCESS' || error.code === 'NEEDS_RECEIVER_ACCESS')) return false;
          throw error;
        },
      );
    const stored = this.profile ? undefined : await this.store.read();
    return {
      signedIn: true,
      userName: person.userName,
      via: this.via,
      roles: { sender: await can('sender'), receiver: await can('receiver') },
      sessionEndsAt: stored?.token ? new Date(stored.token.expiresAt).toISOString() : undefined,
      ...common,
    };
  }
}
