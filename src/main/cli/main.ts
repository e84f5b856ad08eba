// The `signet` command: parses the subcommand and maps every failure to a message for
// a person and a stable exit code (see exitCodes.ts). The same services back the app.
import { ConfigError } from '../config/orgConfig.js';
import { SandboxStateError } from '../sandbox/state.js';
import { EXIT, UsageError } from './exitCodes.js';
import { SANDBOX_USAGE, sandboxCommand } from './sandboxCommand.js';

const USAGE = `Usage:
  ${SANDBOX_USAGE.split('\n').join('\n  ')}

Exit codes: 0 success · 2 usage or configuration error · 3 not authentic · 4 not allowed · 5 other failure`;

export async function main(argv: string[], out: NodeJS.WritableStream = process.stdout, err: NodeJS.WritableStream = process.stderr): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'sandbox':
        return await sandboxCommand(rest, out);
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        out.write(`${USAGE}\n`);
        return command === undefined ? EXIT.usage : EXIT.ok;
      default:
        throw new UsageError(`"${command}" is not a signet command.`);
    }
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' || (error as { code?: string }).code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL' || (error as { code?: string }).code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      err.write(`signet: ${(error as Error).message}\nRun "signet help" for usage.\n`);
      return EXIT.usage;
    }
    if (error instanceof ConfigError || error instanceof SandboxStateError) {
      err.write(`signet: ${error.message}\n`);
      return EXIT.usage;
    }
    err.write(`signet: ${(error as Error).message}\n`);
    return EXIT.failure;
  }
}
