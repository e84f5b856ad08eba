// The main journeys with the keyboard alone (page.keyboard: Tab, Shift+Tab, Enter, Space,
// typing): sign in, choose a folder, pick recipients, seal, sign in as someone else,
// choose the sealed file, read the verdict and its details, be refused a changed copy,
// switch tabs. At each step the focus is where a keyboard or screen-reader user expects
// it (the heading of each new card and tab, then its controls in order), the live region
// says the verdict, and axe finds nothing serious. Also: the whole window takes drops.
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible } from './axe.js';
import { keysOn } from './focus.js';
import type { Harness } from './harness.js';
import { windowOnSandbox } from './window.js';

const setup = windowOnSandbox('signet-keyboard-');
let page: Page;
let ui: Harness;
let work: string;

beforeAll(() => {
  ({ page, ui, work } = setup);
});

const { focused, press, tabTo, expectFocusOnHeading } = keysOn(() => page);

const polite = () => page.locator('#announce-polite').textContent();
const assertive = () => page.locator('#announce-assertive').textContent();

let sealed: string;

describe('the window with the keyboard alone', () => {

  it('signs in, chooses a folder, picks Legal by searching, seals, and comes back to the drop zone', async () => {
    await page.getByRole('heading', { name: /^Sign in to/ }).waitFor();
    await expectFocusOnHeading('signin-title');
    await expectAccessible(page, 'sign-in');
    await expect(press('Tab')).resolves.toMatchObject({ tag: 'BUTTON', text: expect.stringMatching(/^Sign in as Alice Example/) });
    await page.keyboard.press('Enter');

    await page.getByRole('heading', { name: 'Drop files here' }).waitFor();
    await expectFocusOnHeading('drop-title');
    await expectAccessible(page, 'drop zone');
    await expect(press('Tab')).resolves.toMatchObject({ text: 'Choose files…' });
    await expect(press('Tab')).resolves.toMatchObject({ text: 'Choose a folder…' });

    const folder = join(work, 'from-alice', 'minutes');
    await mkdir(folder, { recursive: true });
    await writeFile(join(folder, 'agenda.txt'), 'the agenda');
    await writeFile(join(folder, 'notes.txt'), 'the notes');
    await ui.allowPaths({ 'agenda.txt': join(folder, 'agenda.txt'), 'notes.txt': join(folder, 'notes.txt') });
    await page.keyboard.press('Enter');
    await (await ui.nextFileChooser()).setFiles(folder);

    await page.getByRole('heading', { name: 'Who is it for?' }).waitFor();
    await expectFocusOnHeading('choose-title');
    // The folder is named as the folder, not as the files in it.
    await expect(page.locator('.card .muted').first().textContent()).resolves.toMatch(/^minutes · 19 B$/);
    await expect(press('Tab')).resolves.toMatchObject({ tag: 'INPUT', id: 'recipient-search' });
    await page.keyboard.type('leg');
    await expect(page.getByRole('checkbox').count()).resolves.toBe(1);
    await expect(press('Tab')).resolves.toMatchObject({ tag: 'INPUT', text: '' });
    await page.keyboard.press('Space');
    await expect(page.getByRole('checkbox', { name: 'Legal' }).isChecked()).resolves.toBe(true);
    await expectAccessible(page, 'recipient picker');
    await expect(press('Tab')).resolves.toMatchObject({ text: 'Seal for Legal' });
    await page.keyboard.press('Enter');

    await page.getByRole('heading', { name: 'Sealed for Legal' }).waitFor();
    sealed = join(work, 'from-alice', 'minutes.signet');
    await expect.poll(focused).toMatchObject({ tag: 'H1', text: '✓ Sealed for Legal' });
    await expect.poll(polite).toMatch(/^Sealed for Legal\. \d+ files?, 19 B, saved as \/.*\/minutes\.signet$/);
    await expectAccessible(page, 'sealed');
    await expect(readdir(join(work, 'from-alice'))).resolves.toContain('minutes.signet');
    await expect(press('Tab')).resolves.toMatchObject({ text: 'Show in folder' });
    await expect(press('Tab')).resolves.toMatchObject({ text: 'Done' });
    await page.keyboard.press('Enter');
    await expectFocusOnHeading('drop-title');
  });

  it('signs in as Bob, chooses the sealed file, hears and reads the verdict, opens its details', async () => {
    // From the drop zone's heading, back through the tabs to Sign out.
    await expect(press('Shift+Tab')).resolves.toMatchObject({ text: 'Help' });
    await tabTo(/^Sign out$/, 'Shift+Tab', 5);
    await page.keyboard.press('Enter');
    await expectFocusOnHeading('signin-title');
    await tabTo(/^Sign in as Bob Example/);
    await page.keyboard.press('Enter');
    await expectFocusOnHeading('drop-title');

    const inbox = join(work, 'bob-inbox');
    await mkdir(inbox);
    await writeFile(join(inbox, 'minutes.signet'), await readFile(sealed));
    await ui.allowPaths({ 'minutes.signet': join(inbox, 'minutes.signet') });
    await expect(press('Tab')).resolves.toMatchObject({ text: 'Choose files…' });
    await page.keyboard.press('Enter');
    await (await ui.nextFileChooser()).setFiles(join(inbox, 'minutes.signet'));

    await page.getByRole('heading', { name: 'Authentic' }).waitFor();
    await expect.poll(focused).toMatchObject({ tag: 'H1', text: '✓ Authentic' });
    // Said once, politely, without the icon: headline and sentence.
    await expect.poll(polite).toMatch(/^Authentic\. Sealed by Alice Example, Finance on .* Nothing has changed since it was sealed\.$/);
    await expect(assertive()).resolves.toBe('');
    await expect(readFile(join(inbox, 'minutes', 'agenda.txt'), 'utf8')).resolves.toBe('the agenda');
    await expectAccessible(page, 'authentic');

    await tabTo(/^Details$/);
    await page.keyboard.press('Enter');
    await expect(page.locator('details').first().getAttribute('open')).resolves.toBe('');
    await expectAccessible(page, 'authentic, details open');
    // No word is broken mid-word, and nothing is said only in a tooltip.
    const breakAll = await page.evaluate(() => [...document.querySelectorAll('body *')].filter((e) => getComputedStyle(e).wordBreak === 'break-all').map((e) => e.tagName));
    expect(breakAll).toEqual([]);
    await expect(page.locator('[title]').count()).resolves.toBe(0);
    await tabTo(/^Done$/);
    await page.keyboard.press('Enter');
    await expectFocusOnHeading('drop-title');
  });

  it('is refused a changed copy: the refusal takes the focus and is said at once', async () => {
    const bytes = await readFile(sealed);
    bytes[bytes.length - 40]! ^= 1;
    const elsewhere = join(work, 'changed');
    await mkdir(elsewhere);
    await writeFile(join(elsewhere, 'changed.signet'), bytes);
    await ui.allowPaths({ 'changed.signet': join(elsewhere, 'changed.signet') });
    await expect(press('Tab')).resolves.toMatchObject({ text: 'Choose files…' });
    await page.keyboard.press('Enter');
    await (await ui.nextFileChooser()).setFiles(join(elsewhere, 'changed.signet'));

    await page.getByRole('heading', { name: 'Do not trust this file' }).waitFor();
    await expect.poll(focused).toMatchObject({ tag: 'H1', text: '✕ Do not trust this file' });
    await expect.poll(assertive).toMatch(/^Do not trust this file\. It was changed after it was sealed\. Nothing from it was saved\./);
    await expect(polite()).resolves.toBe('');
    await expectAccessible(page, 'refused');
    // The failure card's Details and "Copy details for IT" come before OK.
    await tabTo(/^OK$/, 'Tab', 4);
    await page.keyboard.press('Enter');
    await expectFocusOnHeading('drop-title');
  });

  it('switches tabs: each tab moves the focus to its heading', async () => {
    await tabTo(/^Trust$/, 'Shift+Tab', 4);
    await page.keyboard.press('Enter');
    await expectFocusOnHeading('trust-title');
    await page.getByRole('table', { name: /Revocation lists/ }).waitFor();
    await expectAccessible(page, 'Trust view');
    await expect(press('Shift+Tab')).resolves.toMatchObject({ text: 'Help' });
    await expect(press('Shift+Tab')).resolves.toMatchObject({ text: 'Activity' });
    await page.keyboard.press('Enter');
    await expectFocusOnHeading('activity-title');
    await page.locator('.activity').waitFor();
    await expectAccessible(page, 'Activity');
    await tabTo(/^Seal and open$/, 'Shift+Tab', 4);
    await page.keyboard.press('Enter');
    await expectFocusOnHeading('drop-title');
  });
});

describe('drops anywhere in the window', () => {
  it('takes files dropped on the header, not only on the drop zone, and from a result card too', async () => {
    const dir = join(work, 'dropped');
    await mkdir(dir);
    await writeFile(join(dir, 'memo.txt'), 'a memo');
    await writeFile(join(dir, 'again.signet'), await readFile(sealed));
    await ui.allowPaths({ 'memo.txt': join(dir, 'memo.txt'), 'again.signet': join(dir, 'again.signet') });
    await ui.drop(['memo.txt'], 'header.identity');
    await page.getByRole('heading', { name: 'Who is it for?' }).waitFor();
    await page.getByRole('button', { name: 'Back' }).click();
    // From the Activity tab, a sealed file dropped on the tabs is opened on the main view.
    await page.getByRole('button', { name: 'Activity' }).click();
    await ui.drop(['again.signet'], 'nav');
    await page.getByRole('heading', { name: 'Authentic' }).waitFor();
    await ui.drop(['memo.txt'], 'main');
    await page.getByRole('heading', { name: 'Who is it for?' }).waitFor();
  });
});
