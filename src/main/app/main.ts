// Electron's main process: the thin wiring around Signet's services. One window,
// hardened (windowOptions.ts), pages served from the app:// protocol (rendererFiles.ts)
// with a strict Content-Security-Policy (pageHeaders.ts), IPC from the shared contract
// (ipcRegistration.ts), the menu (menu.ts), single instance, and files handed over
// from outside — from the command line, a second instance, the OS file association,
// File › Open… or the file manager's "Seal with Signet" (launchRequest.ts): sealed
// files are opened, trust files imported and files to seal put into the seal step.
// Notifications are the one permission granted; a file Signet wrote can be dragged out
// of the window (dragOut.ts).
// With no organisation configuration, it starts the embedded sandbox: demo mode.
import { stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, Menu, net, protocol, safeStorage, shell } from 'electron';
import { loadOrgConfig } from '../config/orgConfig.js';
import { exists } from '../fs/publish.js';
import { EncryptedSessionStore } from '../aws/encryptedSessionStore.js';
import { createHandlers } from '../ipc/handlers.js';
import { startSandbox, type RunningSandbox } from '../sandbox/index.js';
import { createContext } from '../services/context.js';
import { registerIpc } from './ipcRegistration.js';
import { applicationMenu } from './menu.js';
import { withPageSecurityHeaders } from './pageHeaders.js';
import { rendererFileUrl } from './rendererFiles.js';
import { startFileDrag } from './dragOut.js';
import { launchRequest } from './launchRequest.js';
import { APP_ORIGIN, isAllowedExternal, limitPermissions, lockDown, mainWindowOptions } from './windowOptions.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

protocol.registerSchemesAsPrivileged([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: false } }]);

let sandbox: RunningSandbox | undefined;

async function organisationConfig(home: string) {
  const configured = process.env.SIGNET_CONFIG ?? join(home, 'signet.json');
  if (await exists(configured)) return loadOrgConfig(configured);
  sandbox = await startSandbox({ dir: join(home, 'sandbox') });
  return loadOrgConfig(sandbox.configPath);
}

function serveRenderer(root: string): void {
  protocol.handle('app', async (request) => {
    const file = await rendererFileUrl(request.url, root);
    if (!file) return new Response('Not found', { status: 404 });
    return withPageSecurityHeaders(await net.fetch(file.href));
  });
}

async function start(): Promise<void> {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  await app.whenReady();
  const home = process.env.SIGNET_HOME ?? app.getPath('userData');
  const config = await organisationConfig(home);
  const ctx = await createContext(config, home, { sessions: new EncryptedSessionStore(join(home, 'session.bin'), safeStorage) });

  const here = dirname(fileURLToPath(import.meta.url));
  serveRenderer(join(here, '../renderer'));
  const window = new BrowserWindow(mainWindowOptions(join(here, '../preload/index.cjs')));
  lockDown(window.webContents);
  limitPermissions(window.webContents.session);
  app.on('web-contents-created', (_event, contents) => lockDown(contents));

  const announced = new Set<string>();
  const handlers = createHandlers({
    ctx,
    announced,
    emit: (event, payload) => window.webContents.send(event, payload),
    openExternal: async (url) => {
      if (isAllowedExternal(url)) await shell.openExternal(url);
    },
    reveal: (path) => shell.showItemInFolder(path),
    startDrag: (path) => void startFileDrag(window.webContents, path).catch(() => undefined),
  });
  registerIpc(ipcMain, window, handlers);
  const announce = async (argv: string[], cwd: string) => {
    const { open, trust, seal } = launchRequest(argv, cwd);
    for (const path of [...open, ...trust, ...seal]) announced.add(path);
    open.forEach((path) => window.webContents.send('open:requested', { path, name: basename(path) }));
    trust.forEach((path) => window.webContents.send('trust:requested', { path, name: basename(path) }));
    const files = await Promise.all(seal.map(async (path) => ({ path, name: basename(path), size: (await stat(path).catch(() => undefined))?.size ?? 0 })));
    if (files.length > 0) window.webContents.send('seal:requested', { files });
  };
  // File › Open…: the system's dialog in main (a page may not open its own file picker
  // without a click in it); the file chosen is opened like one from the command line.
  const openFiles = async () => {
    const chosen = await dialog.showOpenDialog(window, { title: 'Open a sealed file', properties: ['openFile'], filters: [{ name: 'Sealed files', extensions: ['signet'] }] });
    if (!chosen.canceled) await announce(chosen.filePaths, process.cwd());
  };
  Menu.setApplicationMenu(Menu.buildFromTemplate(applicationMenu({ platform: process.platform, packaged: app.isPackaged, openFiles: () => void openFiles() })));
  app.on('second-instance', (_event, argv, workingDirectory) => {
    if (window.isMinimized()) window.restore();
    window.focus();
    void announce(argv, workingDirectory);
  });
  app.on('open-file', (event, file) => {
    event.preventDefault();
    void announce([file], process.cwd());
  });
  window.once('ready-to-show', () => {
    window.show();
    void announce(process.argv, process.cwd());
  });
  await window.loadURL(`${APP_ORIGIN}/index.html`);
}

app.on('window-all-closed', () => app.quit());
app.on('will-quit', () => {
  void sandbox?.close();
});

void start();
