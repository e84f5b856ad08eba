// Sealing a file whose .signet already exists, in a real browser (issue 16): the card
// asks "report.txt.signet already exists. Replace it, or keep both?" and both buttons
// work — Keep both writes "report.txt (2).signet" beside the first, Replace overwrites
// the first — with the files and recipients chosen before.
import { copyFile, mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible } from './axe.js';
import type { Harness } from './harness.js';
import { screenshot, signInAs as signInAsPerson, windowOnSandbox } from './window.js';

let ui: Harness;
let page: Page;
let work: string;

const signInAs = (displayName: string): Promise<void> => signInAsPerson(page, displayName);

/** Drops report.txt and chooses Legal, as a person would; the seal button is then clicked. */
async function sealForLegal(path: string): Promise<void> {
  await ui.allowPaths({ 'report.txt': path });
  await ui.drop(['report.txt']);
  await page.getByRole('heading', { name: 'Who is it for?' }).waitFor();
  await page.getByRole('checkbox', { name: 'Legal' }).check();
  await page.getByRole('button', { name: 'Seal for Legal' }).click();
}

/** Opens a copy of a seal as Bob (Legal) in a folder of its own; returns what was saved. */
async function openAsLegal(sealed: string, folder: string): Promise<string> {
  await mkdir(folder);
  await copyFile(sealed, join(folder, 'in.signet'));
  await ui.allowPaths({ 'in.signet': join(folder, 'in.signet') });
  await ui.drop(['in.signet']);
  await page.getByRole('heading', { name: 'Authentic' }).waitFor();
  await page.getByRole('button', { name: 'Done' }).click();
  return readFile(join(folder, 'report.txt'), 'utf8');
}

const setup = windowOnSandbox('signet-replace-');
beforeAll(async () => {
  ({ ui, page, work } = setup);
  await page.getByRole('heading', { name: 'Sign in to Example Org (Signet demo)' }).waitFor();
});

describe('sealing when the .signet already exists', () => {
  it('asks to replace it or keep both, and both buttons do what they say', async () => {
    await signInAs('Alice Example');
    const from = join(work, 'from-alice');
    await mkdir(from);
    const report = join(from, 'report.txt');
    await writeFile(report, 'the quarterly report');
    const first = join(from, 'report.txt.signet');

    await sealForLegal(report);
    await page.getByRole('heading', { name: /Sealed for Legal/ }).waitFor();
    await page.getByRole('button', { name: 'Done' }).click();
    const firstBytes = await readFile(first);

    // The same file again: the card asks, in UX.md's words.
    await sealForLegal(report);
    const card = page.locator('.result');
    await card.getByText('report.txt.signet already exists. Replace it, or keep both?').waitFor();
    await expect(readdir(from)).resolves.toEqual(['report.txt', 'report.txt.signet']);
    await screenshot(page, '20-replace-or-keep-both');
    await expectAccessible(page, 'replace or keep both');

    await card.getByRole('button', { name: 'Keep both' }).click();
    await page.getByRole('heading', { name: /Sealed for Legal/ }).waitFor();
    await expect(page.getByText(join(from, 'report.txt (2).signet'), { exact: true }).isVisible()).resolves.toBe(true);
    await page.getByRole('button', { name: 'Done' }).click();
    await expect(readdir(from).then((names) => names.sort())).resolves.toEqual(['report.txt', 'report.txt (2).signet', 'report.txt.signet']);
    await expect(readFile(first)).resolves.toEqual(firstBytes);

    // Again, and this time Replace: the first is overwritten, no third seal appears.
    await sealForLegal(report);
    await card.getByText('report.txt.signet already exists. Replace it, or keep both?').waitFor();
    await card.getByRole('button', { name: 'Replace' }).click();
    await page.getByRole('heading', { name: /Sealed for Legal/ }).waitFor();
    await expect(page.getByText(first, { exact: true }).isVisible()).resolves.toBe(true);
    await page.getByRole('button', { name: 'Done' }).click();
    await expect(readdir(from).then((names) => names.sort())).resolves.toEqual(['report.txt', 'report.txt (2).signet', 'report.txt.signet']);
    const replaced = await readFile(first);
    expect(replaced.equals(firstBytes)).toBe(false);

    // Both seals open for Legal, into the file that was sealed.
    await signInAs('Bob Example');
    await expect(openAsLegal(join(from, 'report.txt (2).signet'), join(work, 'bob-kept'))).resolves.toBe('the quarterly report');
    await expect(openAsLegal(first, join(work, 'bob-replaced'))).resolves.toBe('the quarterly report');
  });
});
