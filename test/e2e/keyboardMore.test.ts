// The rest of the main journeys with the keyboard alone (issue 16; keyboard.test.ts has
// signing in, sealing a folder, opening and a refusal): sealing again to a name that is
// taken and keeping both, checking an evidence folder chosen with "Choose a folder…" and
// then its documents, importing IT's trust file from the Trust view and with "Choose
// files…", the Help tab and back, an Activity entry opened and "Back to activity", and
// signing in again after the sign-in expired, which finishes the same seal. Only
// page.keyboard moves the focus and presses buttons; at each new state the focus is on
// the new card's or tab's heading (or stays on the control that was pressed), and axe
// finds nothing serious.
import { copyFile, mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { adminCall, type TestSandbox } from '../support/sandbox.js';
import { expectAccessible } from './axe.js';
import { keysOn } from './focus.js';
import type { Harness } from './harness.js';
import { windowOnSandbox } from './window.js';

const setup = windowOnSandbox('signet-keyboard-more-');
let sandbox: TestSandbox;
let page: Page;
let ui: Harness;
let work: string;

beforeAll(async () => {
  ({ sandbox, page, ui, work } = setup);
  await page.getByRole('heading', { name: /^Sign in to/ }).waitFor();
});

const { focused, press, tabTo, expectFocusOnHeading, expectFocusOnCard } = keysOn(() => page);

/** From the drop zone's heading: "Choose files…", pressed, and `path` chosen in the dialog. */
async function chooseFile(path: string): Promise<void> {
  const name = path.split('/').pop()!;
  await ui.allowPaths({ [name]: path });
  await expect(press('Tab')).resolves.toMatchObject({ text: 'Choose files…' });
  await page.keyboard.press('Enter');
  await (await ui.nextFileChooser()).setFiles(path);
}

/** From the drop zone's heading: chooses `path`, finds Legal by searching, ticks it, and moves to "Seal for Legal" (not pressed). */
async function pickLegalFor(path: string): Promise<void> {
  await chooseFile(path);
  await expectFocusOnHeading('choose-title');
  await expect(press('Tab')).resolves.toMatchObject({ tag: 'INPUT', id: 'recipient-search' });
  await page.keyboard.type('Legal');
  await expect(press('Tab')).resolves.toMatchObject({ tag: 'INPUT' });
  await page.keyboard.press('Space');
  await expect(page.getByRole('checkbox', { name: 'Legal' }).isChecked()).resolves.toBe(true);
  await expect(press('Tab')).resolves.toMatchObject({ text: 'Seal for Legal' });
}

/** From any card: Tab to `button` (Done, OK), press it, and land on the drop zone's heading. */
async function closeWith(button: RegExp): Promise<void> {
  await tabTo(button);
  await page.keyboard.press('Enter');
  await expectFocusOnHeading('drop-title');
}

/** From the drop zone's heading: back through the tabs to Sign out, then sign in as `displayName`. */
async function switchTo(displayName: string): Promise<void> {
  await tabTo(/^Sign out$/, 'Shift+Tab', 6);
  await page.keyboard.press('Enter');
  await expectFocusOnHeading('signin-title');
  await tabTo(new RegExp(`^Sign in as ${displayName}`));
  await page.keyboard.press('Enter');
  await expectFocusOnHeading('drop-title');
}

let from: string;
let inbox: string;

describe('more journeys with the keyboard alone', () => {
  it('seals a file again to a name that is taken: the question takes the focus, and "Keep both" keeps both', async () => {
    await expectFocusOnHeading('signin-title');
    await tabTo(/^Sign in as Alice Example/);
    await page.keyboard.press('Enter');
    await expectFocusOnHeading('drop-title');

    from = join(work, 'from-alice');
    await mkdir(from);
    const report = join(from, 'report.txt');
    await writeFile(report, 'the quarterly report');
    await pickLegalFor(report);
    await page.keyboard.press('Enter');
    await expectFocusOnCard('✓ Sealed for Legal');
    await closeWith(/^Done$/);
    const firstBytes = await readFile(join(from, 'report.txt.signet'));

    await pickLegalFor(report);
    await page.keyboard.press('Enter');
    await expectFocusOnCard('? report.txt.signet already exists. Replace it, or keep both?');
    await expectAccessible(page, 'replace or keep both');
    await expect(press('Tab')).resolves.toMatchObject({ tag: 'BUTTON', text: 'Replace' });
    await expect(press('Tab')).resolves.toMatchObject({ tag: 'BUTTON', text: 'Keep both' });
    await page.keyboard.press('Enter');
    await expectFocusOnCard('✓ Sealed for Legal');
    await expect(page.locator('.result .path').textContent()).resolves.toBe(join(from, 'report.txt (2).signet'));
    await expect(readdir(from).then((names) => names.sort())).resolves.toEqual(['report.txt', 'report.txt (2).signet', 'report.txt.signet']);
    await expect(readFile(join(from, 'report.txt.signet'))).resolves.toEqual(firstBytes);
    await closeWith(/^Done$/);
  });

  it('checks an evidence folder chosen with "Choose a folder…", then its documents with "Also check the documents…"', async () => {
    // Bob opens the seal, which writes the evidence folder beside what it saved.
    await switchTo('Bob Example');
    inbox = join(work, 'inbox');
    await mkdir(inbox);
    await copyFile(join(from, 'report.txt.signet'), join(inbox, 'report.txt.signet'));
    await chooseFile(join(inbox, 'report.txt.signet'));
    await expectFocusOnCard('✓ Authentic');
    await closeWith(/^Done$/);
    const evidenceName = (await readdir(inbox)).find((name) => name.startsWith('report.txt evidence'))!;
    expect(evidenceName).toBeDefined();
    const evidence = join(inbox, evidenceName);
    const documents = join(work, 'documents');
    await mkdir(documents);
    await copyFile(join(inbox, 'report.txt'), join(documents, 'report.txt'));

    // A folder picker hands over the files in the folder; the preload takes the folder from their paths.
    await ui.allowPaths(Object.fromEntries((await readdir(evidence)).map((name) => [name, join(evidence, name)])));
    await expect(press('Tab')).resolves.toMatchObject({ text: 'Choose files…' });
    await expect(press('Tab')).resolves.toMatchObject({ text: 'Choose a folder…' });
    await page.keyboard.press('Enter');
    await (await ui.nextFileChooser()).setFiles(evidence);
    await expectFocusOnCard('✓ Authentic');
    await expect(page.locator('.result').textContent()).resolves.toContain('The documents themselves were not checked.');
    await expectAccessible(page, 'evidence checked');

    await ui.allowPaths({ 'report.txt': join(documents, 'report.txt') });
    await tabTo(/^Also check the documents…$/);
    await page.keyboard.press('Enter');
    await (await ui.nextFileChooser()).setFiles(documents);
    await page.locator('.result').getByText('were checked: each is as it was sealed (report.txt)').waitFor();
    await expectFocusOnCard('✓ Authentic');
    await expectAccessible(page, 'evidence and documents checked');
    await closeWith(/^Done$/);
  });

  it("imports IT's trust file from the Trust view, and again with \"Choose files…\"", async () => {
    const config = JSON.parse(await readFile(sandbox.configPath, 'utf8'));
    const response = await fetch(config.trust.updates);
    expect(response.status).toBe(200);
    const trustFile = join(work, 'example.signet-trust');
    await writeFile(trustFile, await response.text());
    await ui.allowPaths({ 'example.signet-trust': trustFile });

    await tabTo(/^Trust$/, 'Shift+Tab', 4);
    await page.keyboard.press('Enter');
    await expectFocusOnHeading('trust-title');
    await expect(press('Tab')).resolves.toMatchObject({ tag: 'BUTTON', text: 'Import trust file…' });
    await page.keyboard.press('Enter');
    await (await ui.nextFileChooser()).setFiles(trustFile);
    await page.locator('.trust [role=status]', { hasText: /^Imported \d+ new certificates? and \d+ new revocation lists?\.$/ }).waitFor();
    // The focus stays on the button that was pressed, for the next import.
    await expect(focused()).resolves.toMatchObject({ tag: 'BUTTON', text: 'Import trust file…' });
    await expectAccessible(page, 'Trust view, trust file imported');

    await tabTo(/^Seal and open$/, 'Shift+Tab', 6);
    await page.keyboard.press('Enter');
    await expectFocusOnHeading('drop-title');
    await chooseFile(trustFile);
    await expectFocusOnCard('✓ Trust file imported');
    await expectAccessible(page, 'trust file imported');
    await expect(press('Tab')).resolves.toMatchObject({ text: 'Done' });
    await page.keyboard.press('Enter');
    await expectFocusOnHeading('drop-title');
  });

  it('opens the Help tab, which takes the focus, and comes back', async () => {
    await expect(press('Shift+Tab')).resolves.toMatchObject({ text: 'Help' });
    await page.keyboard.press('Enter');
    await expectFocusOnHeading('help-title');
    await expectAccessible(page, 'Help');
    await expect(press('Shift+Tab')).resolves.toMatchObject({ text: 'Help' });
    await tabTo(/^Seal and open$/, 'Shift+Tab', 4);
    await page.keyboard.press('Enter');
    await expectFocusOnHeading('drop-title');
  });

  it('opens an Activity entry with Enter, and "Back to activity" returns the focus to it', async () => {
    await tabTo(/^Activity$/, 'Shift+Tab', 4);
    await page.keyboard.press('Enter');
    await expectFocusOnHeading('activity-title');
    await page.locator('.activity').waitFor();
    const entry = await tabTo(/^Opened · report\.txt\.signet/);
    expect(entry.tag).toBe('BUTTON');
    await page.keyboard.press('Enter');
    await expectFocusOnHeading('again-title');
    await expectFocusOnCard('✓ Authentic');
    await expectAccessible(page, 'Activity entry checked again');
    await expect(press('Tab')).resolves.toMatchObject({ text: 'Back to activity' });
    await page.keyboard.press('Enter');
    await expect.poll(focused).toMatchObject({ tag: 'BUTTON', text: entry.text });
    await tabTo(/^Seal and open$/, 'Shift+Tab', 20);
    await page.keyboard.press('Enter');
    await expectFocusOnHeading('drop-title');
  });

  it('signs in again after the sign-in expired, and the same seal finishes', async () => {
    await switchTo('Alice Example');
    const budget = join(from, 'budget.txt');
    await writeFile(budget, 'the budget');
    await pickLegalFor(budget);
    // The sandbox's credential clock moves past every session and sign-in token.
    expect((await adminCall(sandbox, 'POST', '/_sandbox/clock', { advanceSeconds: 9 * 3600 })).ok).toBe(true);
    await page.keyboard.press('Enter');
    await page.locator('.result').getByText('Your sign-in has expired. Sign in again to continue; nothing was lost.').waitFor();
    await expectFocusOnCard("! That didn't work");
    await expectAccessible(page, 'sign in again');
    await expect(readdir(from)).resolves.not.toContain('budget.txt.signet');
    await tabTo(/^Sign in again$/, 'Tab', 4);
    await page.keyboard.press('Enter');
    await expectFocusOnHeading('signin-title');
    await tabTo(/^Sign in as Alice Example/);
    await page.keyboard.press('Enter');
    await expectFocusOnCard('✓ Sealed for Legal');
    await expect(readdir(from)).resolves.toContain('budget.txt.signet');
    await closeWith(/^Done$/);
  });
});
