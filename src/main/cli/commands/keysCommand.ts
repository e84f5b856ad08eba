// `signet keys list|refresh`: the public keys this computer has pinned, and fetching
// the organisation's keys now (with receiver access if the person has it, else sender).
import { parseArgs } from 'node:util';
import { SignetError } from '../../../shared/errors.js';
import { refreshKeys } from '../../services/keys.js';
import type { PinnedKey } from '../../keyring/keyring.js';
import { cliContext } from '../cliContext.js';
import type { GlobalOptions } from '../globalOptions.js';
import type { Output } from '../output.js';

const describeKey = (k: PinnedKey): string =>
  `${k.keyArn}${k.aliases.length ? ` (${k.aliases.join(', ')})` : ''}\n  ${k.keySpec} ${k.keyUsage} · SHA-256 ${k.fingerprint} · learned ${k.learnedAt} from ${k.learnedFrom}`;

export async function keysCommand(global: GlobalOptions, args: string[], output: Output): Promise<void> {
  const { positionals } = parseArgs({ args, options: {}, allowPositionals: true, strict: true });
  const [action] = positionals;
  const ctx = await cliContext(global);
  if (action === 'list') {
    const keys = ctx.keyring.list();
    output.result(keys.length ? keys.map(describeKey) : ['No keys pinned yet. Run "signet keys refresh" while connected.'], { keys });
    return;
  }
  if (action === 'refresh') {
    const keys = await refreshKeys(ctx, 'receiver').catch((error: unknown) => {
      if (error instanceof SignetError && error.code === 'NEEDS_RECEIVER_ACCESS') return refreshKeys(ctx, 'sender');
      throw error;
    });
    output.result([`Pinned ${keys.length} keys:`, ...keys.map(describeKey)], { keys });
    return;
  }
  throw new SignetError('USAGE', 'Use "signet keys list" or "signet keys refresh". Trust bundles (export/import) are not in this version yet.');
}
