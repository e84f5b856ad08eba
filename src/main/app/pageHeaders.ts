// The Content-Security-Policy and the other security headers every page of the window
// is served with — by the app:// protocol handler in main.ts, and by the browser
// harness of the end-to-end tests (test/e2e/harness.ts), so both run the page under the
// same policy. Scripts, styles and fonts only from the app itself, no network, no
// forms, no framing, no plugins or <base>.
export const PAGE_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'none'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'";

/** The headers every page response carries, on top of the file's own. */
export const PAGE_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': PAGE_CSP,
  'X-Content-Type-Options': 'nosniff',
};

/** `response` with PAGE_SECURITY_HEADERS set (replacing any it had), same status and body. */
export function withPageSecurityHeaders(response: Response): Response {
  const headers = new Headers(response.headers);
  for (const [name, value] of Object.entries(PAGE_SECURITY_HEADERS)) headers.set(name, value);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}
