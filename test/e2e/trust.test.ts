// Trust v2 in a real browser (docs/TRUST.md): a fresh computer imports the trust file IT
// publishes and the Trust view lists what it holds; a computer with no revocation list
// and nowhere to fetch one says "Can't confirm yet", never "Authentic"; and once IT
// revokes Alice's certificate (with the real `signet admin revoke`), Bob imports the
// fresh trust file and her earlier seal is refused with nothing saved.
import { copyFile, mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadOrgConfig } from '../../src/main/config/orgConfig.js';
import { createContext } from '../../src/main/services/context.js';
import { runSignet } from '../support/cli.js';
import type { TestSandbox } from '../support/sandbox.js';
import { expectAccessible } from './axe.js';
import { launch, type Harness } from './harness.js';
import { screenshot, signInAs, windowOnSandbox } from './window.js';

let sandbox: TestSandbox;
let ui: Harness & { browser: Browser };
let page: Page;
let work: string;
/** Alice's seal of report.txt for Legal, made before anything was revoked. */
let sealed: string;

const setup = windowOnSandbox('signet-trust-');
beforeAll(async () => {
  ({ sandbox, ui, page, work } = setup);
  await page.getByRole('heading', { name: 'Sign in to Example Org (Signet demo)' }).waitFor();
});

/** The trust file IT publishes now (the configuration's trust.updates), saved as `name` in the test's folder. */
async function publishedTrustFile(name: string): Promise<string> {
  const config = JSON.parse(await readFile(sandbox.configPath, 'utf8'));
  const response = await fetch(config.trust.updates);
  expect(response.status).toBe(200);
  const path = join(work, name);
  await writeFile(path, await response.text());
  return path;
}

/** Imports `path` with the Trust view's button, as a person choosing it in the dialog; returns what the view then says. */
async function importWithButton(on: Harness, path: string): Promise<string> {
  const name = path.split('/').pop()!;
  await on.allowPaths({ [name]: path });
  await on.page.getByRole('button', { name: 'Trust', exact: true }).click();
  await on.page.getByRole('button', { name: 'Import trust file…' }).click();
  await (await on.nextFileChooser()).setFiles(path);
  const status = on.page.locator('.trust [role=status]', { hasText: /^Imported/ });
  await status.waitFor();
  return (await status.textContent())!;
}

/** Drops a copy of Alice's seal, in a folder of its own, on `on`'s window. */
async function dropCopy(on: Harness, folder: string): Promise<void> {
  await mkdir(folder);
  await copyFile(sealed, join(folder, 'in.signet'));
  await on.allowPaths({ 'in.signet': join(folder, 'in.signet') });
  await on.page.getByRole('button', { name: 'Seal and open' }).click();
  await on.drop(['in.signet']);
}

/** The number of the issuing CA's revocation list as the Trust view shows it. */
async function issuingCrlNumber(): Promise<number> {
  const row = page.getByRole('table', { name: /Revocation lists/ }).getByRole('row', { name: /Issuing CA/ });
  return Number(await row.locator('td').nth(1).textContent());
}

describe('trust v2 in the window', () => {
  it('a fresh computer knows only the root; after importing the published trust file the Trust view lists Alice Example, Legal, Finance and the revocation lists', async () => {
    await signInAs(page, 'Bob Example');
    await page.getByRole('button', { name: 'Trust', exact: true }).click();
    await page.getByRole('heading', { name: 'What this computer trusts' }).waitFor();
    await page.getByText('No certificates yet.').waitFor();
    await expect(page.getByText('This computer has no revocation lists').isVisible()).resolves.toBe(true);
    await expectAccessible(page, 'Trust view, nothing imported');

    const said = await importWithButton(ui, await publishedTrustFile('first.signet-trust'));
    expect(said).toMatch(/^Imported \d+ new certificates and 2 new revocation lists\.$/);
    const people = page.getByRole('table', { name: 'Certificates of people who seal and teams who receive' });
    await expect(people.getByRole('row', { name: /^Alice Example Finance Person/ }).count()).resolves.toBe(1);
    await expect(people.getByRole('row', { name: /^Legal — Team/ }).count()).resolves.toBe(1);
    await expect(people.getByRole('row', { name: /^Finance — Team/ }).count()).resolves.toBe(1);
    const crls = page.getByRole('table', { name: /Revocation lists/ });
    await expect(crls.getByRole('row', { name: /Root CA .* Current$/ }).count()).resolves.toBe(1);
    await expect(crls.getByRole('row', { name: /Issuing CA .* Current$/ }).count()).resolves.toBe(1);
    await expectAccessible(page, 'Trust view, trust file imported');
    await page.getByRole('button', { name: 'Seal and open' }).click();
  });

  it("opens Alice's seal on a computer with no revocation list and nowhere to fetch one: Can't confirm yet, not Authentic", async () => {
    await signInAs(page, 'Alice Example');
    const from = join(work, 'from-alice');
    await mkdir(from);
    await writeFile(join(from, 'report.txt'), 'the quarterly report');
    await ui.allowPaths({ 'report.txt': join(from, 'report.txt') });
    await ui.drop(['report.txt']);
    await page.getByRole('checkbox', { name: 'Legal' }).check();
    await page.getByRole('button', { name: 'Seal for Legal' }).click();
    await page.getByRole('heading', { name: 'Sealed for Legal' }).waitFor();
    sealed = join(from, 'report.txt.signet');
    await page.getByRole('button', { name: 'Done' }).click();

    // Another computer: the same configuration without trust.updates, and a home of its
    // own, so it has the pinned root but no revocation list and no way to fetch one.
    const config = JSON.parse(await readFile(sandbox.configPath, 'utf8'));
    delete config.trust.updates;
    const noUpdates = join(work, 'no-updates.json');
    await writeFile(noUpdates, JSON.stringify(config));
    const other = await launch(await createContext(await loadOrgConfig(noUpdates), join(work, 'home-without-crls')), ui.browser);
    try {
      await signInAs(other.page, 'Bob Example');
      const inbox = join(work, 'no-crls-inbox');
      await dropCopy(other, inbox);
      const card = other.page.locator('.result');
      await other.page.getByRole('heading', { name: "Can't confirm yet" }).waitFor();
      await expect(other.page.getByRole('heading', { name: 'Authentic' }).count()).resolves.toBe(0);
      await expect(card.textContent()).resolves.toMatch(/Sealed by Alice Example, Finance on .* but Signet can't confirm the certificate is still valid/);
      await expect(card.textContent()).resolves.toContain('Connect once, or import a fresh trust file from IT.');
      // The seal itself checked out, so its file is saved; the verdict says what is unproven.
      await expect(readFile(join(inbox, 'report.txt'), 'utf8')).resolves.toBe('the quarterly report');
      await screenshot(other.page, '11-revocation-unknown');
      await expectAccessible(other.page, 'revocation unknown');
      await other.page.getByText('Details').click();
      await expect(other.page.locator('dt', { hasText: 'Why revocation was not checked' }).count()).resolves.toBe(1);
      await other.page.getByRole('button', { name: 'See what this computer trusts' }).click();
      await other.page.getByText('This computer has no revocation lists').waitFor();
      expect(other.pageErrors).toEqual([]);
    } finally {
      await other.close();
    }
  });

  it("after IT revokes Alice's certificate because her key was lost, Bob imports the fresh trust file and her earlier seal is refused: Do not trust, nothing saved", async () => {
    await signInAs(page, 'Bob Example');
    // Before the revocation the same seal opens as authentic on this computer.
    await dropCopy(ui, join(work, 'before-revocation'));
    await page.getByRole('heading', { name: 'Authentic' }).waitFor();
    await page.getByRole('button', { name: 'Done' }).click();

    const revoked = await runSignet(['--config', sandbox.configPath, '--profile', 'signet-admin', '--json', 'admin', 'revoke', 'alice', '--reason', 'lost'], {
      AWS_CONFIG_FILE: join(sandbox.dir, 'aws', 'config'),
      AWS_SHARED_CREDENTIALS_FILE: join(sandbox.dir, 'aws', 'credentials'),
      SIGNET_HOME: join(work, 'home-admin'),
    });
    expect(revoked.code, revoked.stderr + revoked.stdout).toBe(0);

    await page.getByRole('button', { name: 'Trust', exact: true }).click();
    await page.getByRole('heading', { name: 'What this computer trusts' }).waitFor();
    const before = await issuingCrlNumber();
    await expect(importWithButton(ui, await publishedTrustFile('after-revocation.signet-trust'))).resolves.toMatch(/^Imported 0 new certificates and 1 new revocation list\.$/);
    await expect.poll(issuingCrlNumber).toBeGreaterThan(before);

    const inbox = join(work, 'after-revocation');
    await dropCopy(ui, inbox);
    await page.getByRole('heading', { name: 'Do not trust this file' }).waitFor();
    const alert = await page.locator('.result').textContent();
    expect(alert).toMatch(/revoked the sender's certificate/);
    expect(alert).toContain('Nothing from it was saved');
    await expect(readdir(inbox)).resolves.toEqual(['in.signet']);
    await screenshot(page, '12-revoked');
    await expectAccessible(page, 'refused: revoked');
    await page.getByRole('button', { name: 'OK' }).click();
    await page.getByRole('button', { name: 'Activity' }).click();
    await expect(page.locator('.activity').innerText()).resolves.toContain('Refused · in.signet');
  });
});
