// Failure cards in a real browser: a sealed file cut short by a download says calmly
// that it is incomplete and to fetch it again (not the tamper alarm), lists the file,
// the code and when under Details, and "Copy details for IT" puts those facts on the
// clipboard as plain text; a changed file still gets the alarm, with the same details.
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { runSignet } from '../support/cli.js';
import type { TestSandbox } from '../support/sandbox.js';
import type { Harness } from './harness.js';
import { screenshot, signInAs, windowOnSandbox } from './window.js';

let sandbox: TestSandbox;
let ui: Harness;
let page: Page;
let work: string;
/** Alice's seal of minutes.txt for Legal, whole. */
let whole: Buffer;

const setup = windowOnSandbox('signet-failure-cards-');
beforeAll(async () => {
  ({ sandbox, ui, page, work } = setup);
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  const alice = (args: string[]) => runSignet(['--config', sandbox.configPath, ...args], { SIGNET_HOME: join(work, 'home-alice') });
  expect((await alice(['login', '--user', 'alice'])).code).toBe(0);
  await writeFile(join(work, 'minutes.txt'), 'minutes of the board meeting\n'.repeat(50));
  const sealed = await alice(['seal', '--to', 'Legal', join(work, 'minutes.txt')]);
  expect(sealed.code, sealed.stderr).toBe(0);
  whole = await readFile(join(work, 'minutes.txt.signet'));
  await signInAs(page, 'Bob Example');
});

/** Drops `bytes` as `name`, alone in a new folder, on the window; returns that folder. */
async function dropAs(name: string, bytes: Buffer): Promise<string> {
  const folder = join(work, `drop-${name}-${bytes.length}`);
  await mkdir(folder);
  await writeFile(join(folder, name), bytes);
  await ui.allowPaths({ [name]: join(folder, name) });
  await ui.drop([name]);
  return folder;
}

describe('failure cards', () => {
  it('a seal cut short by a download: "Incomplete file", fetch it again, with the file and code under Details and nothing saved', async () => {
    const folder = await dropAs('minutes.txt.signet', whole.subarray(0, Math.floor(whole.length * 0.7)));
    await page.getByRole('heading', { name: 'Incomplete file' }).waitFor();
    const card = page.locator('.result');
    await expect(card.textContent()).resolves.toContain('This file is incomplete — the download or copy was cut short. Fetch it again from the sender. Nothing from it was saved.');
    await expect(card.textContent()).resolves.not.toMatch(/Do not trust|changed/);
    await card.getByText('Details', { exact: true }).click();
    await expect(card.locator('dl').innerText()).resolves.toMatch(/File\s+minutes\.txt\.signet\s+Code\s+TRUNCATED\s+What Signet found\s+.*cut short.*\s+When \(UTC\)\s+\d{4}-\d\d-\d\dT/s);
    await screenshot(page, '18-incomplete-file');
    await expect(readdir(folder)).resolves.toEqual(['minutes.txt.signet']);
  });

  it('"Copy details for IT" copies the file, code, message, time and version as plain text', async () => {
    await page.getByRole('button', { name: 'Copy details for IT' }).click();
    await page.getByText('Copied. Paste it into your message to IT.').waitFor();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    const lines = copied.split('\n');
    expect(lines[0]).toBe('Signet: Incomplete file');
    expect(lines).toContain('File: minutes.txt.signet');
    expect(lines).toContain('Code: TRUNCATED');
    expect(lines).toContain('Message: This file is incomplete — the download or copy was cut short. Fetch it again from the sender. Nothing from it was saved.');
    expect(lines.find((line) => line.startsWith('Detail: '))).toMatch(/cut short/);
    expect(lines.find((line) => line.startsWith('Time (UTC): '))).toMatch(/^Time \(UTC\): \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/);
    expect(lines).toContain(`Signet version: ${JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')).version}`);
    await page.getByRole('button', { name: 'OK' }).click();
  });

  it('a seal with one byte changed still gets the alarm, "Do not trust this file", with its code under Details', async () => {
    const changed = Buffer.from(whole);
    changed[changed.length - 40]! ^= 0x01;
    await dropAs('minutes.txt.signet', changed);
    await page.getByRole('heading', { name: 'Do not trust this file' }).waitFor();
    const card = page.locator('.result');
    await expect(card.textContent()).resolves.toContain('It was changed after it was sealed');
    await card.getByText('Details', { exact: true }).click();
    await expect(card.locator('dl').innerText()).resolves.toMatch(/Code\s+TAMPERED/);
    await page.getByRole('button', { name: 'OK' }).click();
  });
});
