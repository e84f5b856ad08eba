// Where the keyboard focus is in the window, and moving it with keys alone, for the
// keyboard journeys: press a key and see where the focus went, Tab until a control is
// reached, and wait for a new card or tab to put the focus on its heading.
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

export interface Focus {
  tag: string;
  id: string;
  text: string;
}

export interface Keys {
  /** The element that has the keyboard focus: its tag, id and text. */
  focused(): Promise<Focus>;
  /** Presses `key` once and returns where the focus went. */
  press(key: string): Promise<Focus>;
  /** Presses `key` (Tab or Shift+Tab) until the focus is on a control whose text matches `text`; fails after `max` presses. */
  tabTo(text: RegExp, key?: string, max?: number): Promise<Focus>;
  /** Waits until the focus is on the heading with `id` (a new card or tab takes it). */
  expectFocusOnHeading(id: string): Promise<void>;
  /** Waits until the focus is on an h1 whose text (icon included) is `text`: a result card's heading, which has no id. */
  expectFocusOnCard(text: string | RegExp): Promise<void>;
}

/** The keys for the page `page()` returns (a test file's window exists only once its first beforeAll has run). */
export function keysOn(page: () => Page): Keys {
  const focused = (): Promise<Focus> =>
    page().evaluate(() => {
      const element = document.activeElement;
      return { tag: element?.tagName ?? '', id: element?.id ?? '', text: (element?.textContent ?? '').replace(/\s+/g, ' ').trim() };
    });
  const press = async (key: string): Promise<Focus> => {
    await page().keyboard.press(key);
    return focused();
  };
  return {
    focused,
    press,
    async tabTo(text, key = 'Tab', max = 15) {
      for (let i = 0; i < max; i++) {
        const now = await press(key);
        if (text.test(now.text)) return now;
      }
      throw new Error(`${key} never reached ${text}`);
    },
    async expectFocusOnHeading(id) {
      await expect.poll(focused).toMatchObject({ tag: 'H1', id });
    },
    async expectFocusOnCard(text) {
      await expect.poll(focused).toMatchObject({ tag: 'H1', text: typeof text === 'string' ? text : expect.stringMatching(text) });
    },
  };
}
