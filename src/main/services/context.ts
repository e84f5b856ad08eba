// Everything a use case needs about the person and their organisation: the
// configuration, who is signed in (and their role sessions), the pinned keys, and
// `kms`: the only way a use case calls AWS KMS, each call under the role session it
// needs. The CLI builds one per run; the app keeps one for the window's lifetime.
import { join } from 'node:path';
import type { KMSClient } from '@aws-sdk/client-kms';
import { kmsClientFor } from '../aws/clients.js';
import { Identity, type IdentityOptions, type Role } from '../aws/identity.js';
import { kmsDecrypt, kmsGetPublicKey, kmsSign, type KmsSignature, type PublicKeyInfo } from '../aws/kms.js';
import { FileSessionStore, type SessionStore } from '../aws/sessionStore.js';
import type { OrgConfig } from '../config/orgConfig.js';
import { Keyring } from '../keyring/keyring.js';

/** KMS under the person's role sessions; a session that expires mid-call is renewed once. */
export interface KmsGateway {
  /** GetPublicKey with `role`'s session. */
  publicKey(role: Role, keyRef: string): Promise<PublicKeyInfo>;
  /** Sign (ECDSA_SHA_512 over a SHA-512 digest) with sender access. */
  sign(keyArn: string, digest: Buffer): Promise<KmsSignature>;
  /** Sign (ECDSA_SHA_512 over a SHA-512 digest) with receiver access: the organisation's report-signing key signs the evidence's PDF report. */
  signReport(keyArn: string, digest: Buffer): Promise<KmsSignature>;
  /** Decrypt with receiver access; undefined when this person may not use the key. */
  decrypt(keyArn: string, ciphertext: Buffer): Promise<Buffer | undefined>;
}

export interface SignetContext {
  config: OrgConfig;
  identity: Identity;
  keyring: Keyring;
  home: string;
  sessions: SessionStore;
  kms: KmsGateway;
}

function kmsGateway(config: OrgConfig, identity: Identity): KmsGateway {
  const as = <T>(role: Role, call: (kms: KMSClient) => Promise<T>): Promise<T> =>
    identity.withSession(role, (session) => call(kmsClientFor(config, session.credentials)));
  return {
    publicKey: (role, keyRef) => as(role, (kms) => kmsGetPublicKey(kms, keyRef)),
    sign: (keyArn, digest) => as('sender', (kms) => kmsSign(kms, keyArn, digest)),
    signReport: (keyArn, digest) => as('receiver', (kms) => kmsSign(kms, keyArn, digest)),
    decrypt: (keyArn, ciphertext) => as('receiver', (kms) => kmsDecrypt(kms, keyArn, ciphertext)),
  };
}

export async function createContext(config: OrgConfig, home: string, options: IdentityOptions & { sessions?: SessionStore } = {}): Promise<SignetContext> {
  const sessions = options.sessions ?? new FileSessionStore(join(home, 'session.json'));
  const identity = new Identity(config, sessions, options);
  return {
    config,
    home,
    sessions,
    identity,
    keyring: await Keyring.open(join(home, 'keyring.json')),
    kms: kmsGateway(config, identity),
  };
}
