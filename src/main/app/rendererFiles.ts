// Which file of the built renderer an app://signet/… request names: the one decision
// the app:// protocol handler (main.ts) makes about the file system. The URL's path is
// decoded exactly once; anything that could climb out of the renderer folder after
// that — an encoded separator, a `.` or `..` segment, a `%` left over (a second layer
// of encoding), a backslash, NUL, an empty segment — is refused rather than cleaned
// up, and the file's real path (symbolic links resolved) must still lie inside the
// real renderer folder. No Electron here, so tests can drive it with plain strings.
import { realpath, stat } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { APP_HOST } from './windowOptions.js';

/** The path segments a request names, or undefined when its path is not plainly one file. */
function segmentsOf(pathname: string): string[] | undefined {
  if (/%(2f|5c|00)/i.test(pathname)) return undefined;
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname === '/' ? '/index.html' : pathname);
  } catch {
    return undefined;
  }
  if (/[%\\\0]/.test(decoded) || !decoded.startsWith('/')) return undefined;
  const segments = decoded.slice(1).split('/');
  // The URL parser has already resolved `.` and `..` (also as %2e); this does not rely on it.
  if (segments.some((segment) => segment === '' || segment === '.' || segment === '..')) return undefined;
  return segments;
}

/**
 * The file: URL of the regular file an app://signet/ request names inside `root` (the
 * built renderer folder), or undefined when the request is for another host, its path
 * is refused (see the module comment), or the file does not exist or really lies
 * outside `root` (compared after resolving symbolic links on both sides).
 */
export async function rendererFileUrl(requestUrl: string, root: string): Promise<URL | undefined> {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'app:' || url.host !== APP_HOST || url.username !== '' || url.password !== '') return undefined;
  const segments = segmentsOf(url.pathname);
  if (!segments) return undefined;
  try {
    const realRoot = await realpath(root);
    const file = await realpath(join(realRoot, ...segments));
    if (!file.startsWith(realRoot + sep) || !(await stat(file)).isFile()) return undefined;
    return pathToFileURL(file);
  } catch {
    return undefined;
  }
}
