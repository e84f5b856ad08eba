// Tokens at rest. The keychain is faked on purpose here (a reversible stand-in for
// Electron's safeStorage, which needs a running Electron); the file store is real.
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
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

function fakeKeychain(available = true): OsKeychainCipher {
  const key = 0x5a;
  return {
    isEncryptionAvailable: () => available,
    encryptString: (plain) => Buffer.from([...Buffer.from(`v10${plain}`)].map((b) => b ^ key)),
    decryptString: (encrypted) => Buffer.from([...encrypted].map((b) => b ^ key)).toString().slice(3),
  };
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
    await expect(locked.write(session)).rejects.toMatchObject({ code: 'IO_ERROR' });
    await new EncryptedSessionStore(join(dir, 'session.bin'), fakeKeychain()).write(session);
    expect(await locked.read()).toBeUndefined();
  });
});
