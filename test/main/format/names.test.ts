// The collision key for entry names (docs/FORMAT.md, "Names"): names that one file
// system or another would take for the same file, or that pass for each other, share a
// key; names that are really different keep apart.
import { describe, expect, it } from 'vitest';
import { collisionKey } from '../../../src/main/format/names.js';

describe('collisionKey', () => {
  it('gives names that fold to the same thing the same key', () => {
    const twins: [string, string][] = [
      ['οδοσ.txt', 'οδος.txt'], // final sigma
      ['ΟΔΟΣ.txt', 'οδος.txt'],
      ['ς', 'Σ'],
      ['Straße.txt', 'STRASSE.txt'],
      ['ß', 'ss'],
      ['ẞ', 'ß'], // capital sharp s
      ['ẞ', 'ss'],
      ['ﬁle.txt', 'file.txt'], // ligature
      ['ｆｉｌｅ.txt', 'File.txt'], // fullwidth
      ['\u212a.txt', 'k.txt'], // Kelvin sign
      ['\u13a0\u13a1', '\uab70\uab71'], // Cherokee capital and small letters
      ['ǰ', 'J\u030c'], // upper-cases to two code points
      ['ᾳ', 'ΑΙ'], // iota subscript
      ['ı.txt', 'i.txt'], // dotless i upper-cases to I: refused as a pair on purpose
      ['ı', 'I'],
      ['İ', 'i\u0307'], // dotted capital I folds to i and a combining dot
      ['é', 'E\u0301'], // composed and decomposed
      ['dir/οδοσ/a', 'DIR/ΟΔΟΣ/A'],
    ];
    for (const [a, b] of twins) expect(collisionKey(a), `${a} / ${b}`).toBe(collisionKey(b));
  });

  it('keeps names that are really different apart', () => {
    const distinct: [string, string][] = [
      ['οδος.txt', 'οδοι.txt'],
      ['ss', 's'],
      ['ß', 'b'],
      ['İ', 'i'],
      ['fi', 'f'],
      ['a/b', 'a/b/c'],
      ['a/b.txt', 'ab.txt'],
      ['\u13a0', '\u13a1'],
      ['σ', 'o'],
    ];
    for (const [a, b] of distinct) expect(collisionKey(a), `${a} / ${b}`).not.toBe(collisionKey(b));
  });

  it('leaves a key unchanged when it is folded again', () => {
    for (const name of ['οδος.txt', 'ẞtraße', 'ǰ', 'İstanbul', 'ﬃ', '\uab70', 'Ꭰ', 'ᾼ', 'ŉ']) {
      expect(collisionKey(collisionKey(name)), name).toBe(collisionKey(name));
    }
  });
});
