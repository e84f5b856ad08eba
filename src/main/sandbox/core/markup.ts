// Escaping text for XML and HTML: the STS responses and the sign-in pages both put
// caller-supplied text inside markup.
export function escapeMarkup(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}
