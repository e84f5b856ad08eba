// A sign-in that expires, in a real browser: with the window open the failure card offers
// "Sign in again" and then finishes the seal the person asked for; after a restart with
// the expired sign-in stored, the window asks to sign in instead of "Starting Signet…".
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadOrgConfig } from '../../src/main/config/orgConfig.js';
import { createContext } from '../../src/main/services/context.js';
import { adminCall, type TestSandbox } from '../support/sandbox.js';
import { expectAccessible } from './axe.js';
import { launch, type Harness } from './harness.js';
import { screenshot, windowOnSandbox } from './window.js';

let sandbox: TestSandbox;
let ui: Harness & { browser: Browser };
let page: Page;
let work: string;

/** Moves the sandbox's credential clock past every session and sign-in token. */
async function expireSignIn(): Promise<void> {
  const response = await adminCall(sandbox, 'POST', '/_sandbox/clock', { advanceSeconds: 9 * 3600 });
  expect(response.ok).toBe(true);
}

const setup = windowOnSandbox('signet-expired-');
beforeAll(async () => {
  ({ sandbox, ui, page, work } = setup);
});

describe('an expired sign-in', () => {
  it('offers "Sign in again" on the failure card, then finishes the same seal', async () => {
    await page.getByRole('button', { name: /Sign in as Alice Example/ }).click();
    await page.getByRole('heading', { name: 'Drop files here' }).waitFor();
    await expect(page.getByText(/signed in until/).isVisible()).resolves.toBe(true);
    const dir = join(work, 'expiring');
    await mkdir(dir);
    await writeFile(join(dir, 'budget.txt'), 'the budget');
    await ui.allowPaths({ 'budget.txt': join(dir, 'budget.txt') });
    await ui.drop(['budget.txt']);
    await page.getByRole('checkbox', { name: 'Legal' }).check();
    await expireSignIn();
    await page.getByRole('button', { name: 'Seal for Legal' }).click();
    await page.locator('.result').getByText('Your sign-in has expired. Sign in again to continue; nothing was lost.').waitFor();
    await expect(page.getByText(/signed in until/).count()).resolves.toBe(0);
    await expect(readdir(dir)).resolves.toEqual(['budget.txt']);
    await screenshot(page, '21-sign-in-again');
    await expectAccessible(page, 'sign in again');
    await page.getByRole('button', { name: 'Sign in again' }).click();
    await page.getByRole('button', { name: /Sign in as Alice Example/ }).click();
    await page.getByRole('heading', { name: 'Sealed for Legal' }).waitFor();
    await expect(readdir(dir)).resolves.toContain('budget.txt.signet');
    await expect(page.getByText(/signed in until/).isVisible()).resolves.toBe(true);
    await page.getByRole('button', { name: 'Done' }).click();
  });

  it('asks to sign in when the window starts again after the sign-in expired, not "Starting Signet…" for ever', async () => {
    // Signed in (by the journey above), the sign-in lapses while the window is closed;
    // the window then starts again against the same main process.
    await page.getByText(/signed in until/).waitFor();
    await expireSignIn();
    await page.reload();
    await page.getByRole('heading', { name: 'Sign in to Example Org (Signet demo)' }).waitFor({ timeout: 15_000 });
    await expect(page.getByText('Starting Signet…').count()).resolves.toBe(0);
    await expect(page.getByText(/signed in until/).count()).resolves.toBe(0);
    await expect(page.getByRole('button', { name: /^Sign in as/ }).count()).resolves.toBe(3);
  });

  it('asks to sign in when a new window starts with the expired sign-in stored', async () => {
    const again = await launch(await createContext(await loadOrgConfig(sandbox.configPath), ui.ctxHome), ui.browser);
    try {
      await again.page.getByRole('heading', { name: 'Sign in to Example Org (Signet demo)' }).waitFor({ timeout: 15_000 });
      await expect(again.page.getByText('Starting Signet…').count()).resolves.toBe(0);
      expect(again.pageErrors).toEqual([]);
    } finally {
      await again.close();
    }
  });
});
