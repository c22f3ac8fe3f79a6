import { defineConfig } from 'vitest/config';

// Network tests bind loopback ports and spawn brokers; two cores are enough for two forks.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
