// `npm start`: builds the app and starts it in Electron. Electron's binary is fetched
// here on first start rather than at `npm install` (its install script is disabled in
// package.json), so installing and testing work on machines that cannot download it.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

function electronBinary() {
  try {
    return require('electron');
  } catch {
    return undefined;
  }
}

let binary = electronBinary();
if (!binary) {
  console.log('Fetching Electron for this computer (first start only)…');
  const fetched = spawnSync(process.execPath, [require.resolve('electron/install.js')], { stdio: 'inherit' });
  binary = fetched.status === 0 ? electronBinary() : undefined;
}
if (!binary) {
  console.error(
    'Electron could not be downloaded here, so the desktop window cannot start on this computer.\n' +
      'Everything else works: try "npx signet demo" for a tour in the terminal, or "npx signet sandbox" for the demo AWS endpoint.',
  );
  process.exit(1);
}
const build = spawnSync(process.execPath, [require.resolve('electron-vite/bin/electron-vite.js'), 'build'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
const app = spawnSync(binary, ['.'], { stdio: 'inherit' });
process.exit(app.status ?? 0);
