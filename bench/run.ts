// `npm run bench`: the kit against naive baselines, side by side, in one run. See bench/README.md.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Cleanup, withTimeout } from './lib/cleanup.js';
import { Shared, type BenchContext } from './lib/context.js';
import { machineInfo } from './lib/machine.js';
import { markdownReport, toJsonRow, type Scenario, type ScenarioResult } from './lib/report.js';
import { brokerScenario } from './scenarios/broker.js';
import { bridgesScenario } from './scenarios/bridges.js';
import { feedScenario } from './scenarios/feed.js';
import { floodScenario } from './scenarios/flood.js';
import { latencyScenario } from './scenarios/latency.js';
import { scaleScenario } from './scenarios/scale.js';
import { memoryScenario } from './scenarios/memory.js';
import { startupScenario } from './scenarios/startup.js';
import { weightScenario } from './scenarios/weight.js';

const SCENARIOS: Scenario[] = [floodScenario, latencyScenario, weightScenario, brokerScenario, feedScenario, memoryScenario, startupScenario, bridgesScenario, scaleScenario];
/** Run only when named: a thousand clients take minutes and most of the machine. */
const ON_REQUEST = new Set(['scale']);
const RESULTS_FILE = fileURLToPath(new URL('./results.json', import.meta.url));
const USAGE = `Usage: npm run bench -- [--only ${SCENARIOS.map((s) => s.name).join(',')}] [--long]
       npm run bench -- scale

  --only a,b   run only these scenarios (also: their names alone, npm run bench -- scale)
  --long       the memory scenario floods for 10 minutes instead of 60 s
  scale        is run only when named (BENCH_SCALE_CLIENTS=N: N clients instead of 1,000)`;

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({ options: { only: { type: 'string' }, long: { type: 'boolean' }, help: { type: 'boolean' } }, allowPositionals: true });
  if (values.help) return (console.log(USAGE), 0);
  const named = [...(values.only?.split(',') ?? []), ...positionals].map((name) => name.trim()).filter(Boolean);
  const wanted = named.length > 0 ? named : undefined;
  const unknown = wanted?.filter((name) => !SCENARIOS.some((s) => s.name === name)) ?? [];
  if (unknown.length > 0) return (console.error(`Unknown scenario: ${unknown.join(', ')}\n\n${USAGE}`), 2);
  const selected = SCENARIOS.filter((s) => (wanted ? wanted.includes(s.name) : !ON_REQUEST.has(s.name)));
  const long = Boolean(values.long);

  const started = performance.now();
  const machine = machineInfo();
  const log = (line: string) => console.error(`[bench ${((performance.now() - started) / 1000).toFixed(0).padStart(3)} s] ${line}`);
  log(`${machine.cpuModel}, ${machine.cores} cores, load ${machine.loadAverage.join(' ')}; scenarios: ${selected.map((s) => s.name).join(', ')}`);

  // Every scope still open is closed on Ctrl-C too: the current scenario's first, then the shared ones.
  const shared = new Cleanup();
  const open = new Set<Cleanup>([shared]);
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    stopping = true;
    log(`${signal}: stopping everything the bench started…`);
    void (async () => {
      for (const scope of [...open].reverse()) await scope.run();
      // Playwright deletes Chromium's temporary profile once the browser process is gone;
      // give that a moment (Ctrl-C reaches Chromium too, so it may still be going).
      setTimeout(() => process.exit(130), 1000);
    })();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);

  const results: ScenarioResult[] = [];
  try {
    const sharedThings = new Shared(shared);
    for (const scenario of selected) {
      if (stopping) break;
      const cleanup = new Cleanup();
      open.add(cleanup);
      const result: ScenarioResult = { name: scenario.name, kit: scenario.kit, baseline: scenario.baseline, rows: [], notes: [], details: {}, seconds: 0 };
      const out = { rows: result.rows, notes: result.notes, details: result.details! };
      const ctx: BenchContext = { cleanup, shared: sharedThings, long, log };
      const t0 = performance.now();
      log(`${scenario.name}: starting`);
      const running = scenario.run(ctx, out);
      // Abandoned after a timeout, it fails once its resources are closed; that is already reported.
      running.catch(() => {});
      try {
        await withTimeout(running, scenario.timeoutSeconds(long) * 1000, `the ${scenario.name} scenario`);
      } catch (error) {
        result.error = (error as Error).message;
        log(`${scenario.name}: FAILED: ${(error as Error).stack ?? error}`);
      } finally {
        await cleanup.run();
        open.delete(cleanup);
      }
      result.seconds = (performance.now() - t0) / 1000;
      results.push(result);
      log(`${scenario.name}: done in ${result.seconds.toFixed(0)} s`);
    }
  } finally {
    await shared.run();
  }

  // Interrupted: the signal handler finishes the cleanup and exits; no half report.
  if (stopping) return new Promise<number>(() => {});
  const totalSeconds = (performance.now() - started) / 1000;
  const report = markdownReport(results);
  console.log(`## npm run bench — ${machine.date}\n`);
  console.log(`${machine.cpuModel} · ${machine.cores} cores · ${machine.memoryGiB} GiB · Node ${machine.node} · ${machine.chromium} · ` +
    `load average at start ${machine.loadAverage.join(' / ')} (shared machine: other jobs may run beside the bench)\n`);
  console.log(report);
  console.log(`\nTotal: ${totalSeconds.toFixed(0)} s${long ? ' (--long)' : ''}. Saved to bench/results.json.`);
  writeFileSync(
    RESULTS_FILE,
    `${JSON.stringify({ machine, long, only: wanted ?? null, totalSeconds, scenarios: results.map((r) => ({ ...r, rows: r.rows.map(toJsonRow) })) }, null, 2)}\n`,
  );
  return results.some((r) => r.error) ? 1 : 0;
}

process.on('unhandledRejection', (error) => console.error('bench: unhandled rejection:', error));
main().then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(error.stack ?? error.message);
    process.exit(1);
  },
);
