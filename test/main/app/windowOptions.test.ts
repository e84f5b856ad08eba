// The window's security settings and the handlers every web contents gets. Electron
// cannot start here, so WebContents and Session are faked on purpose: small objects
// that record the handlers windowOptions.ts installs, which the test then calls. That
// main.ts makes its window from exactly mainWindowOptions() is checked on its source.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { APP_ORIGIN, allowsPermission, isAllowedExternal, limitPermissions, lockDown, mainWindowOptions } from '../../../src/main/app/windowOptions.js';

type Listener = (event: { preventDefault(): void; defaultPrevented?: boolean }, ...args: unknown[]) => void;

function fakeContents() {
  const listeners = new Map<string, Listener>();
  let openHandler: ((details: { url: string }) => { action: string }) | undefined;
  return {
    on: (name: string, listener: Listener) => listeners.set(name, listener),
    setWindowOpenHandler: (handler: typeof openHandler) => (openHandler = handler),
    fire(name: string, ...args: unknown[]) {
      const event = { defaultPrevented: false, preventDefault() { this.defaultPrevented = true; } };
      listeners.get(name)?.(event, ...args);
      return event.defaultPrevented;
    },
    open: (url: string) => openHandler?.({ url }).action,
  };
}

const MAIN = fileURLToPath(new URL('../../../src/main/app/main.ts', import.meta.url));

describe('the window', () => {
  it('runs the page without Node, isolated, sandboxed, with web security on, and nothing else in its web preferences', () => {
    expect(mainWindowOptions('/app/preload/index.cjs').webPreferences).toEqual({
      preload: '/app/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      navigateOnDragDrop: false,
      disableBlinkFeatures: 'Auxclick',
    });
  });

  it('is made in main.ts from mainWindowOptions as it is, with nothing added or overridden', async () => {
    const source = await readFile(MAIN, 'utf8');
    const made = [...source.matchAll(/new BrowserWindow\(([^\n]*)\);/g)].map((match) => match[1]);
    expect(made).toEqual([expect.stringMatching(/^mainWindowOptions\([^()]*\([^()]*\)\)$/)]);
    expect(source.match(/new BrowserWindow/g)).toHaveLength(1);
  });

  it('stays on its own pages: navigation, redirects, new windows and webviews are refused', () => {
    const contents = fakeContents();
    lockDown(contents as never);
    expect(contents.fire('will-navigate', `${APP_ORIGIN}/index.html`)).toBe(false);
    expect(contents.fire('will-navigate', 'https://example.com/')).toBe(true);
    expect(contents.fire('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(contents.fire('will-redirect', 'https://example.com/')).toBe(true);
    expect(contents.fire('will-attach-webview')).toBe(true);
    expect(contents.open('https://example.com/')).toBe('deny');
  });

  it('grants the app\'s own pages notifications and nothing else', () => {
    expect(allowsPermission('notifications', `${APP_ORIGIN}/index.html`)).toBe(true);
    expect(allowsPermission('notifications', APP_ORIGIN)).toBe(true);
    for (const other of ['media', 'geolocation', 'clipboard-read', 'clipboard-sanitized-write', 'openExternal', 'fullscreen', 'pointerLock', 'hid', 'serial', 'usb', 'unknown']) {
      expect(allowsPermission(other, `${APP_ORIGIN}/index.html`), other).toBe(false);
    }
    for (const elsewhere of ['https://example.com/', 'app://signet-evil/index.html', 'file:///index.html', 'not a url', undefined]) {
      expect(allowsPermission('notifications', elsewhere), String(elsewhere)).toBe(false);
    }
  });

  it('answers permission requests and checks with allowsPermission', () => {
    let request: ((c: unknown, p: string, callback: (ok: boolean) => void, details: { requestingUrl?: string }) => void) | undefined;
    let check: ((c: unknown, p: string, origin: string) => boolean) | undefined;
    limitPermissions({ setPermissionRequestHandler: (h: typeof request) => (request = h), setPermissionCheckHandler: (h: typeof check) => (check = h) } as never);
    const granted: Record<string, boolean> = {};
    request!(undefined, 'media', (ok) => (granted.media = ok), { requestingUrl: `${APP_ORIGIN}/index.html` });
    request!(undefined, 'notifications', (ok) => (granted.notifications = ok), { requestingUrl: `${APP_ORIGIN}/index.html` });
    request!(undefined, 'notifications', (ok) => (granted.elsewhere = ok), { requestingUrl: 'https://example.com/' });
    expect(granted).toEqual({ media: false, notifications: true, elsewhere: false });
    expect(check!(undefined, 'notifications', APP_ORIGIN)).toBe(true);
    expect(check!(undefined, 'media', APP_ORIGIN)).toBe(false);
  });

  it('opens only https pages and the sandbox sign-in page in the browser', () => {
    expect(isAllowedExternal('https://d-1234.awsapps.com/start/#/device?user_code=ABCD-EFGH')).toBe(true);
    expect(isAllowedExternal('http://127.0.0.1:4567/device?user_code=ABCD-EFGH')).toBe(true);
    expect(isAllowedExternal('http://127.0.0.1:4567/_sandbox/faults')).toBe(false);
    expect(isAllowedExternal('http://example.com/device')).toBe(false);
    expect(isAllowedExternal('file:///etc/passwd')).toBe(false);
    expect(isAllowedExternal('javascript:alert(1)')).toBe(false);
  });
});
