// What Signet does with the files it is started with: the command line of a first or
// second instance, "Open with Signet" and the file manager's "Seal with Signet".
import { describe, expect, it } from 'vitest';
import { launchRequest } from '../../../src/main/app/launchRequest.js';

describe('launchRequest', () => {
  it('opens sealed files and imports trust files, never the program, its app folder or a switch', () => {
    expect(launchRequest(['/opt/Signet/signet', '--no-sandbox', '/home/alice/report.signet', '/home/alice/org.signet-trust', '/home/alice/notes.txt'], '/tmp')).toEqual({
      open: ['/home/alice/report.signet'],
      trust: ['/home/alice/org.signet-trust'],
      seal: [],
    });
    expect(launchRequest(['/usr/lib/electron/electron', '.', '--inspect=0', 'a.signet'], '/home/bob')).toEqual({ open: ['/home/bob/a.signet'], trust: [], seal: [] });
    expect(launchRequest(['/opt/Signet/signet'], '/')).toEqual({ open: [], trust: [], seal: [] });
  });

  it('puts every file after --seal into the seal step, whatever it is called, relative names from the folder it ran in', () => {
    expect(launchRequest(['C:\\Program Files\\Signet\\Signet.exe', '--seal', 'budget.xlsx', '/home/alice/old.signet', '--allow-file-access'], '/home/alice/Documents')).toEqual({
      open: [],
      trust: [],
      seal: ['/home/alice/Documents/budget.xlsx', '/home/alice/old.signet'],
    });
  });

  it('takes no switch for a file, even one that looks like a seal', () => {
    expect(launchRequest(['signet', '--user-data-dir=/x.signet', '-x.signet'], '/tmp').open).toEqual([]);
  });
});
