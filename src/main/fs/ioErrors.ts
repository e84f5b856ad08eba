// The one place any thrown value becomes a Signet error, for the engine, the use cases,
// the IPC dispatch and the CLI alike: a SignetError stays itself; a cancel is
// CANCELLED; a bad command line is USAGE; a full disk and other file-system failures get their own codes; the
// rest is INTERNAL, with the stack as its detail.
import { SignetError } from '../../shared/errors.js';

/** node:util parseArgs's errors for an unknown option, a stray argument or a bad value. */
const PARSE_ERRORS = new Set(['ERR_PARSE_ARGS_UNKNOWN_OPTION', 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL', 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE']);
const IO_ERRORS = new Set(['ENOENT', 'EACCES', 'EPERM', 'EISDIR', 'ENOTDIR', 'EIO', 'EROFS', 'EMFILE']);

export function asSignetError(error: unknown, signal?: AbortSignal): SignetError {
  if (error instanceof SignetError) return error;
  if (signal?.aborted || (error as Error)?.name === 'AbortError') return new SignetError('CANCELLED');
  const code = (error as NodeJS.ErrnoException)?.code;
  const message = (error as Error)?.message ?? String(error);
  if (code !== undefined && PARSE_ERRORS.has(code)) return new SignetError('USAGE', `${message} Run "signet help" for usage.`);
  const detail = `${code ?? 'Error'}: ${message}`;
  if (code === 'ENOSPC' || code === 'EDQUOT') return new SignetError('DISK_FULL', undefined, detail);
  if (code !== undefined && IO_ERRORS.has(code)) return new SignetError('IO_ERROR', undefined, detail);
  return new SignetError('INTERNAL', undefined, (error as Error)?.stack ?? detail);
}
