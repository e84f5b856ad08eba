// Entry names inside a seal (docs/FORMAT.md, "Names"): relative, '/'-separated,
// UTF-8, with no empty, '.' or '..' components, no control characters, backslashes
// or colons, no component Windows would refuse (reserved device names, a trailing
// dot or space) and no component over 255 bytes. Nor may a name pass for another:
// no invisible or direction-changing characters, no characters that look like a
// slash, and no component that reads as '..', a device name or a trailing dot once
// its look-alike characters are folded (Unicode NFKC). Checked when sealing, so
// Signet never makes what it would refuse, and again when opening, before anything
// is written, so a hostile seal cannot write outside the chosen folder or disguise
// what it saves.
import { MAX_PATH_BYTES } from './constants.js';

const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$/i;
// Control characters (C0, DEL, C1) and the characters Windows forbids in names.
const FORBIDDEN = /[\p{Cc}\\:*?"<>|]/u;
// Characters that change how a name reads without being seen: format characters such
// as the bidirectional overrides ("invoice\u202efdp.exe" shows as "invoiceexe.pdf"),
// zero-width spaces and the soft hyphen, and line and paragraph separators. The
// zero-width joiner and non-joiner are allowed: Persian, Indic scripts and emoji need them.
const INVISIBLE = /(?![\u200c\u200d])[\p{Cf}\p{Zl}\p{Zp}]/u;
// Characters drawn like '/' or '\\' that are not separators, so "Legal\u2215memo.pdf"
// would read as a file in a folder. Windows' best-fit conversions turn some into real ones.
const SLASH_LOOKALIKES = /[\u2044\u2215\u2216\u2571\u2572\u29f5\u29f8\u29f9\ufe68\uff0f\uff3c]/u;

const codePoint = (char: string): string => `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

/** Why one component of a name is unsafe as written, or undefined. */
function componentReason(component: string): string | undefined {
  if (component === '') return 'the name has an empty component';
  if (component === '.' || component === '..') return `the name has a "${component}" component`;
  if (WINDOWS_RESERVED.test(component)) return `"${component}" is a reserved device name`;
  if (/[. ]$/.test(component)) return `"${component}" ends with a dot or a space`;
  return undefined;
}

/** Why a name is unsafe, or undefined if it is fine. */
export function unsafeNameReason(path: string): string | undefined {
  if (path.length === 0) return 'the name is empty';
  if (Buffer.byteLength(path, 'utf8') > MAX_PATH_BYTES) return `the name is longer than ${MAX_PATH_BYTES} bytes`;
  if (path.startsWith('/')) return 'the name is an absolute path';
  if (FORBIDDEN.test(path)) return 'the name has a control character, backslash, colon or other forbidden character';
  if (/[\ud800-\udfff]/.test(path.replace(/[\ud800-\udbff][\udc00-\udfff]/g, ''))) return 'the name is not valid Unicode';
  const invisible = INVISIBLE.exec(path)?.[0];
  if (invisible) return `the name has an invisible or direction-changing character (${codePoint(invisible)})`;
  const slash = SLASH_LOOKALIKES.exec(path)?.[0];
  if (slash) return `the name has a character that looks like a slash but is not one (${codePoint(slash)})`;
  for (const component of path.split('/')) {
    if (Buffer.byteLength(component, 'utf8') > 255) return 'a component of the name is longer than 255 bytes';
    const reason = componentReason(component);
    if (reason) return reason;
    const folded = component.normalize('NFKC');
    const lookalike = folded === component ? undefined : componentReason(folded);
    if (lookalike) return `"${component}" passes for "${folded}": ${lookalike}`;
  }
  return undefined;
}

/**
 * `text` with every control, invisible or direction-changing character written as its
 * code point (such as <U+001B> or <U+202E>): how any string from a file or a server is
 * shown on a terminal, in a log or in a report, so it reads as it is and cannot move
 * the cursor, clear a line or reorder what follows.
 */
export function visibleText(text: string): string {
  return text.replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, (char) => `<${codePoint(char)}>`);
}

/** `path` as `visibleText` shows it, so a message that quotes a name reads as it should. */
export function visibleName(path: string): string {
  return visibleText(path);
}

/**
 * The key under which two names would land on the same file on a case-insensitive or
 * normalising file system (macOS, Windows), or pass for each other ("ｆｉｌｅ.txt" and
 * "file.txt"), so such pairs can be refused. Two names with the same Unicode full case
 * folding after NFKC get the same key: "οδος" and "οδοσ" (final sigma), "ß", "ẞ" and
 * "ss", "ﬁ" and "fi", Cherokee small and capital letters. Lower-casing alone misses
 * the first two, hence lower, upper, lower: the round trip through upper case spells
 * out ß and ẞ as "ss" and maps ς to σ (JavaScript lower-cases Σ by context, but from
 * the same upper-case string). The last NFKC puts back together what case mapping took
 * apart ("ǰ" upper-cases to "J" and a combining caron). Any two names that Windows
 * would equate by upper-casing each character get the same key too. That makes the key
 * stricter than case folding in one place: dotless "ı" upper-cases to "I", so it
 * collides with "i" and "I" (case folding keeps it apart; refusing the pair is the
 * safer choice). Dotted "İ" folds to "i" and a combining dot, as in case folding, so
 * it does not pass for a plain "i".
 */
export function collisionKey(path: string): string {
  return path.normalize('NFKC').toLowerCase().toUpperCase().toLowerCase().normalize('NFKC');
}
