// How the CLI prints: every line, note and error through visibleText, so a string from
// a file or a server cannot steer the terminal; --json keeps the exact values but
// writes control and direction-changing characters as \u escapes.
import { describe, expect, it } from 'vitest';
import { Output } from '../../../src/main/cli/output.js';
import { SignetError } from '../../../src/shared/errors.js';

function capture(json: boolean) {
  const written = { out: '', err: '' };
  const stream = (key: 'out' | 'err') => ({ write: (text: string) => ((written[key] += text), true) }) as unknown as NodeJS.WritableStream;
  return { output: new Output(stream('out'), stream('err'), json), written };
}

describe('Output', () => {
  it('shows escapes in result lines, notes and errors as code points', () => {
    const { output, written } = capture(false);
    output.note('Opening ev\x1b[2Kil');
    output.result(['Authentic. Sealed by alice\r\x1b[2Kbob', 'for Legal\u202e'], {});
    output.failure(new SignetError('ACCESS_DENIED', 'Your user name "\x1b]0;x\x07" is odd.'));
    expect(written.out).toBe('Authentic. Sealed by alice<U+000D><U+001B>[2Kbob\nfor Legal<U+202E>\n');
    expect(written.err).toBe('Opening ev<U+001B>[2Kil\nsignet: Your user name "<U+001B>]0;x<U+0007>" is odd.\n');
  });

  it('--json writes C1, format and separator characters as \\u escapes and keeps the values exact', () => {
    const { output, written } = capture(true);
    const value = { who: 'alice\u009b2K\u202e\u2028\u{e0001}' };
    output.result([], value);
    expect(written.out).not.toMatch(/[\u009b\u202e\u2028]|\u{e0001}/u);
    expect(written.out).toContain('alice\\u009b2K\\u202e\\u2028\\udb40\\udc01');
    expect(JSON.parse(written.out)).toEqual({ ok: true, ...value });
  });
});
