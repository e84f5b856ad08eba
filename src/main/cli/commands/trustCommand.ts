// `signet trust import FILE | refresh | show`: what this computer trusts under trust v2
// (docs/TRUST.md) — the organisation's root (pinned by the configuration), the issuing
// CA, people's and teams' certificates, and the revocation lists. A computer that is
// never online imports the trust file IT hands out; a connected one refreshes it.
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { SignetError } from '../../../shared/errors.js';
import { loadOrgConfig } from '../../config/orgConfig.js';
import { signetHome } from '../../platform/appData.js';
import { describeTrust, refreshTrust, trustStoreFor } from '../../services/trust.js';
import type { TrustStore } from '../../trust/trustStore.js';
import type { OrgConfig } from '../../config/orgConfig.js';
import { configPath } from '../cliContext.js';
import type { GlobalOptions } from '../globalOptions.js';
import type { Output } from '../output.js';

const ACTIONS: Record<string, (config: OrgConfig, store: TrustStore, args: string[], output: Output) => Promise<void>> = {
  async import(_config, store, [file], output) {
    if (!file) throw new SignetError('USAGE', 'Name the trust file to import (IT gives you one, such as signet.signet-trust).');
    const text = await readFile(file, 'utf8').catch(() => {
      throw new SignetError('INPUT_NOT_FOUND', `${file} can't be read.`);
    });
    const counts = await store.importTrustFile(text);
    output.result([`Imported ${file}: ${counts.certificates} new certificates and ${counts.crls} new revocation lists. Everything in it chains to your organisation's root.`], { file, ...counts });
  },
  async refresh(config, store, _args, output) {
    const counts = await refreshTrust(config, store);
    if (!counts) throw new SignetError('CONFIG_INVALID', "Your configuration doesn't say where IT publishes the trust file (trust.updates). Import the file IT gives you with \"signet trust import FILE\".");
    output.result([`Refreshed from ${config.trust!.updates}: ${counts.certificates} new certificates and ${counts.crls} new revocation lists.`], { from: config.trust!.updates, ...counts });
  },
  async show(config, store, _args, output) {
    const view = describeTrust(config, store);
    output.result(
      [
        `Root: ${view.root ?? '(not on this computer yet — import the trust file from IT)'} (SHA-256 ${view.rootSha256})`,
        ...view.authorities.map((subject) => `Issuing CA: ${subject}`),
        ...view.certificates.map((c) => `${c.kind === 'person' ? 'Person' : 'Team'}: ${c.team && c.kind === 'person' ? `${c.name}, ${c.team}` : c.name} — ${c.keyArn}, valid until ${c.validUntil.slice(0, 10)}`),
        ...(view.crls.length === 0 ? ['Revocation lists: none yet — connect once, or import a trust file.'] : view.crls.map((crl) => `Revocation list #${crl.number} from ${crl.issuer}${crl.nextUpdate ? `, next update ${crl.nextUpdate.slice(0, 10)}` : ''}${crl.stale ? ' — OUT OF DATE' : ''}`)),
      ],
      view,
    );
  },
};

export async function trustCommand(global: GlobalOptions, args: string[], output: Output): Promise<void> {
  const { positionals } = parseArgs({ args, options: {}, allowPositionals: true, strict: true });
  const [action, ...rest] = positionals;
  const run = action ? ACTIONS[action] : undefined;
  if (!run) throw new SignetError('USAGE', 'Choose what to do: import FILE, refresh or show.');
  const config = await loadOrgConfig(await configPath(global), (warning) => output.note(warning));
  await run(config, await trustStoreFor(config, signetHome()), rest, output);
}
