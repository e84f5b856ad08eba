// How a command speaks: sentences for a person on stdout, notes and progress on
// stderr, or — with --json — exactly one JSON object on stdout.
import { SignetError, type ErrorClass } from '../../shared/errors.js';
import { progressLine } from '../../shared/words.js';
import type { Progress } from '../services/progress.js';

export class Output {
  constructor(
    private readonly out: NodeJS.WritableStream,
    private readonly err: NodeJS.WritableStream & { isTTY?: boolean },
    readonly json: boolean,
  ) {}

  /** The command's result: `lines` for a person, `value` for --json. */
  result(lines: string[], value: object): void {
    if (this.json) this.out.write(`${JSON.stringify({ ok: true, ...value })}\n`);
    else this.out.write(`${lines.join('\n')}\n`);
  }

  /** Something a person should see while the command runs (never in --json mode's stdout). */
  note(text: string): void {
    if (!this.json) this.err.write(`${text}\n`);
  }

  failure(error: SignetError, verdict?: string): void {
    if (this.json) {
      this.out.write(`${JSON.stringify({ ok: false, ...(verdict ? { verdict } : {}), error: { code: error.code, message: error.message, ...(error.detail ? { detail: error.detail } : {}) } })}\n`);
    } else {
      this.err.write(`signet: ${error.message}\n`);
      if (error.detail && process.env.SIGNET_DEBUG) this.err.write(`  (${error.detail})\n`);
    }
  }

  /** A progress reporter that redraws one line on a terminal and stays silent otherwise. */
  progress(verb: string): (p: Progress) => void {
    const started = Date.now();
    if (this.json || !this.err.isTTY) return () => undefined;
    return (p) => this.err.write(`\r\x1b[K${progressLine(verb, p.current, p.bytesDone, p.bytesTotal, Date.now() - started)}`);
  }

  endProgress(): void {
    if (!this.json && this.err.isTTY) this.err.write('\r\x1b[K');
  }
}

export const verdictFor = (cls: ErrorClass, code: string): string | undefined =>
  code === 'SIGNER_UNKNOWN' ? 'cannot-decide' : cls === 'notAuthentic' ? 'not-authentic' : undefined;
