// Dragging a file Signet wrote out of the window, onto an e-mail or a folder: Electron's
// webContents.startDrag with the file's own icon. The IPC handler ('files:drag',
// src/main/ipc/handlers.ts) only passes on paths Signet wrote this session.
import { app, type WebContents } from 'electron';

export async function startFileDrag(contents: WebContents, path: string): Promise<void> {
  const icon = await app.getFileIcon(path, { size: 'normal' });
  contents.startDrag({ file: path, icon });
}
