// Skipping a test is never silent: the reason goes into the test's metadata, which
// Vitest's JSON report carries and .ci/run lists, into the skip note the verbose
// reporter shows next to the test, and onto the test's console output, which every
// reporter shows.
import type { TestContext } from 'vitest';

declare module 'vitest' {
  interface TaskMeta {
    /** Why the test was skipped, for people reading the report. */
    skipReason?: string;
  }
}

/** Skips the running test, recording `reason` where the reports show it. */
export function skipBecause(context: TestContext, reason: string): never {
  context.task.meta.skipReason = reason;
  console.warn(`Skipped: ${reason}.`);
  return context.skip(reason);
}

/** True when the tests run in CI (the CI variable most CI services set). */
export const inCi = (): boolean => ['true', '1'].includes(process.env.CI ?? '');
