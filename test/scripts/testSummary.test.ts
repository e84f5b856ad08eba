// .ci/run's closing lines (scripts/testSummary.mjs) from a Vitest JSON report: every
// skipped test with its reason, and the counts line CI reads, always last.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));
const summary = join(root, 'scripts', 'testSummary.mjs');
let work: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'signet-summary-'));
});
afterAll(() => rm(work, { recursive: true, force: true }));

/** The shape of Vitest's JSON report, reduced to what the summary reads. */
function report(tests: { fullName: string; status: 'passed' | 'failed' | 'skipped'; meta?: object }[]) {
  const count = (status: string) => tests.filter((t) => t.status === status).length;
  return {
    numPassedTests: count('passed'),
    numFailedTests: count('failed'),
    numPendingTests: count('skipped'),
    testResults: [{ name: join(root, 'test', 'main', 'services', 'failures.test.ts'), assertionResults: tests.map((t) => ({ meta: {}, ...t })) }],
  };
}

async function lines(value: object, exitStatus: string): Promise<string[]> {
  const path = join(work, `${Math.random().toString(36).slice(2)}.json`);
  await writeFile(path, JSON.stringify(value));
  const { stdout } = await run(process.execPath, [summary, path, exitStatus], { cwd: root });
  return stdout.trimEnd().split('\n');
}

it('lists each skipped test by file and full name with its reason, then closes with the counts line', async () => {
  const out = await lines(
    report([
      { fullName: 'a full disk leaves no sealed file', status: 'skipped', meta: { skipReason: 'needs root to mount a tmpfs' } },
      { fullName: 'cancelling a seal leaves nothing behind', status: 'passed' },
      { fullName: 'memory seals and opens', status: 'skipped' },
    ]),
    '0',
  );
  expect(out).toEqual([
    'Skipped (2):',
    '  test/main/services/failures.test.ts > a full disk leaves no sealed file — needs root to mount a tmpfs',
    '  test/main/services/failures.test.ts > memory seals and opens — no reason recorded',
    '1 passed, 0 failed, 2 skipped',
  ]);
});

it('prints only the counts line when nothing was skipped', async () => {
  expect(await lines(report([{ fullName: 'x', status: 'passed' }, { fullName: 'y', status: 'failed' }]), '1')).toEqual(['1 passed, 1 failed']);
});

it('counts a run that failed with no failing test (e.g. files left in the temporary folder) as one failure, on the last line', async () => {
  const out = await lines(report([{ fullName: 'x', status: 'passed' }]), '1');
  expect(out.at(-1)).toBe('1 passed, 1 failed');
  expect(out[0]).toMatch(/^The run failed outside any test/);
});
