// The one window's web preferences and the rules every web contents follows: no Node
// in the page, context isolation, the Chromium sandbox, web security on; no
// navigation, no new windows, no webviews, no permission requests.
import type { BrowserWindowConstructorOptions, Session, WebContents } from 'electron';

/** The host of every page the window loads. */
export const APP_HOST = 'signet';
export const APP_ORIGIN = `app://${APP_HOST}`;

/**
 * The options main.ts makes its one window with, exactly: no Node in the page, context
 * isolation, the Chromium sandbox, web security on, no webviews, `preload` as preload.
 */
export function mainWindowOptions(preload: string): BrowserWindowConstructorOptions {
  return {
    width: 980,
    height: 720,
    minWidth: 640,
    minHeight: 520,
    show: false,
    title: 'Signet',
    webPreferences: {
      preload,
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
      // Middle-click must not open links in new windows.
      disableBlinkFeatures: 'Auxclick',
    },
  };
}

/** Denies navigation away from the app, new windows and webviews. */
export function lockDown(contents: WebContents): void {
  contents.on('will-navigate', (event, url) => {
    if (!url.startsWith(`${APP_ORIGIN}/`)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/** Every permission request (camera, notifications, …) is refused. */
export function denyPermissions(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}

/** The only external pages Signet opens: https, or the sandbox's loopback sign-in page. */
export function isAllowedExternal(url: string): boolean {
  try {
    const parsed = new URL(url);
    if (parsed.protocol === 'https:') return true;
    return parsed.protocol === 'http:' && (parsed.hostname === '127.0.0.1' || parsed.hostname === 'localhost') && parsed.pathname === '/device';
  } catch {
    return false;
  }
}
