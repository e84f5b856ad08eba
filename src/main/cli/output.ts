// How a command speaks: sentences for a person on stdout, notes and progress on
// stderr, or — with --json — exactly one JSON object on stdout. Everything printed
// passes through here, and so through `visibleText`: a name, ARN or message from a
// file or a server is shown as its characters and can never steer the terminal.
import { SignetError, type ErrorClass } from '../../shared/errors.js';
import { progressLine } from '../../shared/words.js';
import { visibleText } from '../format/names.js';
import type { Progress } from '../engine/progress.js';

/**
 * `value` as JSON with every control, invisible or direction-changing character
 * written as a JSON \u escape of its code point (ESC as \u001b): the same JSON to a
 * parser, plain characters on a terminal.
 */
export function terminalSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, (char) =>
    char
      .split('')
      .map((unit) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`)
      .join(''),
  );
}

export class Output {
  constructor(
    private readonly out: NodeJS.WritableStream,
    private readonly err: NodeJS.WritableStream & { isTTY?: boolean },
    readonly json: boolean,
  ) {}

  /** The command's result: `lines` (each one line) for a person, `value` for --json. */
  result(lines: string[], value: object): void {
    if (this.json) this.out.write(`${terminalSafeJson({ ok: true, ...value })}\n`);
    else this.out.write(`${lines.map(visibleText).join('\n')}\n`);
  }

  /** Something a person should see while the command runs (never in --json mode's stdout). */
  note(text: string): void {
    if (!this.json) this.err.write(`${visibleText(text)}\n`);
  }

  /** A failure's message, then `hint` (the CLI's own next step: a usage line, which option to use), which --json leaves out. */
  failure(error: SignetError, verdict?: string, hint?: string): void {
    if (this.json) {
      this.out.write(`${terminalSafeJson({ ok: false, verdict, error: { code: error.code, message: error.message, detail: error.detail } })}\n`);
    } else {
      this.err.write(`signet: ${visibleText(error.message)}\n`);
      if (hint) this.err.write(`${hint}\n`);
      if (error.detail && process.env.SIGNET_DEBUG) this.err.write(`  (${visibleText(error.detail)})\n`);
    }
  }

  /** A progress reporter that redraws one line on a terminal and stays silent otherwise. */
  progress(verb: string): (p: Progress) => void {
    const started = Date.now();
    if (this.json || !this.err.isTTY) return () => undefined;
    return (p) => this.err.write(`\r\x1b[K${visibleText(progressLine(verb, p.current, p.bytesDone, p.bytesTotal, Date.now() - started))}`);
  }

  endProgress(): void {
    if (!this.json && this.err.isTTY) this.err.write('\r\x1b[K');
  }
}

export const verdictFor = (cls: ErrorClass, code: string): string | undefined =>
  code === 'SIGNER_UNKNOWN' ? 'cannot-decide' : cls === 'notAuthentic' ? 'not-authentic' : undefined;
