// "Open with Signet" and "Seal with Signet" as packaging sets them up: the file
// associations, the Linux desktop entry's action and the Windows installer's "Send to"
// shortcut in electron-builder.yml and build/installer.nsh — read here with the `yaml`
// package and compiled with NSIS's makensis, since electron-builder cannot build the
// .deb, AppImage or installer offline — and each command line they make read back by
// launchRequest, as the app reads it when started that way.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { launchRequest, SEAL_FLAG } from '../../../src/main/app/launchRequest.js';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../../', import.meta.url));

interface BuilderConfig {
  fileAssociations: { ext: string; name: string; role: string; mimeType: string }[];
  linux: { executableName: string; desktop: { entry: Record<string, string>; desktopActions: Record<string, Record<string, string>> } };
  nsis: { include: string; perMachine: boolean };
}

let config: BuilderConfig;
let work: string;
beforeAll(async () => {
  config = parse(await readFile(join(root, 'electron-builder.yml'), 'utf8')) as BuilderConfig;
  work = await mkdtemp(join(tmpdir(), 'signet-desktop-'));
});
afterAll(() => rm(work, { recursive: true, force: true }));

describe('Open with Signet', () => {
  it('associates sealed files and trust files, each with its own MIME type, and Signet opens or imports what it is started with', () => {
    expect(config.fileAssociations.map(({ ext, role, mimeType }) => ({ ext, role, mimeType }))).toEqual([
      { ext: 'signet', role: 'Viewer', mimeType: 'application/vnd.signet.sealed' },
      { ext: 'signet-trust', role: 'Viewer', mimeType: 'application/vnd.signet.trust' },
    ]);
    // What the desktop entry's Exec (`signet %U`) and the installer's open command ("%1") start Signet with.
    expect(launchRequest(['/opt/Signet/signet', '/home/alice/report.signet'], '/')).toMatchObject({ open: ['/home/alice/report.signet'] });
    expect(launchRequest(['/opt/Signet/signet', '/home/alice/org.signet-trust'], '/')).toMatchObject({ trust: ['/home/alice/org.signet-trust'] });
  });
});

describe('Seal with Signet', () => {
  it('is an action of the Linux desktop entry whose command line puts the files into the seal step', () => {
    const { entry, desktopActions } = config.linux.desktop;
    expect(entry.Actions!.split(';').filter(Boolean)).toEqual(Object.keys(desktopActions));
    const seal = desktopActions.seal!;
    expect(seal.Name).toBe('Seal with Signet');
    const exec = seal.Exec!.split(' ');
    expect(exec).toEqual([config.linux.executableName, SEAL_FLAG, '%F']);
    const started = exec.flatMap((arg) => (arg === '%F' ? ['/home/alice/budget.xlsx', '/home/alice/notes.txt'] : [arg]));
    expect(launchRequest(started, '/')).toEqual({ open: [], trust: [], seal: ['/home/alice/budget.xlsx', '/home/alice/notes.txt'] });
  });

  it('is a "Send to" shortcut the Windows installer adds (and its uninstaller removes) that starts Signet with --seal', async () => {
    expect(config.nsis.include).toBe('build/installer.nsh');
    const script = await readFile(join(root, config.nsis.include), 'utf8');
    const shortcut = /^\s*CreateShortCut "\$SENDTO\\(?<name>[^"]+)\.lnk" "\$INSTDIR\\\$\{APP_EXECUTABLE_FILENAME\}" "(?<args>[^"]*)"/m.exec(script);
    expect(shortcut?.groups).toEqual({ name: 'Seal with Signet', args: SEAL_FLAG });
    expect(script).toMatch(/^\s*Delete "\$SENDTO\\Seal with Signet\.lnk"/m);
    // Windows appends the chosen files to the shortcut's command line.
    expect(launchRequest(['C:\\Users\\alice\\AppData\\Local\\Programs\\Signet\\Signet.exe', SEAL_FLAG, 'C:\\Users\\alice\\budget.xlsx'], 'C:\\').seal).toHaveLength(1);
  });

  it('compiles with NSIS inside an installer and uninstaller, as electron-builder includes it (warnings are errors)', async () => {
    const nsi = join(work, 'check.nsi');
    await writeFile(
      nsi,
      [
        'Unicode true',
        '!define APP_EXECUTABLE_FILENAME "Signet.exe"',
        `!include "${join(root, config.nsis.include)}"`,
        `OutFile "${join(work, 'check.exe')}"`,
        'RequestExecutionLevel user',
        'InstallDir "$LOCALAPPDATA\\Programs\\Signet"',
        'Section',
        '  WriteUninstaller "$INSTDIR\\Uninstall Signet.exe"',
        '  !insertmacro customInstall',
        'SectionEnd',
        'Section "Uninstall"',
        '  !insertmacro customUnInstall',
        'SectionEnd',
        '',
      ].join('\n'),
    );
    const { stdout } = await run('makensis', ['-WX', '-V2', nsi]);
    expect(stdout).not.toMatch(/warning/i);
  });
});
