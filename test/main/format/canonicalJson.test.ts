// Canonical JSON (docs/FORMAT.md, "Canonical JSON"): the RFC 8785 (JCS) subset for
// strings, booleans, null and safe integers. Checked against the RFC's own examples of
// member sorting and string escaping, and against its rules for the cases the subset
// leaves out.
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../src/main/format/manifest.js';

describe('canonicalJson', () => {
  it('sorts members by UTF-16 code units, as RFC 8785 §3.2.3 does in its sorting example', () => {
    // The RFC's example keys, given here in another order; its sorted order is \r, 1, U+0080, ö, €, 😀, U+FB33.
    const input = { '\u20ac': 'Euro Sign', '\r': 'Carriage Return', '\ufb33': 'Hebrew Letter Dalet With Dagesh', '1': 'One', '\ud83d\ude00': 'Emoji: Grinning Face', '\u0080': 'Control', '\u00f6': 'Latin Small Letter O With Diaeresis' };
    const keys = Object.keys(JSON.parse(canonicalJson(input)) as object);
    // JSON.parse puts the integer-like key first whatever the text says, so read the order from the text.
    const order = [...canonicalJson(input).matchAll(/"((?:[^"\\]|\\.)*)":/g)].map((m) => JSON.parse(`"${m[1]}"`) as string);
    expect(order).toEqual(['\r', '1', '\u0080', '\u00f6', '\u20ac', '\ud83d\ude00', '\ufb33']);
    expect(keys).toHaveLength(7);
  });

  it('orders a key above U+FFFF before U+FFFF itself (code units, not code points)', () => {
    expect(canonicalJson({ '\uffff': 1, '\u{1f600}': 2 })).toBe('{"😀":2,"￿":1}');
  });

  it('escapes strings as RFC 8785 §3.2.2.2 does: only " \\ and controls, the short forms where JSON has them', () => {
    expect(canonicalJson('\u20ac$\u000f\u000aA\'\u0042\u0022\u005c\\"/')).toBe('"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"');
    expect(canonicalJson('\b\f\n\r\t\u001f\u007f\u2028')).toBe('"\\b\\f\\n\\r\\t\\u001f\u007f\u2028"');
  });

  it('writes no white space, arrays in order, nested objects sorted, and leaves out undefined members', () => {
    expect(canonicalJson({ b: [3, { d: null, c: true }], a: 'x', u: undefined })).toBe('{"a":"x","b":[3,{"c":true,"d":null}]}');
    expect(canonicalJson({})).toBe('{}');
    expect(canonicalJson([])).toBe('[]');
  });

  it('takes safe integers only (the subset leaves out RFC 8785 number formatting)', () => {
    expect(canonicalJson({ n: 9007199254740991, m: -0 })).toBe('{"m":0,"n":9007199254740991}');
    expect(() => canonicalJson(9007199254740992)).toThrow(/safe integers/);
    expect(() => canonicalJson(1.5)).toThrow(/safe integers/);
  });
});
