// The built renderer (out/renderer, made by `electron-vite build` in `npm test`) is web
// code only: no Node built-ins, no Electron, no AWS SDK, no inline scripts, and a
// strict Content-Security-Policy in its page.
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, it } from 'vitest';

const root = new URL('../../../out/renderer/', import.meta.url).pathname;

it('the renderer bundle holds no Node built-ins, no Electron and no AWS SDK', async () => {
  const assets = await readdir(join(root, 'assets'));
  const scripts = assets.filter((f) => f.endsWith('.js'));
  expect(scripts.length).toBeGreaterThan(0);
  for (const script of scripts) {
    const code = await readFile(join(root, 'assets', script), 'utf8');
    expect(code).not.toMatch(/["'`]node:[a-z]/);
    expect(code).not.toMatch(/\brequire\(\s*["'`]/);
    expect(code).not.toMatch(/from\s*["'`](fs|path|crypto|child_process|electron)["'`]/);
    expect(code).not.toMatch(/@aws-sdk|@smithy|TrentService|x-amz-/i);
    expect(code).not.toMatch(/secretAccessKey|sessionToken|accessToken/);
  }
  const html = await readFile(join(root, 'index.html'), 'utf8');
  expect(html).toMatch(/Content-Security-Policy" content="default-src 'none'; script-src 'self'/);
  expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
});
