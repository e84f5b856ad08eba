import { defineConfig } from 'vitest/config';

// Suites that are sensitive to a busy machine (a real browser's user-activation and
// focus timing, electron-builder, the Electronegativity scan, peak-memory probes) run
// after everything else, one file at a time, so two cores are not shared with them.
const EXCLUSIVE = ['test/e2e/**/*.test.ts', 'test/main/app/packaging.test.ts', 'test/main/app/securityGate.test.ts', 'test/main/services/failures.test.ts', 'test/main/engine/crash.test.ts'];

export default defineConfig({
  test: {
    // The run's own temporary folder; the run fails if a test leaves anything in it.
    globalSetup: ['test/support/tmpGuard.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    projects: [
      {
        test: {
          name: 'node',
          environment: 'node',
          include: ['test/**/*.test.ts'],
          exclude: EXCLUSIVE,
          testTimeout: 60_000,
          hookTimeout: 60_000,
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: {
          name: 'exclusive',
          environment: 'node',
          include: EXCLUSIVE,
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 180_000,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
