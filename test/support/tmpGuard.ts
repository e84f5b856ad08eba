// Vitest global setup: the test run gets a temporary folder of its own, and fails if a
// test left anything of its own in it. Every process of the run — Vitest's workers, the
// signet CLI, the sandbox, Chromium, the AWS CLI — finds the system's temporary folder
// through TMPDIR, so pointing TMPDIR at a fresh folder before the workers start catches
// what any test, or the code it drives, leaves behind. Comparing snapshots of the
// shared /tmp instead would also see what other runs on the machine create meanwhile.
// Tests (and Signet itself) name their temporary entries signet-…; only those count as
// left behind. Tools' own caches there (tsx keeps one) go with the folder at the end.
import { lstatSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Bytes under `path`, counting each file once and not following links. */
function sizeOf(path: string): number {
  const stats = lstatSync(path);
  if (!stats.isDirectory()) return stats.size;
  return readdirSync(path).reduce((total, name) => total + sizeOf(join(path, name)), 0);
}

const mebibytes = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(1)} MiB`;

/** The prefix of every temporary entry the tests and Signet make. */
export const TEMPORARY_PREFIX = 'signet-';

/**
 * Creates the run's temporary folder (signet-test-run-… under the system's one) and
 * makes it the temporary folder of every process the run starts. The returned teardown
 * lists the signet-… entries left there, sets a failing exit code if there are any, and
 * removes the folder with everything in it either way.
 */
export default function setup(): () => void {
  const runFolder = mkdtempSync(join(tmpdir(), `${TEMPORARY_PREFIX}test-run-`));
  process.env.TMPDIR = runFolder;
  process.env.TMP = runFolder;
  process.env.TEMP = runFolder;
  return () => {
    const left = readdirSync(runFolder).filter((name) => name.startsWith(TEMPORARY_PREFIX));
    if (left.length > 0) {
      const lines = left.map((name) => `  ${name} (${mebibytes(sizeOf(join(runFolder, name)))})`);
      console.error(
        [
          '',
          `TEMPORARY FILES LEFT BEHIND: ${left.length} entr${left.length === 1 ? 'y' : 'ies'} in the test run's temporary folder.`,
          'A test (or the code it ran) did not remove them; each test must remove what it creates, also when it fails:',
          ...lines,
          '',
        ].join('\n'),
      );
      process.exitCode = 1;
    }
    rmSync(runFolder, { recursive: true, force: true });
  };
}
