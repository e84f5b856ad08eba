// Publishing finished work: a complete temporary file or folder takes its final name
// in one step, and never replaces what someone else has put under that name unless
// replacing was asked for. Sealing, opening, the evidence folder, the recipe's output
// and atomic writes all publish through here.
import { link, lstat, rename, rm } from 'node:fs/promises';
import { SignetError } from '../../shared/errors.js';

/** Whether anything (a file, a folder, a link, even a broken one) holds `path`. */
export const exists = (path: string): Promise<boolean> =>
  lstat(path).then(
    () => true,
    () => false,
  );

/** The error for a name that is taken: OUTPUT_EXISTS, saying to replace it or choose another name. */
const takenName = (target: string): SignetError => new SignetError('OUTPUT_EXISTS', `${target} already exists. Replace it, or choose another name.`);

export interface PublishOptions {
  /** Replace a file that holds the name (one rename); otherwise refuse when the name is taken. */
  overwrite?: boolean;
  /** The error when the name is taken and replacing was not asked for; OUTPUT_EXISTS by default. */
  taken?: (target: string) => SignetError;
}

/**
 * Gives the finished file `temporary` the name `target`; `temporary` is gone afterwards.
 * Without `overwrite`, link() refuses a name taken even in the instant before, which
 * rename() would silently replace. On failure `temporary` is left for the caller to remove.
 */
export async function publishFile(temporary: string, target: string, options: PublishOptions = {}): Promise<void> {
  if (options.overwrite) return rename(temporary, target);
  await link(temporary, target).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'EEXIST') throw (options.taken ?? takenName)(target);
    throw error;
  });
  await rm(temporary, { force: true });
}

/**
 * Gives the finished folder `temporary` the free name `target` in one rename. rename(2)
 * refuses when a file or a folder with contents holds the name; it would replace an
 * empty folder made in the instant after the check — nothing with contents is ever
 * replaced.
 */
export async function publishFolder(temporary: string, target: string, taken: (target: string) => SignetError = takenName): Promise<void> {
  if (await exists(target)) throw taken(target);
  await rename(temporary, target).catch(async (error: unknown) => {
    if (await exists(target)) throw taken(target);
    throw error;
  });
}
