// `signet seal --to NAME[,NAME…] [-o OUT] [--force] PATH…`
import { basename, dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { SignetError } from '../../../shared/errors.js';
import { formatBytes } from '../../../shared/words.js';
import { sealFor } from '../../services/sealing.js';
import { cliContext, interruptSignal } from '../cliContext.js';
import type { GlobalOptions } from '../globalOptions.js';
import type { Output } from '../output.js';

export function defaultSealOutput(inputs: string[]): string {
  if (inputs.length !== 1) throw new SignetError('USAGE', 'Name the sealed file with -o when sealing more than one thing.');
  const input = inputs[0]!.replace(/[/\\]+$/, '');
  return join(dirname(input), `${basename(input)}.signet`);
}

export async function sealCommand(global: GlobalOptions, args: string[], output: Output): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    options: { to: { type: 'string', multiple: true }, output: { type: 'string', short: 'o' }, force: { type: 'boolean' } },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length === 0) throw new SignetError('USAGE', 'Name the files or folders to seal.');
  const to = (values.to ?? []).flatMap((v) => v.split(',')).filter((v) => v.trim() !== '');
  const ctx = await cliContext(global);
  const target = values.output ?? defaultSealOutput(positionals);
  const { signal, dispose } = interruptSignal();
  try {
    const result = await sealFor(ctx, { inputs: positionals, to, output: target, overwrite: values.force ?? false, onProgress: output.progress('Sealing'), signal });
    output.endProgress();
    const files = result.manifest.entries.filter((e) => e.type === 'file').length;
    output.result(
      [
        `Sealed for ${result.manifest.recipients.map((r) => r.name).join(', ')}: ${result.output}`,
        `${files} file${files === 1 ? '' : 's'}, ${formatBytes(result.bytesIn)} in, ${formatBytes(result.bytesOut)} sealed. Signed as ${result.manifest.signer.sourceIdentity ?? result.manifest.signer.sessionArn}.`,
      ],
      { output: result.output, manifest: result.manifest, bytesIn: result.bytesIn, bytesOut: result.bytesOut },
    );
  } catch (error) {
    output.endProgress();
    throw error;
  } finally {
    dispose();
  }
}
