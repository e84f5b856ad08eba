// `signet seal --to NAME[,NAME…] [-o OUT] [--force] PATH…`
import { parseArgs } from 'node:util';
import { SignetError } from '../../../shared/errors.js';
import { formatBytes } from '../../../shared/words.js';
import { sealOutputFor } from '../../services/outputNames.js';
import { sealFiles } from '../../services/sealFiles.js';
import { cliContext, interruptSignal } from '../cliContext.js';
import type { GlobalOptions } from '../globalOptions.js';
import type { Output } from '../output.js';

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
  const target = values.output ?? (await sealOutputFor(positionals));
  const { signal, dispose } = interruptSignal();
  try {
    const result = await sealFiles(ctx, { inputs: positionals, to, output: target, overwrite: values.force ?? false, onProgress: output.progress('Sealing'), signal });
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
