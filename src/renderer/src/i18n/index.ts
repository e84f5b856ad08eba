// The one place the window's words come from: the catalogue for the system's language
// (German for any de-*, British English otherwise), and dates, times and sizes written
// the way that locale writes them. Electron gives the page the operating system's
// languages (navigator.languages); the choice is made once, when the window starts.
import { de } from './de.js';
import { enGB, type Catalogue } from './en-GB.js';

export type { Catalogue } from './en-GB.js';

export interface Choice {
  /** The catalogue whose words the window shows. */
  words: Catalogue;
  /** The locale dates and numbers are written in: the system's own tag when it is of that language (de-AT, de-CH), else the catalogue's. */
  locale: string;
}

/** The language for `languages` (most preferred first): the first that is German or English decides; none of them, British English. */
export function chooseLanguage(languages: readonly string[]): Choice {
  for (const tag of languages) {
    const language = tag.toLowerCase().split(/[-_]/)[0];
    if (language === 'de') return { words: de, locale: supported(tag) ?? de.locale };
    if (language === 'en') return { words: enGB, locale: enGB.locale };
  }
  return { words: enGB, locale: enGB.locale };
}

/** `tag` if Intl can write dates in it, else undefined. */
function supported(tag: string): string | undefined {
  try {
    return Intl.DateTimeFormat.supportedLocalesOf([tag.replace('_', '-')])[0];
  } catch {
    return undefined;
  }
}

const chosen = chooseLanguage(typeof navigator === 'undefined' ? [] : navigator.languages);

/** The words the window shows, in the chosen language. */
export const t: Catalogue = chosen.words;

/** The chosen locale, for `<html lang>`, dates and numbers. */
export const locale: string = chosen.locale;

/** Whether the window speaks English, the language main's own messages are written in. */
export const inEnglish: boolean = t === enGB;

/** Dates, times and sizes as `localeTag` writes them; a date always with its day, month and year, and the time. */
export function formatsFor(localeTag: string, words: Catalogue) {
  const day = new Intl.DateTimeFormat(localeTag, { day: 'numeric', month: 'short', year: 'numeric' });
  const time = new Intl.DateTimeFormat(localeTag, { hour: '2-digit', minute: '2-digit' });
  const number = (fractionDigits: number) => new Intl.NumberFormat(localeTag, { minimumFractionDigits: fractionDigits, maximumFractionDigits: fractionDigits });
  return {
    /** "28 Nov 2026 at 10:42", "28. Nov. 2026 um 10:42": in this computer's time zone. */
    formatWhen: (iso: string): string => words.dateAtTime(day.format(new Date(iso)), time.format(new Date(iso))),
    /** "10:42": the time alone, for what happens today (the end of a sign-in). */
    formatTime: (iso: string): string => time.format(new Date(iso)),
    /** "340 MB", "1.2 GB" ("1,2 GB" in German): decimal units, as the CLI writes them. */
    formatBytes(bytes: number): string {
      if (bytes < 1000) return `${number(0).format(bytes)} B`;
      const units = ['kB', 'MB', 'GB', 'TB'];
      let value = bytes;
      let unit = -1;
      while (value >= 1000 && unit < units.length - 1) {
        value /= 1000;
        unit++;
      }
      return `${number(value >= 100 ? 0 : 1).format(value)} ${units[unit]}`;
    },
  };
}

export const { formatWhen, formatTime, formatBytes } = formatsFor(locale, t);

/** "Sealing report.pdf — 340 MB of 1.2 GB · 95 MB/s · about 9 s left", in the chosen language. */
export function progressLine(verb: string, name: string | undefined, done: number, total: number, elapsedMs: number): string {
  const parts = [`${verb}${name ? ` ${name}` : ''} — ${t.progressOf(formatBytes(done), formatBytes(total))}`];
  if (elapsedMs > 250 && done > 0) {
    const rate = done / (elapsedMs / 1000);
    parts.push(t.perSecond(formatBytes(rate)));
    if (total > done) parts.push(t.secondsLeftShort(Math.max(1, Math.round((total - done) / rate))));
  }
  return parts.join(' · ');
}
