// The application menu as a template (Electron builds it in main.ts): File › Open… with
// Ctrl/Cmd+O for sealed files, Edit, an explicit View menu, and Window. Toggle Developer
// Tools is there only in a development build, never in the packaged app.
import type { MenuItemConstructorOptions } from 'electron';

export interface MenuChoices {
  /** process.platform: macOS has the app menu first and keeps Quit there. */
  platform: string;
  /** app.isPackaged: a packaged (production) build has no developer tools in its menu. */
  packaged: boolean;
  /** File › Open…: asks for sealed files and opens them (main.ts shows the dialog). */
  openFiles: () => void;
}

export function applicationMenu({ platform, packaged, openFiles }: MenuChoices): MenuItemConstructorOptions[] {
  const mac = platform === 'darwin';
  const file: MenuItemConstructorOptions = {
    label: '&File',
    submenu: [{ label: 'Open…', accelerator: 'CmdOrCtrl+O', click: () => openFiles() }, { type: 'separator' }, mac ? { role: 'close' } : { role: 'quit' }],
  };
  const developer: MenuItemConstructorOptions[] = packaged ? [] : [{ role: 'reload' }, { role: 'toggleDevTools' }, { type: 'separator' }];
  const view: MenuItemConstructorOptions = {
    label: '&View',
    submenu: [
      ...developer,
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
    ],
  };
  const first: MenuItemConstructorOptions[] = mac ? [{ role: 'appMenu' }] : [];
  return [...first, file, { role: 'editMenu' }, view, { role: 'windowMenu' }];
}
