// A session store that keeps the sign-in tokens encrypted at rest with the operating
// system's keychain — Electron's safeStorage in the app — behind the calls it needs,
// so this module never imports Electron. Refuses to store anything in the clear, or
// under a key that is not the keychain's: when the keychain is unavailable, and on
// Linux when safeStorage has no keyring and falls back to its built-in password
// (the `basic_text` backend), which anyone with the file could undo.
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
  /** Linux only: which keyring safeStorage uses ('gnome_libsecret', 'kwallet5', …, 'basic_text', 'unknown'). */
  getSelectedStorageBackend?(): string;
}

/** safeStorage backends on Linux that do not protect anything: a fixed password, or none chosen yet. */
const UNSAFE_BACKENDS = new Set(['basic_text', 'unknown']);

export class EncryptedSessionStore implements SessionStore {
  constructor(
    readonly path: string,
    private readonly cipher: OsKeychainCipher,
  ) {}

  /** Why the keychain cannot keep tokens safe now, or undefined when it can. */
  private unsafeKeychain(): SignetError | undefined {
    if (!this.cipher.isEncryptionAvailable()) return new SignetError('KEYCHAIN_UNAVAILABLE', undefined, 'safeStorage: encryption is not available');
    const backend = this.cipher.getSelectedStorageBackend?.();
    if (backend !== undefined && UNSAFE_BACKENDS.has(backend)) {
      return new SignetError(
        'KEYCHAIN_UNAVAILABLE',
        "Signet can't keep you signed in safely: this computer has no keyring, so your sign-in could only be locked with a password every copy of the app knows. Install or unlock a keyring such as GNOME Keyring or KWallet, then sign in again.",
        `safeStorage backend: ${backend}`,
      );
    }
    return undefined;
  }

  /** The stored session, or undefined (signed out) when there is none, it cannot be decrypted, or the keychain is not safe to use. */
  async read(): Promise<StoredSession | undefined> {
    let bytes: Buffer;
    try {
      bytes = await readFile(this.path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    if (this.unsafeKeychain()) {
      // Tokens an older Signet stored under the fixed fallback password are as good as
      // in the clear: remove them rather than leave a 90-day refresh token on disk.
      await this.clear();
      return undefined;
    }
    try {
      const parsed = StoredSessionSchema.safeParse(JSON.parse(this.cipher.decryptString(bytes)));
      return parsed.success ? parsed.data : undefined;
    } catch {
      // Encrypted under another OS account or keychain: as good as signed out.
      return undefined;
    }
  }

  /** Stores the session encrypted by the keychain; throws KEYCHAIN_UNAVAILABLE, writing nothing, when the keychain is not safe to use. */
  async write(session: StoredSession): Promise<void> {
    const unsafe = this.unsafeKeychain();
    if (unsafe) throw unsafe;
    await mkdir(dirname(this.path), { recursive: true, mode: 0o700 });
    await writeFileAtomic(this.path, this.cipher.encryptString(JSON.stringify(session)), 0o600);
  }

  async clear(): Promise<void> {
    await rm(this.path, { force: true });
  }
}
