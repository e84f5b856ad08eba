// The closing lines of .ci/run, from Vitest's JSON report: each skipped test with its
// reason (test/support/skipping.ts records one), then — always last, because CI reads
// it — "N passed, N failed" with ", N skipped" when any were. A run that failed with no
// failing test (files left in the temporary folder, an error outside any test) counts
// as one failure, so the closing line never says a failed run passed.
// Usage: node scripts/testSummary.mjs REPORT.json EXIT_STATUS
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';

const [reportPath, exitStatus = '0'] = process.argv.slice(2);
const report = JSON.parse(readFileSync(reportPath, 'utf8'));

const skipped = report.testResults.flatMap((file) =>
  file.assertionResults
    .filter((test) => test.status === 'skipped' || test.status === 'pending')
    .map((test) => ({ where: relative(process.cwd(), file.name), name: test.fullName, reason: test.meta?.skipReason })),
);
if (skipped.length > 0) {
  console.log(`Skipped (${skipped.length}):`);
  for (const test of skipped) console.log(`  ${test.where} > ${test.name} — ${test.reason ?? 'no reason recorded'}`);
}

let failed = report.numFailedTests;
if (exitStatus !== '0' && failed === 0) {
  console.log('The run failed outside any test (see above: files left in the temporary folder, or an error in a hook or outside the tests); counted as one failure.');
  failed = 1;
}
console.log(`${report.numPassedTests} passed, ${failed} failed` + (report.numPendingTests ? `, ${report.numPendingTests} skipped` : ''));
