// Sentences with a few words in bold or shown as a path, kept whole so a translation
// can put them in its own order: a list of plain text and marked pieces that
// lib/Rich.svelte renders (never as HTML).

export type Piece = string | { strong: string } | { path: string };
export type Rich = readonly Piece[];

/**
 * A catalogue sentence written with *bold* words, as pieces: rich`Drop it to *seal* it.`.
 * Takes no values (a sentence with values is a function that builds its pieces), so a
 * name with an asterisk can never turn bold.
 */
export function rich(strings: TemplateStringsArray): Rich {
  return strings[0]!.split('*').map((text, i) => (i % 2 === 1 ? { strong: text } : text)).filter((piece) => piece !== '');
}

/** The sentence as plain text: what a test or a notification compares. */
export const plainText = (sentence: Rich): string => sentence.map((piece) => (typeof piece === 'string' ? piece : 'strong' in piece ? piece.strong : piece.path)).join('');
