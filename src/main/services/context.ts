// Everything a service needs about the person and their organisation: the
// configuration, who is signed in (and their role sessions), and the pinned keys.
// The CLI builds one per run; the app keeps one for the window's lifetime.
import { join } from 'node:path';
import { Identity, type IdentityOptions } from '../aws/identity.js';
import { FileSessionStore, type SessionStore } from '../aws/sessionStore.js';
import type { OrgConfig } from '../config/orgConfig.js';
import { Keyring } from '../keyring/keyring.js';

export interface SignetContext {
  config: OrgConfig;
  identity: Identity;
  keyring: Keyring;
  home: string;
  sessions: SessionStore;
}

export async function createContext(config: OrgConfig, home: string, options: IdentityOptions & { sessions?: SessionStore } = {}): Promise<SignetContext> {
  const sessions = options.sessions ?? new FileSessionStore(join(home, 'session.json'));
  return {
    config,
    home,
    sessions,
    identity: new Identity(config, sessions, options),
    keyring: await Keyring.open(join(home, 'keyring.json')),
  };
}
