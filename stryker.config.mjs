// @ts-check
import { readFileSync } from 'node:fs';
/**
 * Mutation testing (`npm run mutate`, not part of `npm test`): Stryker plants one plausible
 * bug at a time in the modules where a silent bug lets someone in, loses a message or lies
 * about it, and checks that some test fails. Scores and the survivors judged equivalent are
 * in docs/mutation.md.
 *
 * The modules come in groups (test/mutation/groups.json), each with the tests that exercise
 * them, so one group's run starts from a short first test run and two cores are enough:
 *   npm run mutate                 every group, one after the other
 *   npm run mutate -- kiosk show   only those groups
 * Each group keeps its results in its own incremental file: a rerun only tests mutants whose
 * code or covering tests changed.
 */

/**
 * The groups: `mutate` globs and the `tests` that exercise them. vitest.mutate.config.ts reads
 * the same file to run only the group's tests (Stryker's own `testFiles` is not used: with it,
 * Stryker 9.6 and 10.0 activate a module-level mutant after the module has loaded, and report
 * it survived — stryker-js issues 6144 and 6209).
 * @type {Record<string, { mutate: string[], tests: string[] }>}
 */
export const groups = JSON.parse(readFileSync(new URL('./test/mutation/groups.json', import.meta.url), 'utf8'));

const name = process.env.MUTATE_GROUP;
const chosen = name ? [groups[name]] : Object.values(groups);
if (chosen.includes(undefined)) throw new Error(`No mutation group '${name}'. The groups: ${Object.keys(groups).join(', ')}.`);
const label = name ?? 'all';

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  mutate: chosen.flatMap((group) => group?.mutate ?? []),
  testRunner: 'vitest',
  // Runs the group's tests (MUTATE_GROUP), without those that run the code in Chromium or a child process.
  vitest: { configFile: 'vitest.mutate.config.ts', related: true },
  // Each mutant runs only the tests that executed it in the first run.
  coverageAnalysis: 'perTest',
  checkers: ['typescript'],
  // src/ only: where the mutants are, and half the checking time of the whole project.
  tsconfigFile: 'tsconfig.mutate.json',
  // Committed, so a fresh clone reruns only what changed since; `-- --force` redoes a group.
  incremental: true,
  incrementalFile: `test/mutation/incremental/${label}.json`,
  concurrency: 2,
  dryRunTimeoutMinutes: 15,
  // Network tests wait on real sockets: a mutant that hangs one times out (counted as killed).
  timeoutMS: 20_000,
  tempDirName: '.stryker-tmp',
  ignorePatterns: ['test/mutation/incremental', 'dist', 'dist-lib', 'dist-pkg', 'test-results', '.scratch', '.vite', 'reports', 'bench/results.json', 'docs'],
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: `reports/mutation/${label}.html` },
  jsonReporter: { fileName: `reports/mutation/${label}.json` },
  thresholds: { high: 90, low: 85, break: null },
};
