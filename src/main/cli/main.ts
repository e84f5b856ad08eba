// The `signet` command: finds the subcommand, runs it, and turns every failure into a
// message for a person and a stable exit code (exitCodes.ts). The commands drive the
// same services as the app.
import { SignetError, errorClass } from '../../shared/errors.js';
import { mark, timingsReport } from '../platform/timings.js';
import { asSignetError } from '../fs/ioErrors.js';
import { EXIT } from './exitCodes.js';
import { splitArgs, type GlobalOptions } from './globalOptions.js';
import { Output, verdictFor } from './output.js';
import { sandboxCommand } from './sandboxCommand.js';
import { COMMAND_USAGE, USAGE, commandHelp, commandNames, usageLines } from './usage.js';

export { USAGE };

/** A command; one that returns a number exits with it (a result that is not a failure, such as the doctor's findings). */
type Command = (global: GlobalOptions, args: string[], output: Output) => Promise<number | void>;

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
  trust: async () => (await import('./commands/trustCommand.js')).trustCommand,
  admin: async () => (await import('./commands/adminCommand.js')).adminCommand,
};

const unknownCommand = (name: string): SignetError => new SignetError('USAGE', `"${name}" is not a signet command. Choose one of: ${commandNames()}.`);

const EXIT_FOR_CLASS = { usage: EXIT.usage, notAuthentic: EXIT.notAuthentic, notAllowed: EXIT.notAllowed, failure: EXIT.failure } as const;

export async function main(argv: string[], out: NodeJS.WritableStream = process.stdout, err: NodeJS.WritableStream = process.stderr): Promise<number> {
  mark('node started, CLI loaded');
  let output = new Output(out, err, argv.includes('--json'));
  // The command being run, once it is known to exist: its usage follows a usage error.
  let running: string | undefined;
  try {
    const { global, command, rest } = splitArgs(argv);
    output = new Output(out, err, global.json);
    const wantsHelp = command === 'help' || rest.includes('--help') || rest.includes('-h');
    if (command === undefined || wantsHelp) {
      const about = command === 'help' ? rest.find((arg) => !arg.startsWith('-')) : command;
      if (about !== undefined && !COMMAND_USAGE[about]) throw unknownCommand(about);
      out.write(`${about === undefined ? USAGE : commandHelp(about)}\n`);
      return wantsHelp ? EXIT.ok : EXIT.usage;
    }
    if (command !== 'sandbox' && !COMMANDS[command]) throw unknownCommand(command);
    running = command;
    if (command === 'sandbox') return await sandboxCommand(rest, out);
    const run = await COMMANDS[command]!();
    mark(`${command}: its modules loaded`);
    const code = await run(global, rest, output);
    mark('result printed');
    return code ?? EXIT.ok;
  } catch (error) {
    const signetError = asSignetError(error);
    const cls = errorClass(signetError.code);
    const hint = !running ? undefined : signetError.code === 'USAGE' ? usageLines(running) : signetError.code === 'OUTPUT_EXISTS' ? COMMAND_USAGE[running]?.ifExists : undefined;
    output.failure(signetError, verdictFor(cls, signetError.code), hint);
    return EXIT_FOR_CLASS[cls];
  } finally {
    const timings = timingsReport();
    if (timings) err.write(timings);
  }
}
