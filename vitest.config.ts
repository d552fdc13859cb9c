// Test settings: every test file under test/, after dist/ is brought up to date for the child processes some tests start.
import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/helpers/build-dist.ts'],
    // Checks that each test leaves the process as it found it: files share their worker's process and modules.
    setupFiles: ['test/helpers/no-leaks.ts'],
    pool: 'forks',
    isolate: false,
    // Most of a test's time is spent waiting (on servers, simulated decoding, child processes), not computing:
    // a worker more than there are cores keeps them busy, and leaves the timing tests room to keep time.
    maxWorkers: availableParallelism() + 1,
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
