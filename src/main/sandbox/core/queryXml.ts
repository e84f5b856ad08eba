// Answers of Query-protocol services written as XML the way AWS writes them: each
// member an element named for it, lists as <member> elements, timestamps in ISO 8601,
// absent members left out. The pipeline wraps the result in <OperationResponse>.
import { escapeMarkup } from './markup.js';

/** A value the writer takes: text, a number, a boolean, a timestamp, a list or a structure. */
export type XmlValue = string | number | boolean | Date | undefined | XmlValue[] | { [member: string]: XmlValue };

function content(value: XmlValue): string {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((item) => `<member>${content(item)}</member>`).join('');
  if (typeof value === 'object') return Object.entries(value).map(([name, member]) => element(name, member)).join('');
  return escapeMarkup(String(value));
}

/** `<name>…</name>`, or nothing when the value is absent. */
export function element(name: string, value: XmlValue): string {
  return value === undefined ? '' : `<${name}>${content(value)}</${name}>`;
}
