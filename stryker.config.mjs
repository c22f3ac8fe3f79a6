// @ts-check
/**
 * Mutation testing (`npm run mutate`, not part of `npm test`): Stryker plants one plausible
 * bug at a time in the modules where a silent bug lets someone in, loses a message or lies
 * about it, and checks that some test fails. Scores and the survivors judged equivalent are
 * in docs/mutation.md.
 *
 * The modules come in groups, each with the tests that exercise them, so one group's run
 * starts from a short first test run and two cores are enough:
 *   npm run mutate                 every group, one after the other
 *   npm run mutate -- kiosk show   only those groups
 * Each group keeps its results in its own incremental file: a rerun only tests mutants whose
 * code or covering tests changed.
 */

/** @typedef {{ mutate: string[], tests: string[] }} Group */

/** @type {Record<string, Group>} */
export const groups = {
  // Who may connect, publish, subscribe, and resume a session.
  broker: {
    mutate: [
      'src/node/broker/auth.ts',
      'src/node/broker/authorize.ts',
      'src/node/broker/acl.ts',
      'src/node/broker/profiles.ts',
      'src/node/broker/passwords.ts',
      'src/node/broker/session-resume.ts',
      'src/node/broker/packet-limit.ts',
    ],
    tests: ['test/node/broker/*.test.ts'],
  },
  // Bridges: who may publish through them, and how much a body or a stream may take.
  bridges: {
    mutate: ['src/node/bridges/publish-rights.ts', 'src/node/bridges/http.ts', 'src/node/bridges/sse.ts', 'src/node/bridges/line-protocol.ts'],
    tests: ['test/node/bridges/*.test.ts'],
  },
  // What `serve` and the dev server hand out.
  site: {
    mutate: ['src/node/serve/**/*.ts', '!src/node/serve/index.ts', '!src/node/serve/serve-banner.ts', 'src/node/dev/*allow*.ts'],
    tests: ['test/node/serve/*.test.ts', 'test/node/dev/*.test.ts'],
  },
  // Topic names and payloads.
  names: {
    mutate: ['src/mqtt/topics.ts', 'src/mqtt/payload.ts'],
    tests: ['test/mqtt/topics.test.ts', 'test/mqtt/payload.test.ts', 'test/mqtt/fuzz.test.ts'],
  },
  // The queue a sketch drains, the counts it reads, and the held-publish bound (the worker
  // runs this same DirectTransport).
  client: {
    mutate: ['src/mqtt/message-queue.ts', 'src/mqtt/client.ts', 'src/mqtt/direct-transport.ts'],
    tests: ['test/mqtt/**/*.test.ts'],
  },
  classroom: {
    mutate: ['src/node/classroom/class-accounts.ts'],
    tests: ['test/node/classroom/*.test.ts'],
  },
  // The kiosk's watchdog and reload budget.
  kiosk: {
    mutate: ['src/kit/kiosk/watchdog.ts', 'src/kit/kiosk/reload-budget.ts'],
    tests: ['test/kit/kiosk/*.test.ts'],
  },
  // Replay timing.
  show: {
    mutate: ['src/node/show/timeline.ts'],
    tests: ['test/node/show/*.test.ts'],
  },
};

const name = process.env.MUTATE_GROUP;
const chosen = name ? [groups[name]] : Object.values(groups);
if (chosen.includes(undefined)) throw new Error(`No mutation group '${name}'. The groups: ${Object.keys(groups).join(', ')}.`);
const label = name ?? 'all';

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  mutate: chosen.flatMap((group) => group?.mutate ?? []),
  testFiles: chosen.flatMap((group) => group?.tests ?? []),
  testRunner: 'vitest',
  // Its include/exclude keep out the tests that run the code in Chromium or a child process.
  vitest: { configFile: 'vitest.mutate.config.ts', related: true },
  // Each mutant runs only the tests that executed it in the first run.
  coverageAnalysis: 'perTest',
  checkers: ['typescript'],
  tsconfigFile: 'tsconfig.json',
  // Committed, so a fresh clone reruns only what changed since; `-- --force` redoes a group.
  incremental: true,
  incrementalFile: `test/mutation/incremental/${label}.json`,
  concurrency: 2,
  dryRunTimeoutMinutes: 15,
  // Network tests wait on real sockets: a mutant that hangs one times out (counted as killed).
  timeoutMS: 20_000,
  tempDirName: '.stryker-tmp',
  ignorePatterns: ['dist', 'dist-lib', 'dist-pkg', 'test-results', '.scratch', '.vite', 'reports', 'bench/results.json', 'docs'],
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: `reports/mutation/${label}.html` },
  jsonReporter: { fileName: `reports/mutation/${label}.json` },
  thresholds: { high: 90, low: 85, break: null },
};
