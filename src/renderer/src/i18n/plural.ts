// Words that change with a count ("1 file", "2 files"): the language's own plural
// rules (Intl.PluralRules) pick the form, so a catalogue gives each form once.

export interface Forms {
  one: string;
  other: string;
}

/** A function that picks `forms.one` or `forms.other` for `n` by the rules of `locale`. */
export function pluralsOf(locale: string): (n: number, forms: Forms) => string {
  const rules = new Intl.PluralRules(locale);
  return (n, forms) => (rules.select(n) === 'one' ? forms.one : forms.other);
}
