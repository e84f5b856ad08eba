// Every word the window shows comes from its catalogue (src/renderer/src/i18n): no
// component's markup has words of its own — neither text between tags nor a string
// attribute a person sees or hears (aria-label, placeholder, title, alt). Expressions
// ({t.done}), punctuation and icons are all markup may hold.
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const RENDERER = new URL('../../src/renderer/src/', import.meta.url).pathname;
const SEEN_ATTRIBUTES = /\s(aria-label|aria-description|aria-placeholder|aria-roledescription|placeholder|title|alt)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/g;
const LETTER = /\p{L}/u;

/** `markup` with each {expression} emptied to {}, however deeply its braces and strings nest. */
function withoutExpressions(markup: string): string {
  let out = '';
  for (let i = 0; i < markup.length; i++) {
    if (markup[i] !== '{') {
      out += markup[i];
      continue;
    }
    let depth = 0;
    for (; i < markup.length; i++) {
      const c = markup[i]!;
      if (c === '"' || c === "'" || c === '`') {
        const quote = c;
        for (i++; i < markup.length && markup[i] !== quote; i++) if (markup[i] === '\\') i++;
      } else if (c === '{') depth++;
      else if (c === '}' && --depth === 0) break;
    }
    out += '{}';
  }
  return out;
}

/** The words a component's markup has of its own: text between tags and seen attributes' values, with letters in them. */
export function literalWords(component: string): string[] {
  const markup = withoutExpressions(
    component
      .replace(/<script[\s\S]*?<\/script>/g, '')
      .replace(/<style[\s\S]*?<\/style>/g, '')
      .replace(/<!--[\s\S]*?-->/g, ''),
  );
  const found: string[] = [];
  for (const tag of markup.match(/<[^>]*>/g) ?? []) {
    for (const [, name, ...values] of tag.matchAll(SEEN_ATTRIBUTES)) {
      const value = values.find((v) => v !== undefined) ?? '';
      if (LETTER.test(value)) found.push(`${name}="${value.trim()}"`);
    }
  }
  for (const text of markup.replace(/<[^>]*>/g, '\n').split('\n')) if (LETTER.test(text)) found.push(text.trim());
  return found;
}

async function components(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(entries.map((entry) => (entry.isDirectory() ? components(join(dir, entry.name)) : entry.name.endsWith('.svelte') ? [join(dir, entry.name)] : [])));
  return nested.flat();
}

describe('words in the window', () => {
  it('finds words a component has of its own, and passes expressions, icons and punctuation', () => {
    expect(literalWords('<p>Drop files here</p>')).toEqual(['Drop files here']);
    expect(literalWords('<input placeholder="Legal, Finance…" />')).toEqual(['placeholder="Legal, Finance…"']);
    expect(literalWords('<nav aria-label=Sections>')).toEqual(['aria-label="Sections"']);
    expect(literalWords('<p>{t.saved} <strong>Äpfel</strong></p>')).toEqual(['Äpfel']);
    expect(literalWords("<h1>{t.signInTo(who?.organisation ?? 'your { organisation')}</h1>")).toEqual([]);
    expect(literalWords('<span class="icon {look.tone}" aria-hidden="true">✓</span> · — … {a ? `x${b}` : \'}\'}')).toEqual([]);
    expect(literalWords('<script lang="ts">const words = "Hello";</script>\n<!-- A comment -->\n<nav aria-label={t.sections}></nav>')).toEqual([]);
  });

  it('has no words of its own in any component: all of them come from the catalogue', async () => {
    const files = await components(RENDERER);
    expect(files.length).toBeGreaterThan(10);
    const own: string[] = [];
    for (const file of files) for (const words of literalWords(await readFile(file, 'utf8'))) own.push(`${relative(RENDERER, file)}: ${words}`);
    expect(own).toEqual([]);
  });
});
