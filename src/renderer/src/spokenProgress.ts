// What a screen reader hears while sealing or opening: not every progress event (many a
// second) but each tenth of the way, with the time left in minutes once it is long.
import { formatBytes, t } from './i18n/index.js';

export interface SpokenProgress {
  /** How many tenths are done (0–10). */
  tenth: number;
  text: string;
}

/** "about 40 seconds left", "about 3 minutes left"; nothing until the rate is known. */
function timeLeft(done: number, total: number, elapsedMs: number): string {
  if (elapsedMs <= 250 || done <= 0 || total <= done) return '';
  const seconds = (total - done) / (done / (elapsedMs / 1000));
  if (seconds < 90) return ` · ${t.secondsLeft(Math.max(1, Math.round(seconds)))}`;
  return ` · ${t.minutesLeft(Math.round(seconds / 60))}`;
}

/**
 * What to say for this progress event, or undefined when it has not reached a new tenth
 * since `lastTenth` (nor the start or the end, which the cards themselves announce):
 * "Sealing video.bin — 30 % of 768 MB · about 2 minutes left".
 */
export function spokenProgress(verb: string, name: string | undefined, done: number, total: number, elapsedMs: number, lastTenth: number): SpokenProgress | undefined {
  if (total <= 0) return undefined;
  const tenth = Math.min(10, Math.floor((done / total) * 10));
  if (tenth <= lastTenth || tenth === 0 || tenth === 10) return undefined;
  return { tenth, text: `${verb}${name ? ` ${name}` : ''} — ${t.percentOf(tenth * 10, formatBytes(total))}${timeLeft(done, total, elapsedMs)}` };
}
