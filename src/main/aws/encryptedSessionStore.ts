// A session store that keeps the sign-in tokens encrypted at rest with the operating
// system's keychain — Electron's safeStorage in the app — behind the three calls it
// needs, so this module never imports Electron. Refuses to store anything in the clear
// when the keychain is unavailable.
import { mkdir, readFile, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { SignetError } from '../../shared/errors.js';
import { writeFileAtomic } from '../fs/atomicWrite.js';
import { StoredSessionSchema, type SessionStore, type StoredSession } from './sessionStore.js';

/** The part of Electron's safeStorage this store uses. */
export interface OsKeychainCipher {
  isEncryptionAvailable(): boolean;
  encryptString(plain: string): Buffer;
  decryptString(encrypted: Buffer): string;
}

export class EncryptedSessionStore implements SessionStore {
  constructor(
    readonly path: string,
    private readonly cipher: OsKeychainCipher,
  ) {}

  async read(): Promise<StoredSession | undefined> {
    let bytes: Buffer;
    try {
      bytes = await readFile(this.path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    if (!this.cipher.isEncryptionAvailable()) return undefined;
    try {
      const parsed = StoredSessionSchema.safeParse(JSON.parse(this.cipher.decryptString(bytes)));
      return parsed.success ? parsed.data : undefined;
    } catch {
      // Encrypted under another OS account or keychain: as good as signed out.
      return undefined;
    }
  }

  async write(session: StoredSession): Promise<void> {
    if (!this.cipher.isEncryptionAvailable()) {
      throw new SignetError('IO_ERROR', "This computer's keychain is not available, so Signet can't keep you signed in safely. Unlock the keychain and sign in again.");
    }
    await mkdir(dirname(this.path), { recursive: true, mode: 0o700 });
    await writeFileAtomic(this.path, this.cipher.encryptString(JSON.stringify(session)), 0o600);
  }

  async clear(): Promise<void> {
    await rm(this.path, { force: true });
  }
}
