// `signet sandbox [--dir DIR] [--port N]`: runs the embedded AWS endpoint in the
// foreground until SIGINT or SIGTERM, printing one `ready …` line once it accepts
// requests.
import { parseArgs } from 'node:util';
import { defaultSandboxDir } from '../platform/appData.js';
import { SignetError } from '../../shared/errors.js';
import { EXIT } from './exitCodes.js';

export async function sandboxCommand(args: string[], out: NodeJS.WritableStream): Promise<number> {
  const { values } = parseArgs({ args, options: { dir: { type: 'string' }, port: { type: 'string' } }, strict: true });
  const port = values.port === undefined ? undefined : Number(values.port);
  if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) throw new SignetError('USAGE', `--port must be a whole number from 0 to 65535, not "${values.port}". Run "signet help" for usage.`);
  const { startSandbox } = await import('../sandbox/index.js');
  const sandbox = await startSandbox({ dir: values.dir ?? defaultSandboxDir(), port });
  out.write(`ready ${sandbox.url} config ${sandbox.configPath}\n`);
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await sandbox.close();
  return EXIT.ok;
}
