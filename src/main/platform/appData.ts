// Where Signet keeps per-person state (sign-in tokens, pinned keys, activity log and
// the demo sandbox): the platform's application-data folder, as Electron's
// app.getPath('userData') would give it, or SIGNET_HOME when set.
import { homedir } from 'node:os';
import { join } from 'node:path';

export function signetHome(env: NodeJS.ProcessEnv = process.env): string {
  if (env.SIGNET_HOME) return env.SIGNET_HOME;
  const home = homedir();
  switch (process.platform) {
    case 'darwin':
      return join(home, 'Library', 'Application Support', 'Signet');
    case 'win32':
      return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'Signet');
    default:
      return join(env.XDG_CONFIG_HOME ?? join(home, '.config'), 'Signet');
  }
}

/** The default folder of the embedded sandbox's state. */
export function defaultSandboxDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(signetHome(env), 'sandbox');
}
