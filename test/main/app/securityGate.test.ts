// The Electronegativity gate in `npm test` (scripts/electronegativity.mjs) must pass the
// built app and refuse an unsafe one, or it guards nothing.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const run = promisify(execFile);
const gate = fileURLToPath(new URL('../../../scripts/electronegativity.mjs', import.meta.url));
const root = fileURLToPath(new URL('../../../', import.meta.url));

it('refuses an app with unsafe window settings', async () => {
  const result = await run(process.execPath, [gate, 'test/fixtures/unsafe-app'], { cwd: root }).then(
    () => ({ code: 0, stdout: '', stderr: '' }),
    (error: { code: number; stdout: string; stderr: string }) => error,
  );
  expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(1);
  expect(`${result.stdout}\nstderr: ${result.stderr}`).toMatch(/CONTEXT_ISOLATION_JS_CHECK|NODE_INTEGRATION_JS_CHECK/);
}, 60_000);
