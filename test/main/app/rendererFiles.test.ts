// The app:// protocol handler's one file-system decision (src/main/app/rendererFiles.ts),
// against a real renderer folder in tmp with a secret file beside it and symbolic links
// inside it that point out.
import { mkdir, mkdtemp, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rendererFileUrl } from '../../../src/main/app/rendererFiles.js';

let dir: string;
let root: string;

beforeAll(async () => {
  dir = await realpath(await mkdtemp(join(tmpdir(), 'signet-renderer-')));
  root = join(dir, 'renderer');
  await mkdir(join(root, 'assets'), { recursive: true });
  await writeFile(join(root, 'index.html'), '<!doctype html>');
  await writeFile(join(root, 'assets', 'x.js'), '');
  await writeFile(join(root, 'assets', 'a b#1.js'), '');
  await writeFile(join(dir, 'secret.txt'), 'secret');
  await symlink(join(dir, 'secret.txt'), join(root, 'assets', 'out.js'));
  await symlink(dir, join(root, 'up'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('app:// requests to renderer files', () => {
  it('serves index.html for /, and files in subfolders', async () => {
    expect(await rendererFileUrl('app://signet/', root)).toEqual(pathToFileURL(join(root, 'index.html')));
    expect(await rendererFileUrl('app://signet/index.html', root)).toEqual(pathToFileURL(join(root, 'index.html')));
    expect(await rendererFileUrl('app://signet/assets/x.js', root)).toEqual(pathToFileURL(join(root, 'assets', 'x.js')));
    expect(await rendererFileUrl('app://signet/assets/x.js?v=1#top', root)).toEqual(pathToFileURL(join(root, 'assets', 'x.js')));
  });

  it('decodes a name once and builds the file URL from the path, so spaces and # survive', async () => {
    const url = await rendererFileUrl('app://signet/assets/a%20b%231.js', root);
    expect(url?.href).toBe(pathToFileURL(join(root, 'assets', 'a b#1.js')).href);
  });

  it('resolves dot segments as the URL standard does, so climbing stops at the top of the folder', async () => {
    expect(await rendererFileUrl('app://signet/assets/%2e/x.js', root)).toEqual(pathToFileURL(join(root, 'assets', 'x.js')));
    expect(await rendererFileUrl('app://signet/%2e%2e/%2E%2e/index.html', root)).toEqual(pathToFileURL(join(root, 'index.html')));
    expect(await rendererFileUrl('app://signet/assets/../../../index.html', root)).toEqual(pathToFileURL(join(root, 'index.html')));
  });

  it.each([
    ['an encoded dot-dot', 'app://signet/%2e%2e/secret.txt'],
    ['a doubly encoded dot-dot', 'app://signet/%252e%252e/secret.txt'],
    ['a doubly encoded dot-dot in a subfolder', 'app://signet/assets/%252e%252e/%252e%252e/secret.txt'],
    ['an encoded slash', 'app://signet/assets%2f..%2f..%2fsecret.txt'],
    ['an encoded slash after dot-dot', 'app://signet/..%2fsecret.txt'],
    ['an encoded absolute path', 'app://signet/%2fetc%2fpasswd'],
    ['an encoded backslash', 'app://signet/..%5csecret.txt'],
    ['a backslash', 'app://signet/..\\secret.txt'],
    ['an encoded NUL', 'app://signet/index.html%00.js'],
    ['a double slash at the start', 'app://signet//etc/passwd'],
    ['a double slash inside', 'app://signet/assets//x.js'],
    ['malformed percent-encoding', 'app://signet/%E0%A4%A.js'],
    ['a symbolic link inside the folder to a file outside it', 'app://signet/assets/out.js'],
    ['a symbolic link inside the folder to the folder above', 'app://signet/up/secret.txt'],
    ['a folder', 'app://signet/assets'],
    ['a file that does not exist', 'app://signet/missing.js'],
    ['another host', 'app://other/index.html'],
    ['a host that starts with signet', 'app://signet.evil/index.html'],
    ['a host with a port', 'app://signet:8080/index.html'],
    ['a user name before the host', 'app://me@signet/index.html'],
    ['another scheme', 'file:///etc/passwd'],
    ['something that is not a URL', 'not a url'],
  ])('refuses %s: %s', async (_what, url) => {
    expect(await rendererFileUrl(url, root)).toBeUndefined();
  });
});
