// The page's Content-Security-Policy and security headers (src/main/app/pageHeaders.ts):
// what they allow, that the app:// handler's response carries them, and that they are
// written down once — main.ts and the browser harness import them, and the renderer's
// own <meta> policy says the same.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PAGE_CSP, PAGE_SECURITY_HEADERS, withPageSecurityHeaders } from '../../../src/main/app/pageHeaders.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

function directives(csp: string): Map<string, string> {
  return new Map(csp.split(';').map((part) => part.trim().split(/\s+/)).map(([name, ...values]) => [name!, values.join(' ')]));
}

describe('page security headers', () => {
  it('let the page load scripts, styles and fonts only from the app, and reach no network', () => {
    expect(Object.fromEntries(directives(PAGE_CSP))).toEqual({
      'default-src': "'none'",
      'script-src': "'self'",
      'style-src': "'self'",
      'img-src': "'self' data:",
      'font-src': "'self'",
      'connect-src': "'none'",
      'form-action': "'none'",
      'frame-ancestors': "'none'",
      'base-uri': "'none'",
    });
  });

  it('are set on a served file, replacing any policy it had, keeping its status, type and body', async () => {
    const served = new Response('console.log(1)', { status: 200, headers: { 'Content-Type': 'text/javascript', 'Content-Security-Policy': "default-src *" } });
    const response = withPageSecurityHeaders(served);
    expect(response.status).toBe(200);
    expect(response.headers.get('Content-Type')).toBe('text/javascript');
    expect(response.headers.get('Content-Security-Policy')).toBe(PAGE_CSP);
    expect(response.headers.get('X-Content-Type-Options')).toBe('nosniff');
    expect(await response.text()).toBe('console.log(1)');
  });

  it("match the renderer's own <meta> policy, which only lacks frame-ancestors (a <meta> policy cannot set it)", async () => {
    const html = await readFile(join(ROOT, 'src/renderer/index.html'), 'utf8');
    const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html)?.[1];
    const expected = directives(PAGE_CSP);
    expected.delete('frame-ancestors');
    expect(directives(meta ?? '')).toEqual(expected);
  });

  it('are written down only in pageHeaders.ts: main.ts and the e2e harness import them', async () => {
    const folders = ['src/main/app', 'test/e2e'];
    const sources = (await Promise.all(folders.map(async (folder) => (await readdir(join(ROOT, folder))).filter((name) => name.endsWith('.ts')).map((name) => join(folder, name))))).flat();
    const withPolicy = [];
    for (const source of sources) if ((await readFile(join(ROOT, source), 'utf8')).includes('default-src')) withPolicy.push(source);
    expect(withPolicy).toEqual(['src/main/app/pageHeaders.ts']);
    expect(await readFile(join(ROOT, 'src/main/app/main.ts'), 'utf8')).toMatch(/withPageSecurityHeaders\(await net\.fetch\(/);
    expect(await readFile(join(ROOT, 'test/e2e/harness.ts'), 'utf8')).toMatch(/\.\.\.PAGE_SECURITY_HEADERS/);
    expect(PAGE_SECURITY_HEADERS['Content-Security-Policy']).toBe(PAGE_CSP);
  });
});
