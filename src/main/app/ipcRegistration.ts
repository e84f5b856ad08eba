// Registers one ipcMain handler per contract channel. Before a handler runs, the
// sender must be the app's own top-level frame; the payload is validated by dispatch().
import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { CONTRACT, type Result } from '../../shared/ipc.js';
import { dispatch, type Handlers } from '../ipc/handlers.js';
import { APP_ORIGIN } from './windowOptions.js';

function fromOurWindow(event: IpcMainInvokeEvent, window: BrowserWindow): boolean {
  const frame = event.senderFrame;
  return frame !== null && frame === window.webContents.mainFrame && frame.url.startsWith(`${APP_ORIGIN}/`);
}

export function registerIpc(window: BrowserWindow, handlers: Handlers): void {
  for (const channel of Object.keys(CONTRACT)) {
    ipcMain.handle(channel, (event, payload: unknown): Promise<Result<unknown>> | Result<unknown> => {
      if (!fromOurWindow(event, window)) return { ok: false, error: { code: 'ACCESS_DENIED', message: 'Request refused: it did not come from the Signet window.' } };
      return dispatch(handlers, channel, payload);
    });
  }
}
