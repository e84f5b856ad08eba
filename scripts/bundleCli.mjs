// Bundles the compiled `signet` command (dist/node/main/cli/main.js) into dist/cli,
// which bin/signet.js runs. Loading one file per command instead of the ~600 files of
// the AWS SDK, zod and Signet saves 70–150 ms of every cold start (docs/PERFORMANCE.md).
// Each command stays its own chunk, loaded only when it runs (the dynamic imports in
// cli/main.ts), so `signet help` loads none of them.
import { rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const outdir = `${root}dist/cli`;
await rm(outdir, { recursive: true, force: true });
await build({
  entryPoints: [`${root}dist/node/main/cli/main.js`],
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Some dependencies are CommonJS and call require(); give the ES module bundle one.
  banner: { js: "import { createRequire as __signetRequire } from 'node:module'; const require = __signetRequire(import.meta.url);" },
  legalComments: 'linked',
  logLevel: 'warning',
});
