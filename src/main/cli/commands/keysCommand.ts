// `signet keys list | refresh | export FILE | import FILE | accept-rotation ALIAS`:
// the public keys this computer trusts; fetching the organisation's keys now; trust
// bundles for computers that are never online; and an administrator's acceptance of a
// deliberate key rotation.
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { SignetError } from '../../../shared/errors.js';
import { writeFileAtomic } from '../../fs/atomicWrite.js';
import type { PinnedKey } from '../../keyring/keyring.js';
import { importTrustBundle } from '../../keyring/trustBundle.js';
import { acceptRotation, exportTrustBundle, refreshKeys } from '../../services/learnKeys.js';
import type { SignetContext } from '../../services/context.js';
import { cliContext } from '../cliContext.js';
import type { GlobalOptions } from '../globalOptions.js';
import type { Output } from '../output.js';

/** Two lines for a person: the key and its aliases, then its kind, fingerprint and origin. */
const describeKey = (k: PinnedKey): string[] => [
  `${k.keyArn}${k.aliases.length ? ` (${k.aliases.join(', ')})` : ''}`,
  `  ${k.keySpec} ${k.keyUsage} · SHA-256 ${k.fingerprint} · learned ${k.learnedAt} from ${k.learnedFrom}`,
];

/** Runs with receiver access if the person has it, otherwise with sender access. */
function eitherRole<T>(work: (role: 'receiver' | 'sender') => Promise<T>): Promise<T> {
  return work('receiver').catch((error: unknown) => {
    if (error instanceof SignetError && error.code === 'NEEDS_RECEIVER_ACCESS') return work('sender');
    throw error;
  });
}

const ACTIONS: Record<string, (ctx: SignetContext, args: string[], output: Output) => Promise<void>> = {
  async list(ctx, _args, output) {
    const keys = ctx.keyring.list();
    output.result(keys.length ? keys.flatMap(describeKey) : ['No keys pinned yet. Run "signet keys refresh" while connected, or import a key file from IT.'], { keys });
  },
  async refresh(ctx, _args, output) {
    const keys = await eitherRole((role) => refreshKeys(ctx, role));
    output.result([`Pinned ${keys.length} keys:`, ...keys.flatMap(describeKey)], { keys });
  },
  async export(ctx, [file], output) {
    if (!file) throw new SignetError('USAGE', 'Name the file to write the keys to.');
    const bundle = await exportTrustBundle(ctx);
    await writeFileAtomic(file, bundle, 0o644);
    output.result([`Wrote ${ctx.keyring.list().length} keys to ${file}, signed with your organisation's signing key.`], { file, keys: ctx.keyring.list().length });
  },
  async import(ctx, [file], output) {
    if (!file) throw new SignetError('USAGE', 'Name the key file to import.');
    const text = await readFile(file, 'utf8').catch(() => {
      throw new SignetError('INPUT_NOT_FOUND', `${file} can't be read.`);
    });
    const result = await importTrustBundle(text, ctx.keyring, ctx.config.trustBundleSigner);
    output.result(
      [`Imported ${result.imported.length} keys from ${file}, signed by ${result.signer.keyArn} (trusted as ${result.signer.trustedAs}).`, ...result.imported.flatMap(describeKey)],
      { imported: result.imported, signer: result.signer },
    );
  },
  async 'accept-rotation'(ctx, [alias], output) {
    if (!alias?.startsWith('alias/')) throw new SignetError('USAGE', 'Name the alias whose new key you accept, such as alias/NAME.');
    const { previous, current } = await eitherRole((role) => acceptRotation(ctx, alias, role));
    output.result(
      [
        previous ? `${alias} now means ${current.keyArn} (SHA-256 ${current.fingerprint}).` : `${alias} is ${current.keyArn}; nothing changed.`,
        ...(previous ? [`The old key ${previous.keyArn} stays trusted for files sealed with it.`] : []),
      ],
      { alias, current, previous },
    );
  },
};

export async function keysCommand(global: GlobalOptions, args: string[], output: Output): Promise<void> {
  const { positionals } = parseArgs({ args, options: {}, allowPositionals: true, strict: true });
  const [action, ...rest] = positionals;
  const run = action ? ACTIONS[action] : undefined;
  if (!run) throw new SignetError('USAGE', 'Choose what to do with the keys: list, refresh, export, import or accept-rotation.');
  await run(await cliContext(global), rest, output);
}
