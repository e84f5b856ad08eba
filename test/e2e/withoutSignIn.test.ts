// A laptop that has never signed in, with AWS out of reach (the sandbox stopped), in a
// real browser: the sign-in screen itself offers what needs no sign-in — an evidence
// folder dropped there is checked and its verdict shown, IT's trust file is imported,
// a sealed file this computer opened before is checked from the signature it kept — and
// one it never opened leads to signing in instead of a dead end.
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadOrgConfig } from '../../src/main/config/orgConfig.js';
import { createContext } from '../../src/main/services/context.js';
import { runSignet } from '../support/cli.js';
import { startTestSandbox, type TestSandbox } from '../support/sandbox.js';
import { launch, type Harness } from './harness.js';
import { screenshot } from './window.js';

let work: string;
let sandbox: TestSandbox;
let ui: Harness & { browser: Browser };
let page: Page;
/** What Bob's open wrote beside the seal: the evidence folder, and Alice's seal itself. */
let evidence: string;
let sealed: string;
/** The trust file IT published, saved before the sandbox stopped. */
let trustFile: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'signet-without-sign-in-'));
  sandbox = await startTestSandbox({ dir: join(work, 'sandbox') });
  const as = (who: string, args: string[]) => runSignet(['--config', sandbox.configPath, ...args], { SIGNET_HOME: join(work, `home-${who}`) });
  for (const who of ['alice', 'bob']) expect((await as(who, ['login', '--user', who])).code).toBe(0);
  const inbox = join(work, 'inbox');
  await mkdir(inbox);
  await writeFile(join(inbox, 'report.txt'), 'the quarterly report\n');
  const seal = await as('alice', ['seal', '--to', 'Legal', join(inbox, 'report.txt')]);
  expect(seal.code, seal.stderr).toBe(0);
  sealed = join(inbox, 'report.txt.signet');
  evidence = join(work, 'report evidence');
  const opened = await as('bob', ['open', sealed, '-o', join(work, 'opened'), '--evidence', evidence]);
  expect(opened.code, opened.stderr).toBe(0);
  const config = JSON.parse(await readFile(sandbox.configPath, 'utf8'));
  trustFile = join(work, 'from-it.signet-trust');
  await writeFile(trustFile, await (await fetch(config.trust.updates)).text());

  // From here on AWS cannot be reached, and this computer has never signed in.
  const orgConfig = await loadOrgConfig(sandbox.configPath);
  await sandbox.close();
  ui = await launch(await createContext(orgConfig, join(work, 'home-new-laptop')));
  page = ui.page;
  await page.getByRole('heading', { name: 'Sign in to Example Org (Signet demo)' }).waitFor();
});
afterEach(() => {
  expect(ui.pageErrors).toEqual([]);
});
afterAll(async () => {
  await ui?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

describe('without signing in, AWS out of reach', () => {
  it('signing in fails as offline, and the same screen offers checking evidence and importing files from IT', async () => {
    await page.getByRole('button', { name: /Sign in as Bob Example/ }).click();
    await page.getByRole('alert').getByText("You're offline.").waitFor();
    await expect(page.getByRole('heading', { name: 'Check evidence or import files from IT' }).isVisible()).resolves.toBe(true);
  });

  it("an evidence folder dropped on the sign-in screen is checked: the signature checks out, but with no revocation list yet it can't confirm", async () => {
    await ui.allowPaths({ 'report evidence': evidence });
    await ui.drop(['report evidence']);
    await page.getByRole('heading', { name: "Can't confirm yet" }).waitFor();
    await expect(page.locator('.result').textContent()).resolves.toMatch(/The signature checks out: sealed by Alice Example, Finance on .*this computer has no current revocation list/);
    await page.getByRole('button', { name: 'Done' }).click();
    await page.getByRole('heading', { name: 'Check evidence or import files from IT' }).waitFor();
  });

  it("IT's trust file dropped on the sign-in screen is imported; the same evidence then checks as Authentic", async () => {
    await ui.allowPaths({ 'from-it.signet-trust': trustFile });
    await ui.drop(['from-it.signet-trust']);
    await page.getByRole('heading', { name: 'Trust file imported' }).waitFor();
    await expect(page.locator('.result').textContent()).resolves.toMatch(/\d+ new certificates and 2 new revocation lists from your organisation/);
    await page.getByRole('button', { name: 'Done' }).click();
    await expect(readdir(join(work, 'home-new-laptop', 'trust'))).resolves.toContain('store.json');

    await ui.drop(['report evidence']);
    await page.getByRole('heading', { name: 'Authentic' }).waitFor();
    await expect(page.locator('.result').textContent()).resolves.toMatch(/Authentic signature\. Sealed by Alice Example, Finance on /);
    await screenshot(page, '17-evidence-without-sign-in');
    await page.getByRole('button', { name: 'Done' }).click();
  });

  it("a sealed file this computer never opened, dropped there, says it can't be checked offline and leads to signing in", async () => {
    await ui.allowPaths({ 'report.txt.signet': sealed });
    await ui.drop(['report.txt.signet']);
    await page.getByText("This computer hasn't opened this sealed file before, so it can't check it offline. Opening it needs you to sign in.").waitFor();
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('heading', { name: 'Sign in to Example Org (Signet demo)' }).waitFor();
  });

  it('on the computer that opened it, offline, the same sealed file is checked from the signature kept then, saying its contents were not read', async () => {
    const bobs = await launch(await createContext(await loadOrgConfig(sandbox.configPath), join(work, 'home-bob')), ui.browser);
    try {
      await bobs.page.getByText("You're offline.", { exact: false }).waitFor();
      await bobs.allowPaths({ 'report.txt.signet': sealed });
      await bobs.drop(['report.txt.signet']);
      const card = bobs.page.locator('.result').filter({ hasText: 'contents were not read' });
      await card.waitFor();
      await expect(card.textContent()).resolves.toMatch(/Sealed by Alice Example, Finance on .*The file's contents were not read\. This is the signature this computer kept when it opened the file on /);
      await expect(card.textContent()).resolves.not.toContain('Nothing has changed');
      expect(bobs.pageErrors).toEqual([]);
    } finally {
      await bobs.close();
    }
  });
});
