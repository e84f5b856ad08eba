// The pinned store of public keys. Every
// public key Signet uses is stored with its SPKI SHA-256 fingerprint and pinned to its
// key ARN (and to each alias it was learned under). A different key for a known ARN
// or alias is a hard failure, never a silent update.
import { createHash, createPublicKey, type KeyObject } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import { SignetError, type ErrorCode } from '../../shared/errors.js';
import { writeFileAtomic } from '../fs/atomicWrite.js';

export const PinnedKeySchema = z
  .object({
    keyArn: z.string(),
    aliases: z.array(z.string()),
    keySpec: z.string(),
    keyUsage: z.string(),
    algorithms: z.array(z.string()),
    /** DER SubjectPublicKeyInfo, base64. */
    spki: z.string(),
    /** SHA-256 of the DER SubjectPublicKeyInfo, hex. */
    fingerprint: z.string().regex(/^[0-9a-f]{64}$/),
    learnedAt: z.string(),
    learnedFrom: z.string(),
  })
  .strict();
export type PinnedKey = z.infer<typeof PinnedKeySchema>;

const KeyringFileSchema = z.object({ version: z.literal(1), keys: z.array(PinnedKeySchema) }).strict();

/** `text` as JSON, or undefined when it is not JSON. */
const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

export const spkiFingerprint = (spki: Uint8Array): string => createHash('sha256').update(spki).digest('hex');

export function publicKeyOf(pinned: PinnedKey): KeyObject {
  return createPublicKey({ key: Buffer.from(pinned.spki, 'base64'), format: 'der', type: 'spki' });
}

export interface LearnedKey {
  keyArn: string;
  keySpec: string;
  keyUsage: string;
  algorithms: string[];
  spki: Buffer;
}

export class Keyring {
  private constructor(
    private readonly path: string,
    private readonly keys: Map<string, PinnedKey>,
  ) {}

  static async open(path: string): Promise<Keyring> {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new Keyring(path, new Map());
      throw error;
    }
    const parsed = KeyringFileSchema.safeParse(parseJson(text));
    if (!parsed.success) throw new SignetError('CONFIG_INVALID', `The key cache ${path} is damaged. Move it aside and connect once to rebuild it.`);
    return new Keyring(path, new Map(parsed.data.keys.map((k) => [k.keyArn, k])));
  }

  list(): PinnedKey[] {
    return [...this.keys.values()];
  }

  /** The pinned key for an ARN, or for an alias it was learned under. */
  find(keyRef: string): PinnedKey | undefined {
    return this.keys.get(keyRef) ?? [...this.keys.values()].find((k) => k.aliases.includes(keyRef));
  }

  /**
   * Pins a key learned now. The same key again only refreshes its aliases; a different
   * key for a known ARN, or an alias now pointing elsewhere, fails with `changedCode`.
   */
  async pin(learned: LearnedKey, keyRef: string, learnedFrom: string, changedCode: ErrorCode): Promise<PinnedKey> {
    const fingerprint = spkiFingerprint(learned.spki);
    const known = this.keys.get(learned.keyArn);
    if (known && known.fingerprint !== fingerprint) {
      throw new SignetError(changedCode, undefined, `${learned.keyArn}: pinned ${known.fingerprint}, now offered ${fingerprint}`);
    }
    const isAlias = keyRef !== learned.keyArn;
    if (isAlias) {
      const holder = [...this.keys.values()].find((k) => k.aliases.includes(keyRef));
      if (holder && holder.keyArn !== learned.keyArn) {
        throw new SignetError(changedCode, undefined, `${keyRef} pointed to ${holder.keyArn}, now to ${learned.keyArn}`);
      }
    }
    const pinned: PinnedKey = known
      ? { ...known, aliases: isAlias && !known.aliases.includes(keyRef) ? [...known.aliases, keyRef] : known.aliases }
      : {
          keyArn: learned.keyArn,
          aliases: isAlias ? [keyRef] : [],
          keySpec: learned.keySpec,
          keyUsage: learned.keyUsage,
          algorithms: learned.algorithms,
          spki: learned.spki.toString('base64'),
          fingerprint,
          learnedAt: new Date().toISOString(),
          learnedFrom,
        };
    if (pinned !== known || (known && pinned.aliases !== known.aliases)) {
      this.keys.set(pinned.keyArn, pinned);
      await this.save();
    }
    return pinned;
  }

  /**
   * An administrator's decision: `alias` now really means `learned` (a key rotated to a
   * new KMS key). The old key stays pinned under its ARN, so seals it made still verify.
   */
  async acceptRotation(learned: LearnedKey, alias: string, learnedFrom: string): Promise<{ previous?: PinnedKey; current: PinnedKey }> {
    const previous = this.find(alias);
    if (previous && previous.keyArn !== learned.keyArn) {
      this.keys.set(previous.keyArn, { ...previous, aliases: previous.aliases.filter((a) => a !== alias) });
    }
    const current = await this.pin(learned, alias, learnedFrom, 'KEY_CHANGED');
    return { previous: previous && previous.keyArn !== learned.keyArn ? previous : undefined, current };
  }

  private async save(): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true, mode: 0o700 });
    await writeFileAtomic(this.path, `${JSON.stringify({ version: 1, keys: this.list() }, null, 2)}\n`);
  }
}
