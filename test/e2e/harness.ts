// Runs the built renderer (out/renderer) in Debian's Chromium with playwright-core,
// with window.signet routed to the real main-process handlers (src/main/ipc/handlers.ts,
// the ones Electron registers) running in this test process against the sandbox. The
// one stand-in is for Electron's webUtils.getPathForFile: a dropped File is mapped to
// the path the test registered under its name.
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { chromium, type Browser, type FileChooser, type Page } from 'playwright-core';
import { createHandlers, dispatch } from '../../src/main/ipc/handlers.js';
import type { SignetContext } from '../../src/main/services/context.js';

export const CHROMIUM = '/usr/bin/chromium';
const RENDERER = new URL('../../out/renderer/', import.meta.url).pathname;
const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'none'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'";
const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.png': 'image/png' };

/** The preload's API, rebuilt in the page over a binding instead of ipcRenderer. */
const BRIDGE = `
(() => {
  const listeners = new Map();
  const invoke = (channel, payload = {}) => window.__signetInvoke(channel, payload);
  const pathOf = (file) => {
    const path = (window.__signetPaths || {})[file.name];
    if (!path) throw new Error('Only files dropped on the window or chosen in a dialog can be used.');
    return path;
  };
  window.__signetEmit = (event, payload) => (listeners.get(event) || []).forEach((l) => l(payload));
  window.signet = {
    whoami: () => invoke('identity:get'),
    demoPeople: () => invoke('identity:demoPeople'),
    signIn: (demoUser) => invoke('identity:signIn', demoUser === undefined ? {} : { demoUser }),
    signOut: () => invoke('identity:signOut'),
    recipients: () => invoke('recipients:list'),
    seal: (operationId, files, to, options = {}) => invoke('seal:run', { operationId, paths: files.map(pathOf), to, ...options }),
    open: (operationId, file, options = {}) => invoke('open:run', { operationId, path: pathOf(file), ...options }),
    openAnnounced: (operationId, path, options = {}) => invoke('open:announced', { operationId, path, ...options }),
    cancel: (operationId) => invoke('operation:cancel', { operationId }),
    keys: () => invoke('keys:list'),
    importKeys: (file) => invoke('keys:import', { path: pathOf(file) }),
    exportKeys: () => invoke('keys:export'),
    classify: (files) => invoke('files:classify', { paths: files.map(pathOf) }),
    checkEvidence: (folder) => invoke('evidence:verify', { path: pathOf(folder) }),
    checkSignature: (files) => invoke('signature:verify', { paths: files.map(pathOf) }),
    reveal: (path) => invoke('files:reveal', { path }),
    activity: () => invoke('activity:list'),
    on: (event, listener) => {
      listeners.set(event, [...(listeners.get(event) || []), listener]);
      return () => listeners.set(event, (listeners.get(event) || []).filter((l) => l !== listener));
    },
  };
})();
`;

export interface Harness {
  page: Page;
  /** Uncaught errors in the page: a journey that caused any has failed. */
  pageErrors: string[];
  /** Paths main was asked to show in the file manager. */
  revealed: string[];
  /** The per-person folder the window's services use. */
  ctxHome: string;
  close(): Promise<void>;
  /** The next file chooser the page opens (e.g. from "Choose files…"). */
  nextFileChooser(): Promise<FileChooser>;
  /** Makes files droppable: the page can name them by file name. */
  allowPaths(paths: Record<string, string>): Promise<void>;
  /** Drops files (by registered name) on the drop zone, as a person would. */
  drop(names: string[]): Promise<void>;
}

function serve(): Promise<Server> {
  const server = createServer(async (req, res) => {
    const path = normalize(join(RENDERER, decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname.replace(/^\/$/, '/index.html'))));
    if (!path.startsWith(RENDERER.replace(/\/$/, '') + sep)) return void res.writeHead(404).end();
    try {
      const body = await readFile(path);
      res.writeHead(200, { 'Content-Type': TYPES[extname(path)] ?? 'application/octet-stream', 'Content-Security-Policy': CSP });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

export async function launch(ctx: SignetContext, browser?: Browser, exportDir?: string): Promise<Harness & { browser: Browser }> {
  const revealed: string[] = [];
  const server = await serve();
  const ownBrowser =
    browser ??
    (await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    }));
  const context = await ownBrowser.newContext({ viewport: { width: 980, height: 720 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const handlers = createHandlers({
    ctx,
    emit: (event, payload) => {
      void page.evaluate(([e, p]) => (window as unknown as { __signetEmit: (e: string, p: unknown) => void }).__signetEmit(e as string, p), [event, payload] as const).catch(() => undefined);
    },
    openExternal: async () => undefined,
    reveal: (path) => revealed.push(path),
    chooseExportPath: async (name) => join(exportDir ?? '/nonexistent', name),
  });
  await page.exposeBinding('__signetInvoke', (_source, channel: string, payload: unknown) => dispatch(handlers, channel, payload));
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  // File choosers are intercepted from the start, so none can open before interception is on.
  const choosers: FileChooser[] = [];
  page.on('filechooser', (chooser) => choosers.push(chooser));
  await page.addInitScript(BRIDGE);
  await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/index.html`);
  return {
    browser: ownBrowser,
    page,
    pageErrors,
    revealed,
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
    async drop(names) {
      const dataTransfer = await page.evaluateHandle((list) => {
        const dt = new DataTransfer();
        for (const name of list) dt.items.add(new File(['x'], name));
        return dt;
      }, names);
      const zone = page.locator('.dropzone');
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
