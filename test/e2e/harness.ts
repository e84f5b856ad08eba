// Runs the built renderer (out/renderer) and the built preload (out/preload) in Debian's
// Chromium with playwright-core, with the preload's IPC routed to the real main-process
// handlers (src/main/ipc/handlers.ts, the ones Electron registers) running in this test
// process against the sandbox. The stand-in is for the `electron` module the preload
// imports; see preloadInPage.
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { chromium, type Browser, type FileChooser, type Page } from 'playwright-core';
import { PAGE_SECURITY_HEADERS } from '../../src/main/app/pageHeaders.js';
import { createHandlers, dispatch } from '../../src/main/ipc/handlers.js';
import type { SignetContext } from '../../src/main/services/context.js';

export const CHROMIUM = '/usr/bin/chromium';
const RENDERER = new URL('../../out/renderer/', import.meta.url).pathname;
const PRELOAD = new URL('../../out/preload/index.cjs', import.meta.url).pathname;
const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.png': 'image/png' };

/**
 * Runs the real, built preload (out/preload/index.cjs) in the page. Its one import,
 * `electron`, is stood in for: contextBridge puts the API on window, ipcRenderer goes
 * over a binding to the handlers in this process, and webUtils.getPathForFile maps a
 * File to the path the test registered under its name ('' otherwise, as Electron
 * returns for a file no person chose).
 */
function preloadInPage(preloadSource: string): string {
  return `(() => {
  const listeners = new Map();
  const electron = {
    contextBridge: { exposeInMainWorld: (key, api) => { window[key] = api; } },
    ipcRenderer: {
      invoke: (channel, payload) => window.__signetInvoke(channel, payload),
      on: (event, listener) => { listeners.set(event, [...(listeners.get(event) || []), listener]); },
      removeListener: (event, listener) => { listeners.set(event, (listeners.get(event) || []).filter((l) => l !== listener)); },
    },
    webUtils: { getPathForFile: (file) => (window.__signetPaths || {})[file.name] || '' },
  };
  window.__signetEmit = (event, payload) => (listeners.get(event) || []).forEach((listener) => listener({}, payload));
  const require = (name) => {
    if (name !== 'electron') throw new Error('the preload may only require electron, not ' + name);
    return electron;
  };
  const module = { exports: {} };
  (function (require, module, exports) {
${preloadSource}
  })(require, module, module.exports);
})();`;
}

export interface Harness {
  page: Page;
  /** Uncaught errors in the page: a journey that caused any has failed. */
  pageErrors: string[];
  /** Paths main was asked to show in the file manager. */
  revealed: string[];
  /** Paths main was asked to drag out of the window (webContents.startDrag in the app). */
  dragged: string[];
  /** Paths main handed to the window from outside (command line, file association): the only ones the 'announced' channels take. */
  announced: Set<string>;
  /** The per-person folder the window's services use. */
  ctxHome: string;
  close(): Promise<void>;
  /** The next file chooser the page opens (e.g. from "Choose files…"). */
  nextFileChooser(): Promise<FileChooser>;
  /** Makes files droppable: the page can name them by file name. */
  allowPaths(paths: Record<string, string>): Promise<void>;
  /** Drops files (by registered name) on the drop zone, or on the element `on` selects, as a person would. */
  drop(names: string[], on?: string): Promise<void>;
}

function serve(): Promise<Server> {
  const server = createServer(async (req, res) => {
    const path = normalize(join(RENDERER, decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname.replace(/^\/$/, '/index.html'))));
    if (!path.startsWith(RENDERER.replace(/\/$/, '') + sep)) return void res.writeHead(404).end();
    try {
      const body = await readFile(path);
      res.writeHead(200, { ...PAGE_SECURITY_HEADERS, 'Content-Type': TYPES[extname(path)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** How the page is shown. */
export interface LaunchOptions {
  /** The language the browser reports (navigator.languages), as the system's would be: British English unless a test asks for another, whatever this machine's own. */
  locale?: string;
}

export async function launch(ctx: SignetContext, browser?: Browser, options: LaunchOptions = {}): Promise<Harness & { browser: Browser }> {
  const revealed: string[] = [];
  const dragged: string[] = [];
  const announced = new Set<string>();
  const server = await serve();
  const ownBrowser =
    browser ??
    (await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    }));
  const context = await ownBrowser.newContext({ viewport: { width: 980, height: 720 }, deviceScaleFactor: 1, locale: options.locale ?? 'en-GB' });
  const page = await context.newPage();
  const handlers = createHandlers({
    ctx,
    announced,
    emit: (event, payload) => {
      void page.evaluate(([e, p]) => (window as unknown as { __signetEmit: (e: string, p: unknown) => void }).__signetEmit(e as string, p), [event, payload] as const).catch(() => undefined);
    },
    openExternal: async () => undefined,
    reveal: (path) => revealed.push(path),
    startDrag: (path) => dragged.push(path),
  });
  await page.exposeBinding('__signetInvoke', (_source, channel: string, payload: unknown) => dispatch(handlers, channel, payload));
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  // File choosers are intercepted from the start, so none can open before interception is on.
  const choosers: FileChooser[] = [];
  page.on('filechooser', (chooser) => choosers.push(chooser));
  await page.addInitScript({ content: preloadInPage(await readFile(PRELOAD, 'utf8')) });
  await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/index.html`);
  return {
    browser: ownBrowser,
    page,
    pageErrors,
    revealed,
    dragged,
    announced,
    ctxHome: ctx.home,
    async nextFileChooser() {
      for (let waited = 0; waited < 10_000; waited += 50) {
        const chooser = choosers.shift();
        if (chooser) return chooser;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new Error('no file chooser opened');
    },
    async allowPaths(paths) {
      await page.evaluate((p) => {
        const w = window as unknown as { __signetPaths?: Record<string, string> };
        w.__signetPaths = { ...(w.__signetPaths ?? {}), ...p };
      }, paths);
    },
    async drop(names, on = '.dropzone') {
      const dataTransfer = await page.evaluateHandle((list) => {
        const dt = new DataTransfer();
        for (const name of list) dt.items.add(new File(['x'], name));
        return dt;
      }, names);
      const zone = page.locator(on).first();
      await zone.dispatchEvent('dragenter', { dataTransfer });
      await zone.dispatchEvent('dragover', { dataTransfer });
      await zone.dispatchEvent('drop', { dataTransfer });
    },
    async close() {
      await context.close();
      if (!browser) await ownBrowser.close();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
