// The window's words (src/renderer/src/i18n): German is complete — every word present,
// not empty and actually translated — the language follows the system's, and dates and
// sizes are written the way the chosen locale writes them.
import { describe, expect, it } from 'vitest';
import { ERRORS, type ErrorCode } from '../../src/shared/errors.js';
import { de } from '../../src/renderer/src/i18n/de.js';
import { enGB, type Catalogue } from '../../src/renderer/src/i18n/en-GB.js';
import { chooseLanguage, formatsFor } from '../../src/renderer/src/i18n/index.js';
import { plainText, type Rich } from '../../src/renderer/src/i18n/rich.js';

type Words = keyof { [K in keyof Catalogue as Catalogue[K] extends (...args: never[]) => unknown ? K : never]: true };

/** Values to call each message function with: a new function without a row here does not compile. */
const SAMPLES: { [K in Words]: Parameters<Catalogue[K]> } = {
  dateAtTime: ['28 Nov 2026', '10:42'],
  yourTime: ['28 Nov 2026 at 10:42'],
  openingName: ['report.pdf'],
  signedInUntil: ['18:00'],
  signInTo: ['Example Org'],
  signInAsPerson: ['Alice Example'],
  needsConnection: ['Sealing files'],
  needsSignIn: ['Sealing files'],
  noOneMatches: ['xyz'],
  sealForNames: ['Legal'],
  progressOf: ['1 MB', '2 MB'],
  perSecond: ['1 MB'],
  secondsLeftShort: [5],
  percentOf: [30, '2 MB'],
  secondsLeft: [5],
  minutesLeft: [3],
  verdictSentence: ['authentic', 'Alice Example, Finance', '28 Nov 2026'],
  signatureSentence: ['authentic', 'Alice Example, Finance', '28 Nov 2026'],
  sealedByRich: ['Alice Example, Finance', '28 Nov 2026'],
  signedWithRich: ['alias/signet'],
  signedWithSentence: ['alias/signet'],
  sealedForNames: ['Legal'],
  filesSavedAs: [2, '2 MB'],
  notEverythingSaved: ['disk full'],
  checkedWith: ['KMS'],
  sizeAndDigest: ['2 MB', '0123abcd'],
  documentsChecked: ['/tmp/docs', 'a.txt'],
  alsoInFolder: ['b.txt'],
  against: ['manifest.p7s'],
  signedWithOrganisationKey: ['message.json'],
  keptSignature: ['28 Nov 2026'],
  importedFromOrganisation: ['2 new certificates'],
  newCounts: [2, 1],
  alreadyExists: ['report.pdf.signet'],
  openedOnAgain: ['report.signet', '28 Nov 2026'],
  checkedAgainNow: ['report.signet', '28 Nov 2026'],
  importedCounts: ['2 new certificates'],
  issuingAuthorities: [2],
  olderSeal: ['Made with your organisation’s key'],
};

/** Words that are the same in both languages: names, codes and loanwords German uses as they are. */
const SAME_IN_GERMAN = new Set(['brand', 'details', 'ok', 'code', 'name', 'team', 'teamKind', 'person', 'perSecond', 'sizeAndDigest']);

const text = (value: unknown): string => (Array.isArray(value) ? plainText(value as Rich) : String(value));

describe('the German catalogue', () => {
  const keys = Object.keys(enGB) as (keyof Catalogue)[];

  it.each(keys.filter((key) => key !== 'errors' && key !== 'locale'))('has %s, not empty and translated', (key) => {
    const english = enGB[key];
    const german = de[key];
    expect(typeof german).toBe(typeof english);
    const [inEnglish, inGerman] =
      typeof english === 'function' ? [english, german].map((words) => text((words as (...args: unknown[]) => unknown)(...SAMPLES[key as Words]))) : [text(english), text(german)];
    expect(inGerman!.trim()).not.toBe('');
    if (!SAME_IN_GERMAN.has(key)) expect(inGerman).not.toBe(inEnglish);
  });

  it('says every failure in German, by its code', () => {
    for (const code of Object.keys(ERRORS) as ErrorCode[]) {
      expect(de.errors[code].trim(), code).not.toBe('');
      expect(de.errors[code], code).not.toBe(enGB.errors[code]);
    }
  });

  it('has plural forms that follow the count', () => {
    expect(de.secondsLeft(1)).toBe('noch etwa 1 Sekunde');
    expect(de.secondsLeft(2)).toBe('noch etwa 2 Sekunden');
    expect(de.newCounts(1, 3)).toBe('1 neues Zertifikat und 3 neue Sperrlisten');
    expect(enGB.newCounts(1, 3)).toBe('1 new certificate and 3 new revocation lists');
  });
});

describe('the language the window speaks', () => {
  it('is German for any German locale, with its regional way of writing dates', () => {
    expect(chooseLanguage(['de-DE']).words).toBe(de);
    expect(chooseLanguage(['de']).words).toBe(de);
    expect(chooseLanguage(['de-AT', 'en-GB'])).toEqual({ words: de, locale: 'de-AT' });
    expect(chooseLanguage(['de_CH'])).toEqual({ words: de, locale: 'de-CH' });
  });

  it('is the first language Signet speaks among the system’s, and British English otherwise', () => {
    expect(chooseLanguage(['fr-FR', 'de-DE']).words).toBe(de);
    expect(chooseLanguage(['en-US', 'de-DE'])).toEqual({ words: enGB, locale: 'en-GB' });
    expect(chooseLanguage(['fr-FR', 'ja'])).toEqual({ words: enGB, locale: 'en-GB' });
    expect(chooseLanguage([])).toEqual({ words: enGB, locale: 'en-GB' });
  });
});

describe('dates and sizes', () => {
  // Midday UTC: the 28th in every time zone within eleven hours of UTC.
  const noon = '2026-11-28T12:00:00Z';

  it('always give the day, month and year with the time, in the locale’s own way', () => {
    expect(formatsFor('de-DE', de).formatWhen(noon)).toMatch(/^28\. Nov\. 2026 um \d{2}:\d{2}$/);
    expect(formatsFor('en-GB', enGB).formatWhen(noon)).toMatch(/^28 Nov 2026 at \d{2}:\d{2}$/);
  });

  it('write decimals as the locale does', () => {
    expect(formatsFor('de-DE', de).formatBytes(1_234_000)).toBe('1,2 MB');
    expect(formatsFor('en-GB', enGB).formatBytes(1_234_000)).toBe('1.2 MB');
    expect(formatsFor('de-DE', de).formatBytes(340_000_000)).toBe('340 MB');
    expect(formatsFor('de-DE', de).formatBytes(999)).toBe('999 B');
  });
});
