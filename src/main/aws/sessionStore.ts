// Where sign-in state lives between runs: the Identity Center client registration and
// the access and refresh tokens. Behind a small interface so the desktop app can keep
// it encrypted with Electron's safeStorage (the OS keychain) while the CLI keeps it in
// a file only its owner can read (mode 0600 in a 0700 folder). Never logged.
import { chmod, mkdir, readFile, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import { SignetError } from '../../shared/errors.js';
import { writeFileAtomic } from '../fs/atomicWrite.js';

export const StoredSessionSchema = z
  .object({
    version: z.literal(1),
    startUrl: z.string(),
    ssoRegion: z.string(),
    client: z.object({ clientId: z.string(), clientSecret: z.string(), expiresAt: z.number() }).strict().optional(),
    token: z
      .object({ accessToken: z.string(), refreshToken: z.string().optional(), expiresAt: z.number(), userName: z.string().optional() })
      .strict()
      .optional(),
  })
  .strict();
export type StoredSession = z.infer<typeof StoredSessionSchema>;

export interface SessionStore {
  read(): Promise<StoredSession | undefined>;
  write(session: StoredSession): Promise<void>;
  clear(): Promise<void>;
}

/** The CLI's store: one JSON file, mode 0600, replaced atomically. */
export class FileSessionStore implements SessionStore {
  constructor(readonly path: string) {}

  async read(): Promise<StoredSession | undefined> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new SignetError('CONFIG_INVALID', `Your sign-in file ${this.path} is damaged. Delete it and sign in again.`);
    }
    const parsed = StoredSessionSchema.safeParse(json);
    return parsed.success ? parsed.data : undefined;
  }

  async write(session: StoredSession): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true, mode: 0o700 });
    await writeFileAtomic(this.path, JSON.stringify(session), 0o600);
    await chmod(this.path, 0o600);
  }

  async clear(): Promise<void> {
    await rm(this.path, { force: true });
  }
}
