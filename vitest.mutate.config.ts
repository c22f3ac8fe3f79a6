import { defineConfig, mergeConfig } from 'vitest/config';
import base from './vitest.config.js';

/**
 * The tests Stryker may run (`npm run mutate`). Stryker runs, for each mutant, only the tests
 * that executed its code in this process; tests that drive Chromium or spawn the CLIs run the
 * code elsewhere, so they could never be credited with a kill and would only slow the first
 * full run. They stay in `npm test`.
 */
export default mergeConfig(base, defineConfig({
  test: {
    include: ['test/mqtt/**/*.test.ts', 'test/kit/**/*.test.ts', 'test/node/**/*.test.ts'],
    exclude: [
      'test/node/cli/**',
      'test/node/faults/**',
      'test/node/broker/cli.test.ts',
      'test/node/broker/cluster-process.test.ts',
      'test/node/dev/dev-worker.test.ts',
      'test/node/show/record-replay.test.ts',
    ],
  },
}));
