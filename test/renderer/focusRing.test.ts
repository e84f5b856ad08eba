// The focus ring in app.css is visible on everything it can sit on, in every theme:
// WCAG 2.2 non-text contrast (1.4.11) asks for 3:1 against the adjacent colours, here
// the page, the cards, the can't-confirm card, banners and badges, and a drop zone
// being dragged over (the ring is drawn 2px outside the control). The themes are the
// custom properties of :root and the media blocks that override them.
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';

const CSS = new URL('../../src/renderer/src/app.css', import.meta.url);

/** Relative luminance of a #rgb or #rrggbb colour (WCAG 2.2's definition). */
function luminance(hex: string): number {
  const full = hex.length === 4 ? `#${[...hex.slice(1)].map((c) => c + c).join('')}` : hex;
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(full.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

function contrast(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (light! + 0.05) / (dark! + 0.05);
}

/** The custom properties set in the first `:root { … }` after `start` (the whole file's first one when start is 0). */
function properties(css: string, start: number): Record<string, string> {
  const open = css.indexOf(':root {', start);
  const body = css.slice(open, css.indexOf('}', open));
  return Object.fromEntries([...body.matchAll(/(--[\w-]+):\s*(#[0-9a-f]{3,6})\s*;/gi)].map((m) => [m[1]!, m[2]!]));
}

const THEMES = ['@media (prefers-color-scheme: dark)', '@media (prefers-contrast: more) {', '@media (prefers-contrast: more) and (prefers-color-scheme: dark)'];
/** What a focusable element can sit on. */
const SURFACES = ['--bg', '--surface', '--unknown-bg', '--warn-bg', '--over'];

describe('the focus ring', () => {
  it('is drawn for every focusable element, at least 3:1 against each background in every theme', async () => {
    const css = await readFile(CSS, 'utf8');
    const rule = /(^|\n):focus-visible\s*\{([^}]*)\}/.exec(css);
    expect(rule, 'app.css has no :focus-visible rule for every element').not.toBeNull();
    const ring = /outline:\s*(\d+)px solid var\(--focus\)/.exec(rule![2]!);
    expect(ring, 'the ring is drawn in the theme’s --focus colour').not.toBeNull();
    expect(Number(ring![1])).toBeGreaterThanOrEqual(2);
    const light = properties(css, 0);
    const themes: [string, Record<string, string>][] = [['light', light]];
    for (const theme of THEMES) {
      const at = css.indexOf(theme);
      expect(at, `app.css has no ${theme}`).toBeGreaterThan(-1);
      // A more-contrast dark theme starts from the dark one; each starts from light.
      const base = theme.includes('contrast: more) and') ? { ...light, ...properties(css, css.indexOf(THEMES[0]!)) } : light;
      themes.push([theme, { ...base, ...properties(css, at) }]);
    }
    for (const [name, colours] of themes) {
      for (const surface of SURFACES) {
        expect(contrast(colours['--focus']!, colours[surface]!), `${name}: ring ${colours['--focus']} on ${surface} ${colours[surface]}`).toBeGreaterThanOrEqual(3);
      }
    }
  });
});
