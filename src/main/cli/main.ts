// The `signet` command: finds the subcommand, runs it, and turns every failure into a
// message for a person and a stable exit code (exitCodes.ts). The commands drive the
// same services as the app.
import { SignetError, errorClass } from '../../shared/errors.js';
import { mark, timingsReport } from '../platform/timings.js';
import { asSignetError } from '../fs/ioErrors.js';
import { EXIT } from './exitCodes.js';
import { splitArgs, type GlobalOptions } from './globalOptions.js';
import { Output, verdictFor } from './output.js';
import { SANDBOX_USAGE, sandboxCommand } from './sandboxCommand.js';

export const USAGE = `Usage: signet [--config FILE] [--profile NAME] [--json] COMMAND …

  signet demo [PATH…]                          a ten-second tour on a throw-away sandbox
  signet login [--user NAME]                   sign in (--user: a demo person, sandbox only)
  signet whoami                                who is signed in, with which access
  signet logout                                sign out and delete the sign-in tokens
  signet seal --to NAME[,NAME…] [-o OUT] [--force] PATH…
  signet open FILE.signet [-o DIR] [--evidence DIR] [--force]
  signet verify EVIDENCE_DIR | FILE.signet [--evidence DIR]   check offline; --evidence: export it for a seal opened before
  signet verify --detached --message FILE --signature FILE --key PEM_FILE|KEY_ARN|ALIAS
  signet keys list|refresh|export FILE|import FILE|accept-rotation ALIAS
  ${SANDBOX_USAGE.split('\n').join('\n  ')}

--config FILE   the organisation configuration (default: SIGNET_CONFIG, then signet.json in Signet's folder)
--profile NAME  use this AWS profile instead of IAM Identity Center
--json          print one JSON object
Per-person state lives in SIGNET_HOME (default: the app-data folder).

Exit codes: 0 success · 2 usage or configuration error · 3 not authentic · 4 not allowed · 5 other failure`;

type Command = (global: GlobalOptions, args: string[], output: Output) => Promise<void>;

// Each command's module loads only when it runs: a cold start pays for one command's
// dependencies (the AWS SDK, the PDF library), not for all of them.
const COMMANDS: Record<string, () => Promise<Command>> = {
  demo: async () => (await import('./commands/demoCommand.js')).demoCommand,
  login: async () => (await import('./commands/identityCommands.js')).loginCommand,
  whoami: async () => (await import('./commands/identityCommands.js')).whoamiCommand,
  logout: async () => (await import('./commands/identityCommands.js')).logoutCommand,
  seal: async () => (await import('./commands/sealCommand.js')).sealCommand,
  open: async () => (await import('./commands/openCommand.js')).openCommand,
  verify: async () => (await import('./commands/verifyCommand.js')).verifyCommand,
  keys: async () => (await import('./commands/keysCommand.js')).keysCommand,
};

const EXIT_FOR_CLASS = { usage: EXIT.usage, notAuthentic: EXIT.notAuthentic, notAllowed: EXIT.notAllowed, failure: EXIT.failure } as const;

export async function main(argv: string[], out: NodeJS.WritableStream = process.stdout, err: NodeJS.WritableStream = process.stderr): Promise<number> {
  mark('node started, CLI loaded');
  let output = new Output(out, err, argv.includes('--json'));
  try {
    const { global, command, rest } = splitArgs(argv);
    output = new Output(out, err, global.json);
    if (command === 'sandbox') return await sandboxCommand(rest, out);
    if (command === undefined || command === 'help' || rest.includes('--help') || rest.includes('-h')) {
      out.write(`${USAGE}\n`);
      return command === undefined ? EXIT.usage : EXIT.ok;
    }
    const load = COMMANDS[command];
    if (!load) throw new SignetError('USAGE', `"${command}" is not a signet command. Run "signet help" for usage.`);
    const run = await load();
    mark(`${command}: its modules loaded`);
    await run(global, rest, output);
    mark('result printed');
    return EXIT.ok;
  } catch (error) {
    const signetError = asSignetError(error);
    const cls = errorClass(signetError.code);
    output.failure(signetError, verdictFor(cls, signetError.code));
    return EXIT_FOR_CLASS[cls];
  } finally {
    const timings = timingsReport();
    if (timings) err.write(timings);
  }
}
