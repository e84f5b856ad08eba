// The application menu's template: File › Open… on Ctrl/Cmd+O, and no developer tools in
// a packaged build. That main.ts builds its menu from applicationMenu() is checked on its source.
import { readFile } from 'node:fs/promises';
import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { applicationMenu } from '../../../src/main/app/menu.js';

/** Every item in the template, submenus included. */
function items(template: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return template.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? items(item.submenu) : [])]);
}

const roles = (template: MenuItemConstructorOptions[]) => items(template).map((item) => item.role?.toLowerCase());

describe('applicationMenu', () => {
  it('has no Toggle Developer Tools, reload or whole-menu roles that bring them back, when packaged', () => {
    for (const platform of ['darwin', 'win32', 'linux']) {
      const template = applicationMenu({ platform, packaged: true, openFiles: () => undefined });
      expect(roles(template)).not.toContain('toggledevtools');
      expect(roles(template)).not.toContain('reload');
      expect(roles(template)).not.toContain('forcereload');
      // Electron's stock 'viewMenu' role includes Toggle Developer Tools.
      expect(roles(template)).not.toContain('viewmenu');
    }
  });

  it('offers Toggle Developer Tools in a development build', () => {
    expect(roles(applicationMenu({ platform: 'linux', packaged: false, openFiles: () => undefined }))).toContain('toggledevtools');
  });

  it('has File › Open… on Ctrl/Cmd+O, which asks main to open files', () => {
    let asked = 0;
    const template = applicationMenu({ platform: 'linux', packaged: true, openFiles: () => asked++ });
    const file = template.find((item) => item.label === '&File');
    const open = items(file ? [file] : []).find((item) => item.label === 'Open…');
    expect(open?.accelerator).toBe('CmdOrCtrl+O');
    (open?.click as () => void)();
    expect(asked).toBe(1);
  });

  it('puts the app menu first on macOS only', () => {
    expect(applicationMenu({ platform: 'darwin', packaged: true, openFiles: () => undefined })[0]?.role).toBe('appMenu');
    expect(applicationMenu({ platform: 'win32', packaged: true, openFiles: () => undefined })[0]?.label).toBe('&File');
  });

  it('is the menu main.ts sets', async () => {
    const main = await readFile(new URL('../../../src/main/app/main.ts', import.meta.url), 'utf8');
    expect(main).toMatch(/Menu\.setApplicationMenu\(\s*Menu\.buildFromTemplate\(\s*applicationMenu\(/);
    expect(main).not.toContain("role: 'viewMenu'");
  });
});
