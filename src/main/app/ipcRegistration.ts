// Registers one handler per contract channel on ipcMain (passed in by main.ts, so this
// module never imports Electron and tests register on a stand-in). Before a handler
// runs, the sender must be the app's own top-level frame showing an app://signet/
// page; the payload is validated by dispatch().
import { CONTRACT, type Result } from '../../shared/ipc.js';
import { dispatch, type Handlers } from '../ipc/handlers.js';
import { APP_HOST } from './windowOptions.js';

/** The part of a frame (Electron's WebFrameMain) the sender check reads. */
export interface FrameLike {
  readonly url: string;
}

/** The part of an IPC event (Electron's IpcMainInvokeEvent) the sender check reads. */
export interface InvokeEventLike {
  readonly senderFrame: FrameLike | null;
}

/** The part of the window (Electron's BrowserWindow) the sender check reads. */
export interface WindowLike {
  readonly webContents: { readonly mainFrame: FrameLike };
}

/** The part of ipcMain registration uses. */
export interface IpcHandlerRegistry {
  handle(channel: string, listener: (event: InvokeEventLike, payload: unknown) => Promise<Result<unknown>> | Result<unknown>): void;
}

/**
 * True only when `senderFrame` is the window's own main frame (not a subframe, not a
 * frame that is gone) and that frame shows a page of app://signet — not about:blank,
 * not another scheme or host, not a host that merely starts with "signet".
 */
export function isOurTopLevelFrame(senderFrame: FrameLike | null, mainFrame: FrameLike): boolean {
  if (senderFrame === null || senderFrame !== mainFrame) return false;
  try {
    const url = new URL(senderFrame.url);
    return url.protocol === 'app:' && url.host === APP_HOST && url.username === '' && url.password === '';
  } catch {
    return false;
  }
}

const REFUSED: Result<unknown> = { ok: false, error: { code: 'ACCESS_DENIED', message: 'Request refused: it did not come from the Signet window.' } };

/** Registers every contract channel on `ipc`; each refuses a request unless isOurTopLevelFrame accepts its sender. */
export function registerIpc(ipc: IpcHandlerRegistry, window: WindowLike, handlers: Handlers): void {
  for (const channel of Object.keys(CONTRACT)) {
    ipc.handle(channel, (event, payload) => {
      if (!isOurTopLevelFrame(event.senderFrame, window.webContents.mainFrame)) return REFUSED;
      return dispatch(handlers, channel, payload);
    });
  }
}
