// What a new seal is called and where it goes, for the CLI, the app and the demo alike:
// "report.pdf.signet" for one input, "report.pdf and 2 more.signet" for several,
// beside the first input unless a folder is given. (The evidence folder's name is
// decided in evidenceFolder.ts.)
import { basename, dirname, join } from 'node:path';
import { SignetError } from '../../shared/errors.js';
import { exists } from '../fs/publish.js';

export interface SealOutputOptions {
  /** Where the seal goes; by default the folder of the first input. */
  folder?: string;
  /** When the plain name is taken, "report.pdf (2).signet", "(3)", … instead. */
  keepBoth?: boolean;
}

/** The path of a new seal of `inputs` (files or folders, the first named first). */
export async function sealOutputFor(inputs: string[], options: SealOutputOptions = {}): Promise<string> {
  const first = inputs[0]!.replace(/[/\\]+$/, '');
  const stem = inputs.length === 1 ? basename(first) : `${basename(first)} and ${inputs.length - 1} more`;
  const folder = options.folder ?? dirname(first);
  const plain = join(folder, `${stem}.signet`);
  if (!options.keepBoth || !(await exists(plain))) return plain;
  for (let n = 2; n < 1000; n++) {
    const candidate = join(folder, `${stem} (${n}).signet`);
    if (!(await exists(candidate))) return candidate;
  }
  throw new SignetError('OUTPUT_EXISTS');
}
