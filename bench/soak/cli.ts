// `npm run soak -- --minutes N`: the whole kit under a steady load, watched. See SOAK_USAGE.
import { parseSoakFlags, SOAK_USAGE, SoakFlagError } from './options.js';
import { describeRow, runInstallationSoak, type InstallationResult } from './installation-soak.js';
import { formatDuration, mb, runSoak, type MemorySnapshot, type SoakResult } from './run-soak.js';

async function main(argv: string[]): Promise<number> {
  let options;
  try {
    options = parseSoakFlags(argv);
  } catch (error) {
    if (!(error instanceof SoakFlagError)) throw error;
    console.error(`${error.message}\n\n${SOAK_USAGE}`);
    return 2;
  }
  if (options.help) {
    console.log(SOAK_USAGE);
    return 0;
  }
  let stopInstallation: () => void = () => {};
  const run = options.installation
    ? { done: runInstallationSoak(options, (line) => console.log(line), new Promise<void>((resolve) => (stopInstallation = resolve))), stop: () => stopInstallation() }
    : runSoak(options, (line) => console.log(line));
  let interruptedAt: number | undefined;
  const interrupt = () => {
    // First Ctrl-C: stop the load, print the summary, close everything. A second: now.
    if (interruptedAt !== undefined) {
      if (Date.now() - interruptedAt > 1000) process.exit(130);
      return;
    }
    interruptedAt = Date.now();
    console.log('\n[soak] stopping early…');
    run.stop();
    setTimeout(() => {
      console.error('[soak] still closing after 30 s; exiting anyway');
      process.exit(130);
    }, 30_000).unref();
  };
  process.on('SIGINT', interrupt);
  process.on('SIGTERM', interrupt);
  const result = await run.done;
  if ('rows' in result) {
    for (const line of installationSummary(result)) console.log(line);
    return result.errors.length > 0 ? 1 : 0;
  }
  for (const line of summary(result)) console.log(line);
  return result.errors.length > 0 ? 1 : 0;
}

function summary(result: SoakResult): string[] {
  const { messages, memory, reconnects } = result;
  const topics = Object.entries(messages.monitorByTopic).sort(([, a], [, b]) => b - a).map(([t, n]) => `${t} ${n}`).join(', ');
  const chromiumTypes = (m: MemorySnapshot) =>
    Object.entries(m.chromium.byType).map(([type, g]) => `${type}${g.processes > 1 ? ` ×${g.processes}` : ''} ${mb(g.rss)}`).join(', ');
  const lines = [
    '',
    `Soak summary after ${formatDuration(result.elapsedMs)}`,
    `  errors      ${result.errors.length}`,
    ...result.errors.slice(0, 20).map((e) => `    - ${e}`),
    ...(result.errors.length > 20 ? [`    … and ${result.errors.length - 20} more`] : []),
    `  reconnects  ${reconnects.total} (${Object.entries(reconnects.by).map(([name, n]) => `${name} ${n}`).join(', ')})`,
    `  messages    published on hello ${messages.published} (${Math.round(messages.published / (result.loadMs / 1000))}/s over ${formatDuration(result.loadMs)}); ` +
      `key presses ${messages.keyPresses} (monitor saw ${messages.keyPressesSeen}); bot published ${messages.botPublished} (acknowledged)`,
    `              the monitor (subscribed to #) received ${messages.monitorReceived}: ${topics}`,
    '  memory      start → end',
    `    node (broker, bot, Vite, clients)  rss ${mb(memory.start.node.rss)} → ${mb(memory.end.node.rss)}, heap ${mb(memory.start.node.heapUsed)} → ${mb(memory.end.node.heapUsed)}`,
    `    chromium (${memory.end.chromium.processes} processes, sum of RSS)  ${mb(memory.start.chromium.rss)} → ${mb(memory.end.chromium.rss)}`,
    `      start: ${chromiumTypes(memory.start)}`,
    `      end:   ${chromiumTypes(memory.end)}`,
    ...Object.keys(memory.end.pages).map((name) => {
      const [a, b] = [memory.start.pages[name]!, memory.end.pages[name]!];
      return `    page ${name.padEnd(8)} JS heap ${mb(a.jsHeapUsed)} → ${mb(b.jsHeapUsed)}, DOM nodes ${a.domNodes} → ${b.domNodes}, listeners ${a.listeners} → ${b.listeners}`;
    }),
    result.errors.length > 0 ? 'FAILED: errors were logged (see above).' : 'OK: no errors.',
  ];
  return lines;
}

function installationSummary(result: InstallationResult): string[] {
  return [
    '',
    `Installation soak summary after ${formatDuration(result.elapsedMs)}`,
    `  errors      ${result.errors.length}`,
    ...result.errors.slice(0, 20).map((e) => `    - ${e}`),
    ...(result.errors.length > 20 ? [`    … and ${result.errors.length - 20} more`] : []),
    `  key presses ${result.keyPresses} (the monitor saw ${result.keyPressesSeen})`,
    '  rows:',
    ...result.rows.map((row) => `  ${describeRow(row)}`),
    result.errors.length > 0 ? 'FAILED: errors were logged (see above).' : 'OK: no errors.',
  ];
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(`soak failed: ${error.stack ?? error.message}`);
    process.exit(1);
  },
);
