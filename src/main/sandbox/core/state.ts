// The sandbox's whole world — keys, aliases, IAM users and roles, credentials,
// Identity Center people, clients, device codes and tokens, private certificate
// authorities and what they issued — kept in one JSON file in
// the sandbox folder and rewritten atomically before a change is acknowledged (the
// rule is in docs/SANDBOX.md), so a restart (or a kill) never loses or corrupts what
// was acknowledged.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SignetError } from '../../../shared/errors.js';
import { writeFileAtomic } from '../../fs/atomicWrite.js';

export type KeySpec =
  | 'SYMMETRIC_DEFAULT'
  | 'RSA_2048'
  | 'RSA_3072'
  | 'RSA_4096'
  | 'ECC_NIST_P256'
  | 'ECC_NIST_P384'
  | 'ECC_NIST_P521'
  | 'ECC_SECG_P256K1';
export type KeyUsage = 'ENCRYPT_DECRYPT' | 'SIGN_VERIFY';
export type KeyState = 'Enabled' | 'Disabled' | 'PendingDeletion';

export interface KeyRecord {
  keyId: string;
  arn: string;
  spec: KeySpec;
  usage: KeyUsage;
  description: string;
  createdAt: number;
  state: KeyState;
  deletionDate?: number;
  /** The key policy exactly as it was given (KMS returns the same text). */
  policy: string;
  /** Asymmetric keys: the private key, PKCS#8 PEM. */
  privateKeyPem?: string;
  /** Symmetric keys: 32 bytes, base64. */
  secretKey?: string;
  tags?: { TagKey: string; TagValue: string }[];
}

export interface AliasRecord {
  name: string;
  targetKeyId: string;
  createdAt: number;
  updatedAt: number;
}

export interface UserRecord {
  name: string;
  arn: string;
  userId: string;
  /** Identity policies, JSON text. */
  policies: string[];
}

export interface RoleRecord {
  name: string;
  path: string;
  arn: string;
  roleId: string;
  trustPolicy: string;
  /** Identity policies the sandbox itself attached (the demo organisation's permission set), JSON text. */
  policies: string[];
  /** Inline policies put with IAM PutRolePolicy, by policy name; identity policies too. */
  inlinePolicies?: Record<string, string>;
  maxSessionDuration: number;
  /** Set for roles made with IAM CreateRole; the demo organisation's roles have none. */
  createdAt?: number;
  description?: string;
  tags?: { Key: string; Value: string }[];
}

export type PrincipalRef =
  | { kind: 'user'; userName: string }
  | { kind: 'assumed-role'; roleName: string; sessionName: string; sourceIdentity?: string; chained: boolean };

export interface AccessKeyRecord {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiresAt?: number;
  principal: PrincipalRef;
}

/** A person in the sandbox's Identity Center directory. */
export interface PersonRecord {
  userName: string;
  displayName: string;
  team: string;
  email: string;
}

export interface SsoClientRecord {
  clientId: string;
  clientSecretHash: string;
  clientName: string;
  issuedAt: number;
  expiresAt: number;
}

export interface DeviceAuthorizationRecord {
  deviceCodeHash: string;
  userCode: string;
  clientId: string;
  expiresAt: number;
  interval: number;
  lastPolledAt?: number;
  status: 'pending' | 'approved' | 'denied' | 'redeemed';
  userName?: string;
  /** Guards the approval form against forged posts from other pages. */
  formNonce: string;
}

export interface SsoTokenRecord {
  userName: string;
  clientId: string;
  accessTokenHash: string;
  refreshTokenHash: string;
  expiresAt: number;
  /** Refresh tokens last longer than access tokens, as in Identity Center. */
  refreshExpiresAt: number;
  revoked: boolean;
}

export type CertificateAuthorityType = 'ROOT' | 'SUBORDINATE';
export type CertificateAuthorityStatus = 'PENDING_CERTIFICATE' | 'ACTIVE' | 'DISABLED';

/** A certificate an AWS Private CA issued, by serial number. */
export interface IssuedCertificateRecord {
  /** Hex, lower case, no leading zeros. */
  serial: string;
  arn: string;
  pem: string;
  issuedAt: number;
  /** False until the first GetCertificate, which AWS answers with RequestInProgressException. */
  retrievable: boolean;
  revokedAt?: number;
  /** The RevocationReason given to RevokeCertificate. */
  revocationReason?: string;
}

/** An idempotency token's first request and its answer, honoured for five minutes. */
export interface IdempotentRequest {
  requestHash: string;
  arn: string;
  at: number;
}

export interface CertificateAuthorityRecord {
  id: string;
  arn: string;
  type: CertificateAuthorityType;
  status: CertificateAuthorityStatus;
  createdAt: number;
  lastStateChangeAt: number;
  /** CertificateAuthorityConfiguration exactly as given (AWS describes it back). */
  configuration: { KeyAlgorithm: string; SigningAlgorithm: string; Subject: Record<string, unknown>; CsrExtensions?: unknown };
  revocationConfiguration: { CrlConfiguration?: { Enabled: boolean; ExpirationInDays?: number; S3BucketName?: string; CustomCname?: string } };
  usageMode: string;
  keyStorageSecurityStandard: string;
  tags: { Key: string; Value?: string }[];
  /** The CA's private key, PKCS#8 PEM (like a KMS key's material, never returned). */
  privateKeyPem: string;
  csrPem: string;
  /** False until the first GetCertificateAuthorityCsr, which AWS answers with RequestInProgressException. */
  csrRetrievable: boolean;
  certificatePem?: string;
  certificateChainPem?: string;
  /** The CRL distribution point written into what the CA issues, fixed when CRLs are configured. */
  crlUrl?: string;
  crlNumber: number;
  /** When the CRL now in the bucket was issued; absent before the first. */
  crlIssuedAt?: number;
  certificates: Record<string, IssuedCertificateRecord>;
  issueRequests: Record<string, IdempotentRequest>;
  creationToken?: IdempotentRequest;
}

/** The demo organisation's PKI (docs/TRUST.md): its issuing CA and the certificates it holds for people and teams. */
export interface DemoPkiRecord {
  issuingCaId: string;
  /** The bucket both CRLs are published to. */
  crlBucket: string;
  /** Certificate serials from the issuing CA, by user name and by team. */
  people: Record<string, string>;
  teams: Record<string, string>;
  /** The organisation's report-signing key (it signs evidence reports) and its certificate's serial; added to older sandboxes at start. */
  reports?: { keyId: string; serial: string };
  /** The sandbox's time-stamping authority (src/main/sandbox/tsa): its certificate's serial from the issuing CA and its private key, PKCS#8 PEM. */
  timestampAuthority?: { serial: string; privateKeyPem: string };
}

/** CloudFormation (docs/SANDBOX.md, "CloudFormation"): a stack's status, as AWS names it. */
export type StackStatus =
  | 'CREATE_IN_PROGRESS'
  | 'CREATE_COMPLETE'
  | 'ROLLBACK_IN_PROGRESS'
  | 'ROLLBACK_COMPLETE'
  | 'ROLLBACK_FAILED'
  | 'DELETE_IN_PROGRESS'
  | 'DELETE_COMPLETE'
  | 'DELETE_FAILED';
export type StackResourceStatus = 'CREATE_IN_PROGRESS' | 'CREATE_COMPLETE' | 'CREATE_FAILED' | 'DELETE_IN_PROGRESS' | 'DELETE_COMPLETE' | 'DELETE_FAILED' | 'DELETE_SKIPPED';

/** One resource of a stack: what the template declared and what creating it made. */
export interface StackResourceRecord {
  logicalId: string;
  type: string;
  /** The resource's physical id (its Ref), once created. */
  physicalId?: string;
  status: StackResourceStatus;
  statusReason?: string;
  updatedAt: number;
  /** Its Fn::GetAtt values. */
  attributes: Record<string, string>;
  /** The properties it was created with, intrinsics resolved; deletion reads them too. */
  properties: Record<string, unknown>;
  deletionPolicy: 'Delete' | 'Retain' | 'RetainExceptOnCreate';
}

export interface StackEventRecord {
  eventId: string;
  logicalId: string;
  physicalId?: string;
  type: string;
  status: string;
  reason?: string;
  at: number;
}

export interface StackRecord {
  stackId: string;
  name: string;
  description?: string;
  status: StackStatus;
  statusReason?: string;
  createdAt: number;
  deletedAt?: number;
  templateBody: string;
  parameters: { ParameterKey: string; ParameterValue: string }[];
  capabilities: string[];
  tags: { Key: string; Value: string }[];
  outputs: { OutputKey: string; OutputValue: string; Description?: string; ExportName?: string }[];
  /** In creation order, so deleting in reverse honours the dependencies. */
  resources: Record<string, StackResourceRecord>;
  /** Oldest first. */
  events: StackEventRecord[];
}

/** An IAM Identity Center permission set, provisioned to the account as its AWSReservedSSO_ role. */
export interface PermissionSetRecord {
  arn: string;
  name: string;
  description?: string;
  /** ISO 8601, e.g. PT12H. */
  sessionDuration: string;
  inlinePolicy?: string;
  createdAt: number;
  /** The IAM role it is provisioned as (under /aws-reserved/sso.amazonaws.com/). */
  roleName: string;
}

export interface SandboxState {
  version: 1;
  accountId: string;
  region: string;
  organisation: string;
  /** The permission-set role people get from the SSO portal. */
  ssoRoleName: string;
  keys: Record<string, KeyRecord>;
  aliases: Record<string, AliasRecord>;
  users: Record<string, UserRecord>;
  roles: Record<string, RoleRecord>;
  accessKeys: Record<string, AccessKeyRecord>;
  people: Record<string, PersonRecord>;
  ssoClients: Record<string, SsoClientRecord>;
  deviceAuthorizations: Record<string, DeviceAuthorizationRecord>;
  ssoTokens: Record<string, SsoTokenRecord>;
  /** AWS Private CA; absent from the state of sandboxes made before trust v2 (load adds it). */
  certificateAuthorities: Record<string, CertificateAuthorityRecord>;
  /** CloudFormation stacks by stack id, deleted ones kept as AWS keeps them; absent in older sandboxes (load adds it). */
  stacks?: Record<string, StackRecord>;
  /** Identity Center permission sets by ARN; absent in older sandboxes (load adds it). */
  permissionSets?: Record<string, PermissionSetRecord>;
  /** Absent until the trust v2 ceremony has run (demoPki.ts), in new and older sandboxes alike. */
  demoPki?: DemoPkiRecord;
  /** Added to the wall clock for credential and token lifetimes (tests move time forward). */
  clockOffsetMs: number;
  /** The port it last listened on, reused when free so sign-ins survive a restart. */
  lastPort?: number;
}

export const STATE_FILE = 'state.json';

/** The tables a state file must hold, each an object keyed by id or name. */
const STATE_TABLES = ['keys', 'aliases', 'users', 'roles', 'accessKeys', 'people', 'ssoClients', 'deviceAuthorizations', 'ssoTokens'] as const;

const isRecord = (value: unknown): boolean => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A state file Signet cannot use: a configuration problem the person fixes by moving the folder aside. */
export class SandboxStateError extends SignetError {
  constructor(message: string) {
    super('CONFIG_INVALID', message);
  }
}

/** Holds the state in memory and writes it back, one write at a time, after changes. */
export class SandboxStore {
  private writing: Promise<void> = Promise.resolve();
  private dirty = false;

  constructor(
    readonly dir: string,
    readonly state: SandboxState,
  ) {}

  static async load(dir: string): Promise<SandboxStore | undefined> {
    let text: string;
    try {
      text = await readFile(join(dir, STATE_FILE), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    let state: unknown;
    try {
      state = JSON.parse(text);
    } catch {
      throw new SandboxStateError(`The sandbox state in ${dir} is not valid JSON. Move the folder aside to start afresh.`);
    }
    if (typeof state !== 'object' || state === null || (state as { version?: unknown }).version !== 1) {
      throw new SandboxStateError(`The sandbox state in ${dir} is from another version of Signet. Move the folder aside to start afresh.`);
    }
    const missing = STATE_TABLES.filter((name) => !isRecord((state as Record<string, unknown>)[name]));
    if (missing.length > 0 || typeof (state as Record<string, unknown>).clockOffsetMs !== 'number') {
      throw new SandboxStateError(`The sandbox state in ${dir} is damaged (${missing.join(', ') || 'clockOffsetMs'} missing or not valid). Move the folder aside to start afresh.`);
    }
    const loaded = state as SandboxState;
    loaded.certificateAuthorities ??= {};
    loaded.stacks ??= {};
    loaded.permissionSets ??= {};
    const damaged = (['certificateAuthorities', 'stacks', 'permissionSets'] as const).find((name) => !isRecord(loaded[name]));
    if (damaged) throw new SandboxStateError(`The sandbox state in ${dir} is damaged (${damaged} not valid). Move the folder aside to start afresh.`);
    return new SandboxStore(dir, loaded);
  }

  /** The sandbox's clock for lifetimes: wall time plus any offset a test asked for. */
  now(): number {
    return Date.now() + this.state.clockOffsetMs;
  }

  /** Resolves once the state, including every change made before this call, is on disk. */
  commit(): Promise<void> {
    this.dirty = true;
    this.writing = this.writing.catch(() => undefined).then(async () => {
      if (!this.dirty) return;
      this.dirty = false;
      await writeFileAtomic(join(this.dir, STATE_FILE), JSON.stringify(this.state));
    });
    return this.writing;
  }
}

/** The stacks table, made on first use in a state that has none (a new demo organisation's). */
export const stacksOf = (state: SandboxState): Record<string, StackRecord> => (state.stacks ??= {});

/** The permission sets table, made on first use in a state that has none. */
export const permissionSetsOf = (state: SandboxState): Record<string, PermissionSetRecord> => (state.permissionSets ??= {});

/** Removes credentials, device codes and tokens that can no longer be used (a day after they lapse). */
export function pruneExpired(store: SandboxStore): void {
  const graceMs = 24 * 3600 * 1000;
  const now = store.now();
  const s = store.state;
  for (const [id, key] of Object.entries(s.accessKeys)) if (key.expiresAt !== undefined && key.expiresAt + graceMs < now) delete s.accessKeys[id];
  for (const [id, d] of Object.entries(s.deviceAuthorizations)) if (d.expiresAt + graceMs < now) delete s.deviceAuthorizations[id];
  for (const [id, t] of Object.entries(s.ssoTokens)) if (t.refreshExpiresAt < now || (t.revoked && t.expiresAt + graceMs < now)) delete s.ssoTokens[id];
}
