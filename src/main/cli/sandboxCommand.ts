// `signet sandbox [--dir DIR] [--port N]`: runs the embedded AWS endpoint in the
// foreground until SIGINT or SIGTERM, printing one `ready …` line once it accepts
// requests. `signet sandbox root-sign` and `signet sandbox root-crl`: the root
// ceremony, run on this machine against the sandbox's folder, never over HTTP — the
// offline root signs a subordinate CA's CSR, or re-issues its CRL (docs/SANDBOX.md).
import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { exists } from '../fs/publish.js';
import { defaultSandboxDir } from '../platform/appData.js';
import { SignetError } from '../../shared/errors.js';
import { EXIT } from './exitCodes.js';

export async function sandboxCommand(args: string[], out: NodeJS.WritableStream): Promise<number> {
  if (args[0] === 'root-sign') return rootSignCommand(args.slice(1), out);
  if (args[0] === 'root-crl') return rootCrlCommand(args.slice(1), out);
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

/** The CSR file's bytes; INPUT_NOT_FOUND when there is none to read. */
async function readCsr(path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new SignetError('INPUT_NOT_FOUND', `${path} doesn't exist. Name the subordinate CA's CSR with --csr FILE. Nothing was signed.`);
    throw error;
  }
}

async function rootSignCommand(args: string[], out: NodeJS.WritableStream): Promise<number> {
  const { values } = parseArgs({ args, options: { dir: { type: 'string' }, csr: { type: 'string' }, output: { type: 'string', short: 'o' } }, strict: true });
  const { csr, output } = values;
  if (csr === undefined || output === undefined) throw new SignetError('USAGE', 'Name the CSR to sign with --csr FILE and the certificate to write with -o FILE.');
  if (await exists(output)) throw new SignetError('OUTPUT_EXISTS', `${output} already exists, and the root ceremony never replaces a file. Choose another name with -o. Nothing was signed.`);
  const request = await readCsr(csr);
  const { rootSign } = await import('../sandbox/index.js');
  const signed = await rootSign(values.dir ?? defaultSandboxDir(), request);
  await writeFile(output, signed.certificatePem, { flag: 'wx', mode: 0o644 }).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'EEXIST') throw error;
    throw new SignetError('OUTPUT_EXISTS', `${output} appeared while the root was signing, so the certificate (serial ${signed.serial}, in the root's log) was not written. Sign again with another name for -o.`);
  });
  out.write(`signed ${signed.subject} serial ${signed.serial}: ${output}\n`);
  return EXIT.ok;
}

async function rootCrlCommand(args: string[], out: NodeJS.WritableStream): Promise<number> {
  const { values } = parseArgs({ args, options: { dir: { type: 'string' } }, strict: true });
  const { rootCrl } = await import('../sandbox/index.js');
  const crl = await rootCrl(values.dir ?? defaultSandboxDir());
  out.write(`root CRL ${crl.number}: ${crl.url}\n`);
  return EXIT.ok;
}
