// Options that go before (or anywhere around) the command: --config, --profile, --json.
import { SignetError } from '../../shared/errors.js';

export interface GlobalOptions {
  config?: string;
  profile?: string;
  json: boolean;
}

const WITH_VALUE = new Set(['--config', '--profile']);

/** Splits the global options out of argv and finds the command: the first bare word. */
export function splitArgs(argv: string[]): { global: GlobalOptions; command?: string; rest: string[] } {
  const global: GlobalOptions = { json: false };
  const rest: string[] = [];
  let command: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    if (WITH_VALUE.has(flag)) {
      const value = inline ?? argv[++i];
      if (value === undefined || value.startsWith('--')) throw new SignetError('USAGE', `${flag} needs a value.`);
      if (flag === '--config') global.config = value;
      else global.profile = value;
    } else if (arg === '--json') global.json = true;
    else if (command === undefined && !arg.startsWith('-')) command = arg;
    else rest.push(arg);
  }
  return { global, command, rest };
}
