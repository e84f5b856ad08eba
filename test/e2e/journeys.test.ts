// The desktop app's journeys in a real browser: the built renderer in Debian's
// Chromium, its bridge routed to the real handlers against the sandbox, real files.
// SIGNET_SCREENSHOTS=1 (npm run screenshots) also saves each main screen under
// docs/screenshots for the README.
import { copyFile, mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadOrgConfig } from '../../src/main/config/orgConfig.js';
import { createContext } from '../../src/main/services/context.js';
import { SignCommand } from '@aws-sdk/client-kms';
import { adminCredentials, kmsClient, type TestSandbox } from '../support/sandbox.js';
import { expectAccessible } from './axe.js';
import { launch, type Harness } from './harness.js';
import { screenshot as screenshotOf, signInAs as signInAsPerson, windowOnSandbox } from './window.js';

let sandbox: TestSandbox;
let ui: Harness & { browser: import('playwright-core').Browser };
let page: Page;
let work: string;
let sealedPath: string;
let evidenceFolder: string;

const screenshot = (name: string, fullPage = false): Promise<void> => screenshotOf(page, name, fullPage);

const signInAs = (displayName: string): Promise<void> => signInAsPerson(page, displayName);

const setup = windowOnSandbox('signet-ui-');
beforeAll(async () => {
  ({ sandbox, ui, page, work } = setup);
});

describe('the Signet window', () => {
  it('starts in demo mode and offers the demo people', async () => {
    await page.getByRole('heading', { name: 'Sign in to Example Org (Signet demo)' }).waitFor();
    await expect(page.getByText('Demo mode').isVisible()).resolves.toBe(true);
    await expect(page.getByRole('button', { name: /^Sign in as/ }).count()).resolves.toBe(3);
    await screenshot('1-sign-in');
    await expectAccessible(page, 'sign-in');
  });

  it('seals two files and a folder for Legal, chosen by search', async () => {
    await signInAs('Alice Example');
    await expect(page.getByText('Signed in as alice').isVisible()).resolves.toBe(true);
    await screenshot('2-drop');
    await expectAccessible(page, 'drop zone');
    const from = join(work, 'from-alice');
    await mkdir(join(from, 'project', 'drafts'), { recursive: true });
    await writeFile(join(from, 'report.txt'), 'the quarterly report');
    await writeFile(join(from, 'notes.txt'), 'meeting notes');
    await writeFile(join(from, 'project', 'drafts', 'v1.txt'), 'draft one');
    await ui.allowPaths({ 'report.txt': join(from, 'report.txt'), 'notes.txt': join(from, 'notes.txt'), project: join(from, 'project') });
    await ui.drop(['report.txt', 'notes.txt', 'project']);
    await page.getByRole('heading', { name: 'Who is it for?' }).waitFor();
    await page.getByLabel('Search your organisation').fill('leg');
    await expect(page.getByRole('checkbox').count()).resolves.toBe(1);
    await page.getByRole('checkbox', { name: 'Legal' }).check();
    await screenshot('3-choose');
    await expectAccessible(page, 'recipient picker');
    await page.getByRole('button', { name: 'Seal for Legal' }).click();
    await page.getByRole('heading', { name: /Sealed for Legal/ }).waitFor();
    sealedPath = join(from, 'report.txt and 2 more.signet');
    await expect(page.getByText(sealedPath, { exact: true }).isVisible()).resolves.toBe(true);
    await expect(readdir(from)).resolves.toContain('report.txt and 2 more.signet');
    await screenshot('4-sealed');
    await expectAccessible(page, 'sealed');
    await page.getByRole('button', { name: 'Done' }).click();
  });

  it("opens it as a Legal receiver: Authentic, sealed by the name on Alice's certificate, files saved, the session only as her own account", async () => {
    await signInAs('Bob Example');
    const inbox = join(work, 'bob-inbox');
    await mkdir(inbox);
    await copyFile(sealedPath, join(inbox, 'from-alice.signet'));
    await ui.allowPaths({ 'from-alice.signet': join(inbox, 'from-alice.signet') });
    await ui.drop(['from-alice.signet']);
    await page.getByRole('heading', { name: 'Authentic' }).waitFor();
    await expect(page.locator('.result').textContent()).resolves.toMatch(/Sealed by Alice Example, Finance on .* Nothing has changed since it was sealed\./);
    // Several entries opened beside the seal go together into a folder named after it (docs/FORMAT.md, "Releasing").
    await expect(readFile(join(inbox, 'from-alice', 'report.txt'), 'utf8')).resolves.toBe('the quarterly report');
    await expect(readFile(join(inbox, 'from-alice', 'project', 'drafts', 'v1.txt'), 'utf8')).resolves.toBe('draft one');
    await screenshot('5-verdict');
    await expectAccessible(page, 'authentic');
    await page.getByText('Details').click();
    const details = page.locator('details dl');
    await expect(details.getByText('KMS request id').isVisible()).resolves.toBe(true);
    const detail = async (term: string) => (await details.locator('dt', { hasText: term }).locator('xpath=following-sibling::dd[1]').textContent())?.trim();
    await expect(detail('Sealed by (from the certificate)')).resolves.toBe('Alice Example, Finance');
    await expect(detail('E-mail (from the certificate)')).resolves.toBe('alice@example.org');
    await expect(detail('Trusted timestamp')).resolves.toMatch(/^Sealed at \d{4}-\d{2}-\d{2}T[\d:.]+Z \(trusted timestamp from .+\)$/);
    await expect(detail('Certificate SHA-256')).resolves.toMatch(/^[0-9a-f]{64}$/);
    await expect(detail("Source identity (the sender's own account of the session)")).resolves.toBe('alice');
    await expect(detail("Session ARN (the sender's own account of the session)")).resolves.toMatch(/^arn:aws:sts::\d{12}:assumed-role\/SignetSender\/alice$/);
    await screenshot('10-verdict-details', true);
    await expectAccessible(page, 'authentic, details open');
    await page.getByRole('button', { name: 'Show in folder' }).click();
    await expect.poll(() => ui.revealed).toContain(join(inbox, 'from-alice', 'report.txt'));
    evidenceFolder = (await page.locator('dd', { hasText: 'evidence' }).last().textContent())!;
    await page.getByRole('button', { name: 'Done' }).click();
  });

  it('refuses a tampered copy and saves nothing', async () => {
    const elsewhere = join(work, 'tampered');
    await mkdir(elsewhere);
    const bytes = await readFile(sealedPath);
    bytes[bytes.length - 40]! ^= 1;
    await writeFile(join(elsewhere, 'changed.signet'), bytes);
    await ui.allowPaths({ 'changed.signet': join(elsewhere, 'changed.signet') });
    await ui.drop(['changed.signet']);
    await page.getByRole('heading', { name: 'Do not trust this file' }).waitFor();
    await expect(page.locator('.result').textContent()).resolves.toContain('It was changed after it was sealed. Nothing from it was saved.');
    await expect(readdir(elsewhere)).resolves.toEqual(['changed.signet']);
    await screenshot('6-tampered');
    await expectAccessible(page, 'refused');
    await page.getByRole('button', { name: 'OK' }).click();
  });

  it('cancels a large seal and leaves no partial output', async () => {
    await signInAs('Alice Example');
    const dir = join(work, 'large');
    await mkdir(dir);
    const out = createWriteStream(join(dir, 'video.bin'));
    const block = Buffer.alloc(8 * 1024 * 1024, 7);
    for (let i = 0; i < 96; i++) if (!out.write(block)) await new Promise<void>((r) => out.once('drain', () => r()));
    await new Promise<void>((r) => out.end(() => r()));
    await ui.allowPaths({ 'video.bin': join(dir, 'video.bin') });
    await ui.drop(['video.bin']);
    await page.getByRole('checkbox', { name: 'Legal' }).check();
    await page.getByRole('button', { name: 'Seal for Legal' }).click();
    await page.getByRole('button', { name: 'Cancel' }).waitFor();
    await expectAccessible(page, 'progress');
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.locator('.result').getByText('Cancelled. Nothing was left behind.').waitFor();
    await expectAccessible(page, 'cancelled');
    await expect(readdir(dir)).resolves.toEqual(['video.bin']);
    await page.getByRole('button', { name: 'OK' }).click();
  });

  it('lists what happened in the activity view, refusals included', async () => {
    await page.getByRole('button', { name: 'Activity' }).click();
    await page.getByRole('heading', { name: 'Activity' }).waitFor();
    const text = await page.locator('.activity').innerText();
    expect(text).toContain('Sealed · report.txt and 2 more.signet for Legal');
    expect(text).toContain('Opened · from-alice.signet: authentic, sealed by Alice Example, Finance');
    expect(text).toContain('Refused · changed.signet');
    await screenshot('7-activity');
    await expectAccessible(page, 'Activity');
    await page.getByRole('button', { name: 'Seal and open' }).click();
  });

  it('shows what this computer trusts: the root, the issuing CA, the certificates and the revocation lists', async () => {
    await page.getByRole('button', { name: 'Trust', exact: true }).click();
    await page.getByRole('heading', { name: 'What this computer trusts' }).waitFor();
    const config = JSON.parse(await readFile(sandbox.configPath, 'utf8'));
    await expect(page.getByText(config.trust.rootSha256).isVisible()).resolves.toBe(true);
    const people = page.getByRole('table', { name: "Certificates of people who seal and teams who receive" });
    await expect(people.getByRole('row', { name: /Alice Example Finance Person/ }).count()).resolves.toBe(1);
    await expect(people.getByRole('row', { name: /^Legal — Team/ }).count()).resolves.toBe(1);
    await expect(people.getByRole('row', { name: /^Finance — Team/ }).count()).resolves.toBe(1);
    const crls = page.getByRole('table', { name: /Revocation lists/ });
    await expect(crls.getByRole('row', { name: /Current$/ }).count()).resolves.toBe(2);
    await screenshot('8-trust', true);
    await expectAccessible(page, 'Trust view');
    await page.getByRole('button', { name: 'Seal and open' }).click();
  });

  it('can be used with the keyboard alone', async () => {
    const dir = join(work, 'keyboard');
    await mkdir(dir);
    await writeFile(join(dir, 'minutes.txt'), 'board minutes');
    await ui.allowPaths({ 'minutes.txt': join(dir, 'minutes.txt') });
    await page.locator('body').focus();
    let chooser = false;
    for (let i = 0; i < 12 && !chooser; i++) {
      await page.keyboard.press('Tab');
      chooser = (await page.evaluate(() => document.activeElement?.textContent ?? '')) === 'Choose files…';
    }
    expect(chooser).toBe(true);
    await page.keyboard.press('Enter');
    await (await ui.nextFileChooser()).setFiles(join(dir, 'minutes.txt'));
    await page.getByRole('heading', { name: 'Who is it for?' }).waitFor();
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('choose-title');
    const tabTo = async (matches: () => boolean | Promise<boolean>) => {
      for (let i = 0; i < 10; i++) {
        await page.keyboard.press('Tab');
        if (await matches()) return;
      }
      throw new Error('could not reach the control with Tab');
    };
    await tabTo(() => page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.value === 'Legal'));
    await page.keyboard.press('Space');
    await tabTo(() => page.evaluate(() => document.activeElement?.textContent?.trim() === 'Seal for Legal'));
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: /Sealed for Legal/ }).waitFor();
    await expect(readdir(dir)).resolves.toContain('minutes.txt.signet');
    await page.getByRole('button', { name: 'Done' }).click();
  });

  it('checks a message and its detached signature dropped together, fetching the organisation key with receiver access', async () => {
    // Opening version 2 seals pins no key any more, so the organisation's signing key is
    // fetched now, which needs receiver access: Bob's, not Alice's.
    await signInAs('Bob Example');
    const dir = join(work, 'detached');
    await mkdir(dir);
    await writeFile(join(dir, 'message.json'), '{"order":42}');
    const config = await loadOrgConfig(sandbox.configPath);
    const signed = await kmsClient(sandbox, adminCredentials(sandbox)).send(
      new SignCommand({ KeyId: config.signingKey, Message: await readFile(join(dir, 'message.json')), MessageType: 'RAW', SigningAlgorithm: 'ECDSA_SHA_512' }),
    );
    await writeFile(join(dir, 'message.sig'), signed.Signature!);
    await ui.allowPaths({ 'message.json': join(dir, 'message.json'), 'message.sig': join(dir, 'message.sig') });
    await ui.drop(['message.json', 'message.sig']);
    await page.getByRole('heading', { name: 'Authentic signature' }).waitFor();
    await expectAccessible(page, 'detached signature checked');
    await page.getByRole('button', { name: 'Done' }).click();
  });

  it('checks an evidence folder offline after a restart with AWS out of reach', async () => {
    const ctx = ui.ctxHome;
    await sandbox.close();
    const offline = await launch(await createContext(await loadOrgConfig(sandbox.configPath), ctx), ui.browser);
    try {
      await offline.page.getByText("You're offline. Sealing and opening need a connection; you can still drop evidence folders and signatures below to check them, and import the trust file from IT.").waitFor();
      await offline.allowPaths({ [evidenceFolder.split('/').pop()!]: evidenceFolder });
      await offline.drop([evidenceFolder.split('/').pop()!]);
      await offline.page.getByRole('heading', { name: 'Authentic' }).waitFor();
      await expect(offline.page.locator('.result').getByText(/Sealed by Alice Example, Finance on/).isVisible()).resolves.toBe(true);
      await screenshotOf(offline.page, '9-offline-check');
      await expectAccessible(offline.page, 'offline, evidence checked');
      expect(offline.pageErrors).toEqual([]);
    } finally {
      await offline.close();
    }
  });
});
