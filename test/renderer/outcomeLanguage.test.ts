// A failure in the window's language (src/renderer/src/outcome.ts): in English, main's
// own message, which may name what it is about; in German, the catalogue's words for the
// code, with main's message kept for Details only when it says more than the code does.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ERRORS } from '../../src/shared/errors.js';
import { de } from '../../src/renderer/src/i18n/de.js';

/** outcome.ts as a window whose system languages are `languages` loads it. */
async function outcomeIn(languages: string[]) {
  vi.resetModules();
  vi.stubGlobal('navigator', { languages });
  return import('../../src/renderer/src/outcome.js');
}

afterEach(() => {
  vi.unstubAllGlobals();
});

const documentsChanged = 'Do not trust these documents: minutes.txt was changed.';

describe('a failure in English', () => {
  it("is main's own message, under the headline it names", async () => {
    const { outcomeOf, reasonFor } = await outcomeIn(['en-GB']);
    expect(outcomeOf('TAMPERED', undefined, documentsChanged).headline).toBe('Do not trust these documents');
    expect(reasonFor('TAMPERED', documentsChanged)).toEqual({ reason: 'Minutes.txt was changed.' });
    expect(reasonFor('NOT_FOR_YOU', ERRORS.NOT_FOR_YOU.message)).toEqual({ reason: ERRORS.NOT_FOR_YOU.message });
  });
});

describe('a failure in German', () => {
  it("is the catalogue's words for its code, and main's message only when it says more", async () => {
    const { outcomeOf, reasonFor } = await outcomeIn(['de-DE']);
    expect(outcomeOf('TAMPERED', undefined, documentsChanged).headline).toBe('Vertrauen Sie dieser Datei nicht');
    expect(reasonFor('TAMPERED', documentsChanged)).toEqual({ reason: de.errors.TAMPERED, mainSaid: documentsChanged });
    expect(reasonFor('NOT_FOR_YOU', ERRORS.NOT_FOR_YOU.message)).toEqual({ reason: de.errors.NOT_FOR_YOU, mainSaid: undefined });
    expect(outcomeOf('NOT_ENROLLED').headline).toBe('Bitten Sie die IT, Sie einzurichten');
  });

  it("keeps the window's own words, and main's message for a code it does not know", async () => {
    const { reasonFor } = await outcomeIn(['de-AT']);
    expect(reasonFor('NOT_SIGNED_IN', de.needsSignIn(de.sealingFiles), true).reason).toBe(de.needsSignIn(de.sealingFiles));
    expect(reasonFor('SOMETHING_NEW', 'Something new went wrong.').reason).toBe('Something new went wrong.');
  });
});
