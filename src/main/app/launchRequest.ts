// What Signet was asked to do when it was started, or started again, with file names:
// open sealed files ("Open with Signet", double-click, the command line), import a
// trust file from IT, or seal files (the file manager's "Seal with Signet", whose
// command line is `signet --seal FILE…`; see electron-builder.yml). Plain argument
// parsing with no Electron in it, so it is tested directly.
import { resolve } from 'node:path';

export interface LaunchRequest {
  /** Sealed files to open (ending .signet). */
  open: string[];
  /** Trust files from IT to import (ending .signet-trust). */
  trust: string[];
  /** Files to seal: every file named after --seal. */
  seal: string[];
}

export const SEAL_FLAG = '--seal';

/**
 * Reads `argv` — the whole command line, as process.argv or a second instance's argv
 * gives it: the program (and, unpackaged, the app folder) first, then Chromium's and
 * Electron's own switches, then files. Switches are never files; after --seal every
 * other argument is a file to seal; before it, only names ending .signet or
 * .signet-trust are taken, so the program and app folder never are. Relative names
 * are taken from `cwd`, the folder the command ran in.
 */
export function launchRequest(argv: readonly string[], cwd: string): LaunchRequest {
  const request: LaunchRequest = { open: [], trust: [], seal: [] };
  let sealing = false;
  for (const arg of argv) {
    if (arg === SEAL_FLAG) sealing = true;
    else if (arg.startsWith('-')) continue;
    else if (sealing) request.seal.push(resolve(cwd, arg));
    else if (arg.endsWith('.signet')) request.open.push(resolve(cwd, arg));
    else if (arg.endsWith('.signet-trust')) request.trust.push(resolve(cwd, arg));
  }
  return request;
}
