// The window in German, in a real browser whose system language is German (de-DE): the
// sign-in screen, Help, the main journey — Alice seals for Legal, Bob opens it: "Echt",
// with a German date — and a refusal card, all in German and all passing axe-core.
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Harness } from './harness.js';
import { expectAccessible } from './axe.js';
import { screenshot, windowOnSandbox } from './window.js';

let ui: Harness;
let page: Page;
let work: string;
let sealedPath: string;

const setup = windowOnSandbox('signet-german-', { locale: 'de-DE' });
beforeAll(() => {
  ({ ui, page, work } = setup);
});

/** Signs in (signing out first if someone is) as the demo person shown as `displayName`, in German. */
async function signInAs(displayName: string): Promise<void> {
  const signOut = page.getByRole('button', { name: 'Abmelden' });
  if (await signOut.isVisible()) await signOut.click();
  await page.getByRole('button', { name: new RegExp(`^Als ${displayName} anmelden`) }).click();
  await page.getByRole('heading', { name: 'Dateien hier ablegen' }).waitFor();
}

describe('the Signet window in German', () => {
  it('signs in in German: the page says it is German, the demo people are offered in German', async () => {
    await page.getByRole('heading', { name: 'Bei Example Org (Signet demo) anmelden' }).waitFor();
    await expect(page.evaluate(() => document.documentElement.lang)).resolves.toBe('de-DE');
    await expect(page.getByText('Demomodus').isVisible()).resolves.toBe(true);
    await expect(page.getByRole('button', { name: /^Als .+ anmelden/ }).count()).resolves.toBe(3);
    await expect(page.getByRole('heading', { name: 'Nachweise prüfen oder Dateien der IT importieren' }).isVisible()).resolves.toBe(true);
    await expect(page.locator('main').textContent()).resolves.not.toMatch(/Sign in|Choose files/);
    await expectAccessible(page, 'sign-in, German');
  });

  it('has Help in German, with the verdicts under the words the cards use', async () => {
    await page.getByRole('button', { name: 'Hilfe' }).click();
    await page.getByRole('heading', { name: 'Hilfe', level: 1 }).waitFor();
    const terms = (await page.locator('.help dt').allTextContents()).map((term) => term.trim().replace(/^\W\s+/, ''));
    expect(terms.slice(0, 3)).toEqual(['Echt', 'Noch nicht bestätigt', 'Vertrauen Sie dieser Datei nicht']);
    await expect(page.getByRole('heading', { name: 'Was bedeutet „Echt“?' }).isVisible()).resolves.toBe(true);
    await expect(page.locator('.help').textContent()).resolves.toContain('Fragen Sie Ihre IT-Abteilung');
    await expectAccessible(page, 'Help, German');
    await page.getByRole('button', { name: 'Versiegeln und öffnen' }).click();
  });

  it('seals a file for Legal in German', async () => {
    await signInAs('Alice Example');
    await expect(page.getByText('Angemeldet als').isVisible()).resolves.toBe(true);
    const from = join(work, 'from-alice');
    await mkdir(from);
    await writeFile(join(from, 'bericht.txt'), 'der Quartalsbericht');
    await ui.allowPaths({ 'bericht.txt': join(from, 'bericht.txt') });
    await ui.drop(['bericht.txt']);
    await page.getByRole('heading', { name: 'Für wen ist es?' }).waitFor();
    await page.getByLabel('In Ihrer Organisation suchen').fill('leg');
    await page.getByRole('checkbox', { name: 'Legal' }).check();
    await page.getByRole('button', { name: 'Für Legal versiegeln' }).click();
    await page.getByRole('heading', { name: 'Versiegelt für Legal' }).waitFor();
    await expect(page.locator('.result').textContent()).resolves.toMatch(/1 Datei, \d+ B, gespeichert als/);
    sealedPath = join(from, 'bericht.txt.signet');
    await page.getByRole('button', { name: 'Fertig' }).click();
  });

  it('opens it as Bob: "Echt", sealed by Alice on a German date, nothing changed', async () => {
    await signInAs('Bob Example');
    const inbox = join(work, 'bob-inbox');
    await mkdir(inbox);
    await copyFile(sealedPath, join(inbox, 'von-alice.signet'));
    await ui.allowPaths({ 'von-alice.signet': join(inbox, 'von-alice.signet') });
    await ui.drop(['von-alice.signet']);
    await page.getByRole('heading', { name: 'Echt', exact: true }).waitFor();
    const today = new Intl.DateTimeFormat('de-DE', { day: 'numeric', month: 'short', year: 'numeric' }).format(new Date());
    const card = (await page.locator('.result').textContent()) ?? '';
    expect(card).toMatch(/Versiegelt von Alice Example, Finance am \d{1,2}\. \S+ \d{4} um \d{2}:\d{2} \(Ihre Ortszeit\)\. Seit dem Versiegeln wurde nichts verändert\./);
    expect(card).toContain(`am ${today} um `);
    expect(card).toContain('Gespeichert:');
    await expect(readFile(join(inbox, 'bericht.txt'), 'utf8')).resolves.toBe('der Quartalsbericht');
    await screenshot(page, '19-german');
    await expectAccessible(page, 'Echt, German');
    await page.getByRole('button', { name: 'Fertig' }).click();
  });

  it('refuses a changed copy in German, with the code under Details', async () => {
    const elsewhere = join(work, 'changed');
    await mkdir(elsewhere);
    const bytes = await readFile(sealedPath);
    bytes[bytes.length - 40]! ^= 1;
    await writeFile(join(elsewhere, 'geaendert.signet'), bytes);
    await ui.allowPaths({ 'geaendert.signet': join(elsewhere, 'geaendert.signet') });
    await ui.drop(['geaendert.signet']);
    await page.getByRole('heading', { name: 'Vertrauen Sie dieser Datei nicht' }).waitFor();
    const card = page.locator('.result');
    await expect(card.textContent()).resolves.toContain('Sie wurde nach dem Versiegeln verändert. Nichts daraus wurde gespeichert.');
    await card.getByText('Details', { exact: true }).click();
    await expect(card.locator('dl').innerText()).resolves.toMatch(/Datei\s+geaendert\.signet\s+Code\s+TAMPERED/);
    await expect(page.getByRole('button', { name: 'Details für die IT kopieren' }).isVisible()).resolves.toBe(true);
    await expectAccessible(page, 'refused, German');
    await page.getByRole('button', { name: 'OK' }).click();
  });
});
