// The focus ring in app.css is visible on everything it can sit on: WCAG 2.2 non-text
// contrast (1.4.11) asks for 3:1 against the adjacent colours, here the page, the cards
// and the yellow and blue panels (the ring is drawn 2px outside the control).
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';

const CSS = new URL('../../src/renderer/src/app.css', import.meta.url);

/** Relative luminance of a #rrggbb colour (WCAG 2.2's definition). */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

function contrast(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (light! + 0.05) / (dark! + 0.05);
}

describe('the focus ring', () => {
  it('is drawn for every focusable element, at least 3:1 against each background in app.css', async () => {
    const css = await readFile(CSS, 'utf8');
    const rule = /(^|\n):focus-visible\s*\{([^}]*)\}/.exec(css);
    expect(rule, 'app.css has no :focus-visible rule for every element').not.toBeNull();
    const ring = /outline:\s*(\d+)px solid (#[0-9a-f]{6})/i.exec(rule![2]!);
    expect(ring).not.toBeNull();
    expect(Number(ring![1])).toBeGreaterThanOrEqual(2);
    // The surfaces a focusable element sits on: the page, cards, the can't-confirm card, banners and badges, a drop zone being dragged over.
    const surfaces = ['#f6f7f9', '#fff', '#fffdf2', '#fff8c5', '#f0f6ff'];
    for (const surface of surfaces) {
      expect(css, `app.css no longer uses ${surface}`).toContain(`background: ${surface}`);
      expect(contrast(ring![2]!, surface.length === 4 ? `#${surface[1]!.repeat(6)}` : surface), `ring ${ring![2]} on ${surface}`).toBeGreaterThanOrEqual(3);
    }
  });
});
