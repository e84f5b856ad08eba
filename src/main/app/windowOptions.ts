// The one window's web preferences and the rules every web contents follows: no Node
// in the page, context isolation, the Chromium sandbox, web security on; no
// navigation, no new windows, no webviews, no permission but notifications.
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

/**
 * The one permission the window may have: showing a desktop notification when a long
 * seal or open finishes while it is in the background — and only for the app's own
 * pages. Everything else (camera, microphone, location, clipboard, …) is refused.
 */
export function allowsPermission(permission: string, requestingUrl: string | undefined): boolean {
  if (permission !== 'notifications' || requestingUrl === undefined) return false;
  try {
    const url = new URL(requestingUrl);
    return url.protocol === 'app:' && url.host === APP_HOST;
  } catch {
    return false;
  }
}

/** Grants only what allowsPermission allows, to requests and to checks alike. */
export function limitPermissions(session: Session): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) => callback(allowsPermission(permission, details.requestingUrl)));
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin) => allowsPermission(permission, requestingOrigin));
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
