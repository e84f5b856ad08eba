// One Signet window on a fresh sandbox for a file of browser tests: started before its
// tests, checked for page errors after each, and closed and removed after all of them;
// and the screenshots SIGNET_SCREENSHOTS=1 (npm run screenshots) saves for the README.
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { loadOrgConfig } from '../../src/main/config/orgConfig.js';
import { createContext } from '../../src/main/services/context.js';
import { startTestSandbox, type TestSandbox } from '../support/sandbox.js';
import { launch, type Harness, type LaunchOptions } from './harness.js';

export interface SandboxWindow {
  sandbox: TestSandbox;
  ui: Harness & { browser: Browser };
  page: Page;
  /** The test file's own temporary folder (named `prefix`…): the person's home is `home` inside it, and exports go there. */
  work: string;
}

/** Registers the hooks that give the calling test file its window (in `options.locale`, if given); its fields are set once the first beforeAll has run. */
export function windowOnSandbox(prefix: string, options: LaunchOptions = {}): SandboxWindow {
  const window = {} as SandboxWindow;
  beforeAll(async () => {
    window.sandbox = await startTestSandbox();
    window.work = await mkdtemp(join(tmpdir(), prefix));
    window.ui = await launch(await createContext(await loadOrgConfig(window.sandbox.configPath), join(window.work, 'home')), undefined, options);
    window.page = window.ui.page;
  });
  afterEach(() => {
    expect(window.ui.pageErrors).toEqual([]);
  });
  afterAll(async () => {
    await window.ui?.close();
    await window.sandbox?.remove();
    if (window.work) await rm(window.work, { recursive: true, force: true });
  });
  return window;
}

/** Signs in (signing out first if someone is) as the demo person shown as `displayName`. */
export async function signInAs(page: Page, displayName: string): Promise<void> {
  const signOut = page.getByRole('button', { name: 'Sign out' });
  if (await signOut.isVisible()) await signOut.click();
  await page.getByRole('button', { name: new RegExp(`Sign in as ${displayName}`) }).click();
  await page.getByRole('heading', { name: 'Drop files here' }).waitFor();
}

const SHOTS = new URL('../../docs/screenshots/', import.meta.url).pathname;

/** With SIGNET_SCREENSHOTS set, saves what `page` shows as docs/screenshots/<name>.png (the whole page with `fullPage`). */
export async function screenshot(page: Page, name: string, fullPage = false): Promise<void> {
  if (!process.env.SIGNET_SCREENSHOTS) return;
  await mkdir(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage });
}
