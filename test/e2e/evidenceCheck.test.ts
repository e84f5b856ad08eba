// The evidence check in a real browser (issue 14): a dropped evidence folder is checked
// offline and the card says, in plain words, which files were checked against what,
// that the reports are summaries that prove nothing, and that the documents were not
// checked; "Also check the documents…" (a folder chosen in the picker, or dropped on
// the card) compares them with the signed list — the same documents pass, and with a
// line appended one is refused, named ("Do not trust these documents", not "this file").
import { appendFile, copyFile, mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { runSignet } from '../support/cli.js';
import type { TestSandbox } from '../support/sandbox.js';
import { expectAccessible } from './axe.js';
import type { Harness } from './harness.js';
import { screenshot, signInAs, windowOnSandbox } from './window.js';

let sandbox: TestSandbox;
let ui: Harness;
let page: Page;
let work: string;
/** The evidence folder Bob's open wrote, and its name. */
let evidence: string;
let evidenceName: string;
/** A folder holding a copy of what Bob opened. */
let documents: string;

const setup = windowOnSandbox('signet-evidence-check-');
beforeAll(async () => {
  ({ sandbox, ui, page, work } = setup);
  await page.getByRole('heading', { name: 'Sign in to Example Org (Signet demo)' }).waitFor();
});

/** Drops the folder registered as `name` on the card's "drop the documents folder here" area. */
async function dropOnCard(name: string): Promise<void> {
  const dataTransfer = await page.evaluateHandle((n) => {
    const dt = new DataTransfer();
    dt.items.add(new File(['x'], n));
    return dt;
  }, name);
  const area = page.getByRole('group', { name: 'Drop the documents folder here' });
  await area.dispatchEvent('dragenter', { dataTransfer });
  await area.dispatchEvent('dragover', { dataTransfer });
  await area.dispatchEvent('drop', { dataTransfer });
}

describe('checking evidence in the window', () => {
  it('Bob opens a seal from Alice with evidence; the evidence check lists each file and says the documents were not checked', async () => {
    const alice = (args: string[]) => runSignet(['--config', sandbox.configPath, ...args], { SIGNET_HOME: join(work, 'home-alice') });
    expect((await alice(['login', '--user', 'alice'])).code).toBe(0);
    const from = join(work, 'from-alice');
    await mkdir(from);
    await writeFile(join(from, 'report.txt'), 'the quarterly report\n');
    const sealed = await alice(['seal', '--to', 'Legal', join(from, 'report.txt')]);
    expect(sealed.code, sealed.stderr).toBe(0);

    await signInAs(page, 'Bob Example');
    const inbox = join(work, 'inbox');
    await mkdir(inbox);
    await copyFile(join(from, 'report.txt.signet'), join(inbox, 'report.txt.signet'));
    await ui.allowPaths({ 'report.txt.signet': join(inbox, 'report.txt.signet') });
    await ui.drop(['report.txt.signet']);
    await page.getByRole('heading', { name: 'Authentic' }).waitFor();
    await page.getByRole('button', { name: 'Done' }).click();
    evidenceName = (await readdir(inbox)).find((name) => name.startsWith('report.txt evidence'))!;
    expect(evidenceName).toBeDefined();
    evidence = join(inbox, evidenceName);
    documents = join(work, 'documents');
    await mkdir(documents);
    await copyFile(join(inbox, 'report.txt'), join(documents, 'report.txt'));

    await ui.allowPaths({ [evidenceName]: evidence });
    await ui.drop([evidenceName]);
    const card = page.locator('.result');
    await page.getByRole('heading', { name: 'Authentic' }).waitFor();
    const text = await card.textContent();
    expect(text).toMatch(/Authentic signature\. Sealed by Alice Example, Finance on /);
    expect(text).toContain('The documents themselves were not checked.');
    expect(text).not.toContain('Nothing has changed');
    const files = page.getByRole('table', { name: 'What was checked in the evidence folder' });
    await expect(files.getByRole('row', { name: /^report\.pdf Summary A summary for people: it proves nothing/ }).count()).resolves.toBe(1);
    await expect(files.getByRole('row', { name: /^verdict\.json Checked Against the signed manifest\.json/ }).count()).resolves.toBe(1);
    await expect(files.getByRole('row', { name: /^crls\.pem Not checked/ }).count()).resolves.toBe(1);
    await screenshot(page, '13-evidence-checked');
    await expectAccessible(page, 'evidence check');
  });

  it('"Also check the documents…" with the folder chosen in the picker: the same documents pass, named', async () => {
    // A folder picker hands over the files in the folder; the preload takes the folder from their path.
    await ui.allowPaths({ 'report.txt': join(documents, 'report.txt') });
    await page.getByRole('button', { name: 'Also check the documents…' }).click();
    await (await ui.nextFileChooser()).setFiles(documents);
    const card = page.locator('.result');
    await card.getByText('were checked: each is as it was sealed (report.txt)').waitFor();
    await expect(card.textContent()).resolves.toMatch(/Sealed by Alice Example, Finance on .* Nothing has changed since it was sealed\./);
    await expect(card.textContent()).resolves.toContain(documents);
    await page.getByRole('button', { name: 'Done' }).click();
  });

  it('a document with a line appended, dropped on the card, is refused: Do not trust, naming it', async () => {
    await appendFile(join(documents, 'report.txt'), 'and one more line\n');
    await ui.drop([evidenceName]);
    await page.locator('.result').getByText('The documents themselves were not checked.').waitFor();
    await ui.allowPaths({ documents });
    await dropOnCard('documents');
    await page.getByRole('heading', { name: 'Do not trust these documents' }).waitFor();
    await expect(page.locator('.result').textContent()).resolves.toContain('report.txt has changed since it was sealed');
    await screenshot(page, '14-documents-changed');
    await expectAccessible(page, 'documents changed');
    await page.getByRole('button', { name: 'OK' }).click();
    await page.getByRole('button', { name: 'Activity' }).click();
    await expect(page.locator('.activity').innerText()).resolves.toContain(`Refused · ${evidenceName}`);
  });
});
