// The CLI's view of the person: which configuration (--config, SIGNET_CONFIG, or the
// one in Signet's folder) and which per-person folder (SIGNET_HOME or app data).
import { visibleText } from '../format/names.js';
import { mark } from '../platform/timings.js';
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { SignetError } from '../../shared/errors.js';
import { loadOrgConfig } from '../config/orgConfig.js';
import { signetHome } from '../platform/appData.js';
import { createContext, type SignetContext } from '../services/context.js';
import type { GlobalOptions } from './globalOptions.js';

export async function configPath(global: GlobalOptions): Promise<string> {
  const candidate = global.config ?? process.env.SIGNET_CONFIG ?? join(signetHome(), 'signet.json');
  try {
    await access(candidate);
  } catch {
    throw new SignetError(
      'CONFIG_INVALID',
      global.config || process.env.SIGNET_CONFIG
        ? `The configuration ${candidate} can't be read.`
        : `No organisation configuration found. Pass --config FILE (IT gives you one), or try "signet demo".`,
    );
  }
  return candidate;
}

export async function cliContext(global: GlobalOptions, warn: (text: string) => void = (text) => process.stderr.write(`signet: ${visibleText(text)}\n`)): Promise<SignetContext> {
  const config = await loadOrgConfig(await configPath(global), warn);
  const context = await createContext(config, signetHome(), { profile: global.profile || undefined });
  mark('configuration read');
  return context;
}

/** Cancels the operation on Ctrl-C; the services then clean up and report CANCELLED. */
export function interruptSignal(): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  const stop = (): void => controller.abort();
  process.once('SIGINT', stop);
  return { signal: controller.signal, dispose: () => process.off('SIGINT', stop) };
}
