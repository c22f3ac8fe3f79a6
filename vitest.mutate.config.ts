import { readFileSync } from 'node:fs';
import { defineConfig, mergeConfig } from 'vitest/config';
import base from './vitest.config.js';

/**
 * The tests Stryker may run (`npm run mutate`): the group's own (MUTATE_GROUP, see
 * test/mutation/groups.json), or every group's. Stryker runs, for each mutant, only the tests
 * that executed its code in this process; tests that drive Chromium or spawn the CLIs run the
 * code elsewhere, so they could never be credited with a kill and would only slow the first
 * run. They stay in `npm test`.
 */
const groups = JSON.parse(readFileSync(new URL('./test/mutation/groups.json', import.meta.url), 'utf8')) as Record<string, { tests: string[] }>;
const group = process.env.MUTATE_GROUP;
const chosen = group ? [groups[group]] : Object.values(groups);

export default mergeConfig(base, defineConfig({
  test: {
    include: chosen.flatMap((each) => each?.tests ?? []),
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
