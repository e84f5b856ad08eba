// What people expect from a desktop tool, in a real browser: Help inside the window,
// light, dark and more-contrast themes that stay readable, a notification when a long
// open finishes in the background (and none when the window is in view), dragging the
// sealed file out of its card, an Activity entry's verdict shown again, and files
// handed over from the file manager ("Seal with Signet") put into the seal step.
import { copyFile, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Harness } from './harness.js';
import { screenshot, signInAs, windowOnSandbox } from './window.js';

let ui: Harness;
let page: Page;
let work: string;
/** Alice's seal of report.txt for Legal. */
let sealed: string;

const setup = windowOnSandbox('signet-desk-');
beforeAll(async () => {
  ({ ui, page, work } = setup);
  await page.getByRole('heading', { name: /^Sign in to/ }).waitFor();
});

/** Seals `name` (with `content`) for Legal as whoever is signed in; returns the sealed file's path. */
async function sealForLegal(name: string, content: string): Promise<string> {
  const folder = join(work, `from-${name}`);
  await mkdir(folder);
  await writeFile(join(folder, name), content);
  await ui.allowPaths({ [name]: join(folder, name) });
  await page.getByRole('button', { name: 'Seal and open' }).click();
  await ui.drop([name]);
  await page.getByRole('checkbox', { name: 'Legal' }).check();
  await page.getByRole('button', { name: 'Seal for Legal' }).click();
  await page.getByRole('heading', { name: 'Sealed for Legal' }).waitFor();
  return join(folder, `${name}.signet`);
}

/**
 * The contrast ratio (WCAG 2) between the text colour of the first element matching
 * `selector` and the first opaque background behind it, from getComputedStyle.
 */
function contrastIn(page: Page, selector: string): Promise<number> {
  return page.evaluate((sel) => {
    const element = document.querySelector(sel);
    if (!element) throw new Error(`nothing matches ${sel}`);
    const channels = (colour: string): number[] => (colour.match(/[\d.]+/g) ?? []).map(Number);
    const luminance = ([r, g, b]: number[]): number => {
      const linear = (c: number) => (c / 255 <= 0.03928 ? c / 255 / 12.92 : ((c / 255 + 0.055) / 1.055) ** 2.4);
      return 0.2126 * linear(r!) + 0.7152 * linear(g!) + 0.0722 * linear(b!);
    };
    let behind: Element | null = element;
    let background = [255, 255, 255];
    while (behind) {
      const rgba = channels(getComputedStyle(behind).backgroundColor);
      if (rgba.length === 3 || (rgba.length === 4 && rgba[3] === 1)) {
        background = rgba.slice(0, 3);
        break;
      }
      behind = behind.parentElement;
    }
    const [a, b] = [luminance(channels(getComputedStyle(element).color)), luminance(background)];
    return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
  }, selector);
}

const colours = (page: Page) => page.evaluate(() => ({ text: getComputedStyle(document.body).color, background: getComputedStyle(document.documentElement).backgroundColor }));

/** Body text, secondary text, headings, the header and the tabs, as Help shows them. */
const READABLE = ['.help p', '.help .muted', '.help h2', '.help dd', '.identity .who', 'nav .tab'];

describe('a desktop tool people expect', () => {
  it('has Help inside the window: Authentic, seals, the three verdicts, refusals and who to ask', async () => {
    await signInAs(page, 'Alice Example');
    await page.getByRole('button', { name: 'Help' }).click();
    await page.getByRole('heading', { name: 'Help', level: 1 }).waitFor();
    const headings = await page.getByRole('heading', { level: 2 }).allTextContents();
    expect(headings).toEqual(['What is a seal?', 'What does Authentic mean?', 'The three verdicts', 'When Signet refuses a file', 'Who to ask']);
    const terms = (await page.locator('.help dt').allTextContents()).map((t) => t.trim().replace(/^\W\s+/, ''));
    expect(terms).toEqual(expect.arrayContaining(['Authentic', "Can't confirm yet", 'Do not trust this file']));
    expect(terms).toEqual(
      expect.arrayContaining(['It was changed after it was sealed', 'It is incomplete', "This isn't a Signet sealed file", "The sender's certificate was revoked", "Signet can't confirm who sealed it"]),
    );
    await expect(page.locator('.help').textContent()).resolves.toMatch(/Ask your IT department/);
    await screenshot(page, '15-help', true);
  });

  it('follows the system: dark when it prefers dark, stronger with more contrast, and body text stays at 4.5:1 or more', async () => {
    await page.emulateMedia({ colorScheme: 'light', contrast: 'no-preference' });
    const light = await colours(page);
    for (const selector of READABLE) expect(await contrastIn(page, selector), `light ${selector}`).toBeGreaterThanOrEqual(4.5);

    await page.emulateMedia({ colorScheme: 'dark' });
    const dark = await colours(page);
    expect(dark.text).not.toBe(light.text);
    expect(dark.background).not.toBe(light.background);
    for (const selector of READABLE) expect(await contrastIn(page, selector), `dark ${selector}`).toBeGreaterThanOrEqual(4.5);
    await screenshot(page, '16-dark', true);

    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme, contrast: 'more' });
      expect((await colours(page)).text).toBe(colorScheme === 'light' ? 'rgb(0, 0, 0)' : 'rgb(255, 255, 255)');
      for (const selector of READABLE) expect(await contrastIn(page, selector), `${colorScheme}, more contrast: ${selector}`).toBeGreaterThanOrEqual(7);
    }
    await page.emulateMedia({ colorScheme: 'light', contrast: 'no-preference', forcedColors: 'active' });
    for (const selector of READABLE) expect(await contrastIn(page, selector), `forced colours: ${selector}`).toBeGreaterThanOrEqual(4.5);
    await page.emulateMedia({ colorScheme: 'light', contrast: 'no-preference', forcedColors: 'none' });
  });

  it('lets the sealed file be dragged out of its card, and only a file Signet wrote', async () => {
    sealed = await sealForLegal('report.txt', 'the quarterly report');
    const card = page.locator('.drag-out');
    await expect(card.textContent()).resolves.toContain('report.txt.signet');
    await card.dispatchEvent('dragstart');
    await expect.poll(() => ui.dragged).toEqual([sealed]);
    const refused = await page.evaluate(() => window.signet.startDrag('/etc/passwd'));
    expect(refused).toEqual({ ok: true, value: { started: false } });
    expect(ui.dragged).toEqual([sealed]);
    await page.getByRole('button', { name: 'Done' }).click();
  });
});

describe('a notification when a long open finishes in the background', () => {
  beforeAll(async () => {
    // A stand-in Notification that records what it is asked to show; whether the window
    // is in view, and the clock, are the test's to set.
    await page.addInitScript(() => {
      const w = window as unknown as { __notes: { title: string; body?: string }[]; __away: boolean; __skew: number };
      w.__notes = [];
      w.__away = false;
      w.__skew = 0;
      const now = Date.now.bind(Date);
      Date.now = () => now() + w.__skew;
      Object.defineProperty(Document.prototype, 'hidden', { configurable: true, get: () => w.__away });
      Object.defineProperty(Document.prototype, 'visibilityState', { configurable: true, get: () => (w.__away ? 'hidden' : 'visible') });
      Document.prototype.hasFocus = () => !w.__away;
      class StandIn {
        static permission = 'granted';
        static requestPermission = () => Promise.resolve('granted');
        constructor(title: string, options?: { body?: string }) {
          w.__notes.push({ title, body: options?.body });
        }
      }
      Object.defineProperty(window, 'Notification', { configurable: true, value: StandIn });
    });
    await page.reload();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    // Every open is held until the test releases it, once it has set the clock and the window.
    await page.evaluate(() => {
      const w = window as unknown as { __signetInvoke: (c: string, p: unknown) => Promise<unknown>; __release?: () => void };
      const invoke = w.__signetInvoke;
      w.__signetInvoke = (channel, payload) =>
        channel === 'open:run' ? new Promise((resolve) => (w.__release = () => resolve(invoke(channel, payload)))) : invoke(channel, payload);
    });
    await signInAs(page, 'Bob Example');
  });

  /** Opens a copy of Alice's seal; the open is held until the clock has moved on `seconds` and the window is `away` or not. */
  async function openSlowly(name: string, away: boolean, seconds: number): Promise<{ title: string; body?: string }[]> {
    const folder = join(work, `open-${name}`);
    await mkdir(folder);
    await copyFile(sealed, join(folder, `${name}.signet`));
    await ui.allowPaths({ [`${name}.signet`]: join(folder, `${name}.signet`) });
    await page.getByRole('button', { name: 'Seal and open' }).click();
    await ui.drop([`${name}.signet`]);
    await page.waitForFunction(() => typeof (window as unknown as { __release?: () => void }).__release === 'function');
    await page.evaluate(
      ([isAway, ms]) => {
        const w = window as unknown as { __away: boolean; __skew: number; __notes: unknown[]; __release: () => void };
        w.__notes = [];
        w.__away = isAway;
        w.__skew += ms;
        w.__release();
      },
      [away, seconds * 1000] as const,
    );
    await page.getByRole('heading', { name: 'Authentic' }).waitFor();
    const notes = await page.evaluate(() => {
      const w = window as unknown as { __notes: { title: string; body?: string }[]; __away: boolean; __release?: () => void; __signetInvoke: unknown };
      w.__away = false;
      delete w.__release;
      return w.__notes;
    });
    await page.getByRole('button', { name: 'Done' }).click();
    return notes;
  }

  it('shows one notification with the verdict when the window is in the background', async () => {
    const notes = await openSlowly('away', true, 6);
    expect(notes).toEqual([{ title: 'Authentic', body: expect.stringMatching(/^Authentic\. Sealed by Alice Example, Finance on .* Nothing has changed since it was sealed\.$/) }]);
  });

  it('shows none when the window is in view, or when the open was quick', async () => {
    expect(await openSlowly('in-view', false, 6)).toEqual([]);
    expect(await openSlowly('quick', true, 0)).toEqual([]);
  });
});

describe('Activity', () => {
  it('shows an open’s verdict again, checked from its receipt, and says so when the receipt is gone', async () => {
    await page.getByRole('button', { name: 'Activity' }).click();
    const opened = page.getByRole('button', { name: /^Opened · away\.signet/ });
    await opened.click();
    await page.getByRole('heading', { name: 'Authentic' }).waitFor();
    // One receipt per seal: the three copies opened above share it, and it names the last one opened.
    await expect(page.locator('.card').textContent()).resolves.toMatch(/Authentic signature\. Sealed by Alice Example, Finance on .*(away|in-view|quick)\.signet, opened on .*Checked again now/);
    await page.getByRole('button', { name: 'Back to activity' }).click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent ?? '')).toMatch(/^\s*Opened · away\.signet/);

    // Pressing Enter on an entry shows it as well.
    await rm(join(ui.ctxHome, 'opened'), { recursive: true });
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Opened' }).waitFor();
    await expect(page.locator('.card').textContent()).resolves.toMatch(/no longer on this computer.*away\.signet: authentic, sealed by Alice Example, Finance/s);
    await page.getByRole('button', { name: 'Back to activity' }).click();

    await page.getByRole('button', { name: /^Sealed · report\.txt\.signet for Legal/ }).click();
    await expect(page.locator('.card').textContent()).resolves.toMatch(/Signet keeps no record to check this again.*report\.txt\.signet for Legal/s);
    await page.getByRole('button', { name: 'Back to activity' }).click();
    await page.getByRole('button', { name: 'Seal and open' }).click();
  });
});

describe('files handed over from outside the window', () => {
  it('puts files chosen with "Seal with Signet" into the seal step and seals them; refuses paths it was not handed', async () => {
    await signInAs(page, 'Alice Example');
    const folder = join(work, 'file-manager');
    await mkdir(folder);
    await writeFile(join(folder, 'budget.txt'), 'the budget');
    const path = join(folder, 'budget.txt');
    const unannounced = await page.evaluate((p) => window.signet.sealAnnounced('op-not-announced', [p], ['Legal']), path);
    expect(unannounced).toMatchObject({ ok: false, error: { code: 'ACCESS_DENIED' } });
    ui.announced.add(path);
    await page.evaluate((p) => (window as unknown as { __signetEmit: (e: string, p: unknown) => void }).__signetEmit('seal:requested', { files: [{ path: p, name: 'budget.txt', size: 10 }] }), path);
    await page.getByRole('heading', { name: 'Who is it for?' }).waitFor();
    await expect(page.getByText('budget.txt · 10 B').isVisible()).resolves.toBe(true);
    await page.getByRole('checkbox', { name: 'Legal' }).check();
    await page.getByRole('button', { name: 'Seal for Legal' }).click();
    await page.getByRole('heading', { name: 'Sealed for Legal' }).waitFor();
    await expect(readdir(folder)).resolves.toEqual(['budget.txt', 'budget.txt.signet']);
    await page.getByRole('button', { name: 'Done' }).click();
  });
});
