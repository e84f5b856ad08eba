// File-system and cancellation failures as Signet errors: a full disk, a cancelled
// operation and other I/O problems each get their own code and words.
import { SignetError } from '../../shared/errors.js';

export function asSignetError(error: unknown, signal?: AbortSignal): SignetError {
  if (error instanceof SignetError) return error;
  if (signal?.aborted || (error as Error)?.name === 'AbortError') return new SignetError('CANCELLED');
  const code = (error as NodeJS.ErrnoException)?.code;
  const detail = `${code ?? 'Error'}: ${(error as Error)?.message ?? String(error)}`;
  if (code === 'ENOSPC' || code === 'EDQUOT') return new SignetError('DISK_FULL', undefined, detail);
  if (code === 'ENOENT' || code === 'EACCES' || code === 'EPERM' || code === 'EISDIR' || code === 'ENOTDIR' || code === 'EIO' || code === 'EROFS' || code === 'EMFILE') {
    return new SignetError('IO_ERROR', undefined, detail);
  }
  return new SignetError('INTERNAL', undefined, detail);
}
