// Entry names inside a seal (docs/FORMAT.md, "Names"): relative, '/'-separated,
// UTF-8, with no empty, '.' or '..' components, no control characters, backslashes
// or colons, no component Windows would refuse (reserved device names, a trailing
// dot or space) and no component over 255 bytes. Checked when sealing, so Signet
// never makes what it would refuse, and again when opening, before anything is
// written, so a hostile seal cannot write outside the chosen folder.
import { MAX_PATH_BYTES } from './constants.js';

const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$/i;
// Control characters (C0, DEL, C1) and the characters Windows forbids in names.
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\u0000-\u001f\u007f-\u009f\\:*?"<>|]/;

/** Why a name is unsafe, or undefined if it is fine. */
export function unsafeNameReason(path: string): string | undefined {
  if (path.length === 0) return 'the name is empty';
  if (Buffer.byteLength(path, 'utf8') > MAX_PATH_BYTES) return `the name is longer than ${MAX_PATH_BYTES} bytes`;
  if (path.startsWith('/')) return 'the name is an absolute path';
  if (FORBIDDEN.test(path)) return 'the name has a control character, backslash, colon or other forbidden character';
  if (/[\ud800-\udfff]/.test(path.replace(/[\ud800-\udbff][\udc00-\udfff]/g, ''))) return 'the name is not valid Unicode';
  for (const component of path.split('/')) {
    if (component === '') return 'the name has an empty component';
    if (component === '.' || component === '..') return `the name has a "${component}" component`;
    if (Buffer.byteLength(component, 'utf8') > 255) return 'a component of the name is longer than 255 bytes';
    if (WINDOWS_RESERVED.test(component)) return `"${component}" is a reserved device name`;
    if (/[. ]$/.test(component)) return `"${component}" ends with a dot or a space`;
  }
  return undefined;
}

/**
 * The key under which two names would land on the same file on a case-insensitive or
 * normalising file system (macOS, Windows), so such pairs can be refused.
 */
export function collisionKey(path: string): string {
  return path.normalize('NFC').toLowerCase();
}
