// `signet keys list | refresh | accept-rotation ALIAS`: the public keys this computer
// has pinned — the organisation's signing key, which checks version 1 seals and AWS
// recipe messages, and the recipient keys; fetching them now; and an administrator's
// acceptance of a deliberate key rotation. Who sealed a version 2 seal is decided by
// certificates instead (`signet trust`, docs/TRUST.md).
import { parseArgs } from 'node:util';
import { SignetError } from '../../../shared/errors.js';
import type { PinnedKey } from '../../keyring/keyring.js';
import { acceptRotation, refreshKeys } from '../../services/learnKeys.js';
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
    output.result(keys.length ? keys.flatMap(describeKey) : ['No keys pinned yet. Run "signet keys refresh" while connected.'], { keys });
  },
  async refresh(ctx, _args, output) {
    const keys = await eitherRole((role) => refreshKeys(ctx, role));
    output.result([`Pinned ${keys.length} keys:`, ...keys.flatMap(describeKey)], { keys });
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
  if (!run) throw new SignetError('USAGE', 'Choose what to do with the keys: list, refresh or accept-rotation. Certificates and trust files: signet trust.');
  await run(await cliContext(global), rest, output);
}
