// Tokens at rest. The keychain is faked on purpose here (a reversible stand-in for
// Electron's safeStorage, which needs a running Electron, including the Linux-only
// getSelectedStorageBackend); the file store is real.
import { access, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EncryptedSessionStore, type OsKeychainCipher } from '../../../src/main/aws/encryptedSessionStore.js';
import { FileSessionStore, type StoredSession } from '../../../src/main/aws/sessionStore.js';

const session: StoredSession = {
  version: 1,
  startUrl: 'https://d-1.awsapps.com/start',
  ssoRegion: 'eu-west-1',
  token: { accessToken: 'secret-access-token', refreshToken: 'secret-refresh-token', expiresAt: 1 },
};

function fakeKeychain(available = true, backend?: string): OsKeychainCipher {
  const key = 0x5a;
  const keychain: OsKeychainCipher = {
    isEncryptionAvailable: () => available,
    encryptString: (plain) => Buffer.from([...Buffer.from(`v10${plain}`)].map((b) => b ^ key)),
    decryptString: (encrypted) => Buffer.from([...encrypted].map((b) => b ^ key)).toString().slice(3),
  };
  if (backend !== undefined) keychain.getSelectedStorageBackend = () => backend;
  return keychain;
}

let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'signet-store-'));
});
afterAll(() => rm(work, { recursive: true, force: true }));

describe('session stores', () => {
  it('the CLI file store is readable only by its owner', async () => {
    const store = new FileSessionStore(join(await mkdtemp(join(work, 'store-')), 'nested', 'session.json'));
    await store.write(session);
    expect((await stat(store.path)).mode & 0o777).toBe(0o600);
    expect((await stat(join(store.path, '..'))).mode & 0o777).toBe(0o700);
    expect(await store.read()).toEqual(session);
    await store.clear();
    expect(await store.read()).toBeUndefined();
  });

  it('a damaged CLI session file is a CONFIG_INVALID that names it and says what to do, not an internal error', async () => {
    const store = new FileSessionStore(join(await mkdtemp(join(work, 'store-')), 'session.json'));
    await writeFile(store.path, '{"version":1,"startUrl":');
    await expect(store.read()).rejects.toMatchObject({ code: 'CONFIG_INVALID', message: expect.stringContaining(`${store.path} is damaged. Delete it and sign in again`) });
  });

  it('the app store never writes tokens in the clear', async () => {
    const store = new EncryptedSessionStore(join(await mkdtemp(join(work, 'store-')), 'session.bin'), fakeKeychain());
    await store.write(session);
    const raw = await readFile(store.path);
    expect(raw.includes(Buffer.from('secret-access-token'))).toBe(false);
    expect(await store.read()).toEqual(session);
  });

  it('refuses to store tokens when the keychain is unavailable, and reads nothing', async () => {
    const dir = await mkdtemp(join(work, 'store-'));
    const locked = new EncryptedSessionStore(join(dir, 'session.bin'), fakeKeychain(false));
    await expect(locked.write(session)).rejects.toMatchObject({ code: 'KEYCHAIN_UNAVAILABLE' });
    await new EncryptedSessionStore(join(dir, 'session.bin'), fakeKeychain()).write(session);
    expect(await locked.read()).toBeUndefined();
  });

  it.each(['basic_text', 'unknown'])(
    "on Linux, refuses to store tokens when safeStorage has no keyring (backend %s), says to install or unlock one, and reads as signed out, removing tokens stored that way",
    async (backend) => {
      const dir = await mkdtemp(join(tmpdir(), 'signet-store-'));
      try {
        const path = join(dir, 'session.bin');
        const fallback = new EncryptedSessionStore(path, fakeKeychain(true, backend));
        const refusal = await fallback.write(session).then(
          () => undefined,
          (error: unknown) => error,
        );
        expect(refusal).toMatchObject({ code: 'KEYCHAIN_UNAVAILABLE', detail: `safeStorage backend: ${backend}` });
        expect((refusal as Error).message).toMatch(/no keyring.*Install or unlock a keyring such as GNOME Keyring or KWallet, then sign in again\.$/);
        await expect(access(path)).rejects.toMatchObject({ code: 'ENOENT' });
        await new EncryptedSessionStore(path, fakeKeychain(true, 'gnome_libsecret')).write(session);
        expect(await fallback.read()).toBeUndefined();
        // Tokens found while the keychain is unsafe (stored by an older Signet under the fixed password) are removed.
        await expect(access(path)).rejects.toMatchObject({ code: 'ENOENT' });
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  );

  it.each(['gnome_libsecret', 'kwallet5', 'kwallet6'])('on Linux, keeps tokens with a real keyring (backend %s)', async (backend) => {
    const dir = await mkdtemp(join(tmpdir(), 'signet-store-'));
    try {
      const store = new EncryptedSessionStore(join(dir, 'session.bin'), fakeKeychain(true, backend));
      await store.write(session);
      expect(await store.read()).toEqual(session);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
