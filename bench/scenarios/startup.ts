import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Cleanup, withTimeout } from '../lib/cleanup.js';
import type { Scenario } from '../lib/report.js';
import { median } from '../lib/stats.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const NAIVE_ROOT = fileURLToPath(new URL('../naive', import.meta.url));
const RUNS = 3;

/**
 * Milliseconds from spawning `command` to the first stdout line matching `ready`. The
 * process gets its own process group, so stopping it also stops anything it started.
 */
async function timeToReady(command: string[], ready: RegExp, cleanup: Cleanup): Promise<number> {
  const started = performance.now();
  const child = spawn(command[0]!, command.slice(1), { cwd: ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const signal = (name: NodeJS.Signals) => {
      try {
        process.kill(-child.pid!, name);
      } catch {
        // Already gone.
      }
    };
    signal('SIGTERM');
    await withTimeout(exited, 5000, 'stopping a started server').catch(() => signal('SIGKILL'));
  };
  cleanup.add(child, command.join(' '), stop);
  let output = '';
  const readyAt = await withTimeout(
    new Promise<number>((resolve, reject) => {
      child.stdout!.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (ready.test(output)) resolve(performance.now());
      });
      child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.once('exit', (code) => reject(new Error(`${command.join(' ')} exited (${code}) before it was ready:\n${output.slice(-1000)}`)));
    }),
    60_000,
    `${command.join(' ')} getting ready`,
  );
  await stop();
  return readyAt - started;
}

/**
 * `npm start` as the brief runs it (tsx, embedded broker, Vite with the kit's plugin, no
 * bot) to its `Ready:` line, against a bare Vite dev server — `createServer` on the naive
 * pages with no config file, in plain Node — to listening. Median of 3 each, alternated.
 */
export const startupScenario: Scenario = {
  name: 'startup',
  kit: '`node --import tsx src/node/cli/start.ts --tcp-port 0 --ws-port 0 --http-port 0 --no-bot` to its "Ready:" line',
  baseline: 'a bare Vite dev server (vite createServer, no config, plain node, bench/naive as root) to listening',
  timeoutSeconds: () => 150,
  async run(ctx, out) {
    // The bare server's dependency cache goes to a temp dir: sharing node_modules/.vite with
    // the kit's would make each start invalidate the other's.
    const cacheDir = ctx.cleanup.add(mkdtempSync(join(tmpdir(), 'bench-vite-cache-')), 'the bare Vite cache', (dir) =>
      rmSync(dir, { recursive: true, force: true }),
    );
    const plainVite = [
      process.execPath,
      '--input-type=module',
      '-e',
      `import { createServer } from 'vite';
       const server = await createServer({ root: ${JSON.stringify(NAIVE_ROOT)}, configFile: false, cacheDir: ${JSON.stringify(cacheDir)},
         logLevel: 'silent', server: { host: '127.0.0.1', port: 0 } });
       await server.listen();
       console.log('Listening: ' + server.resolvedUrls.local[0]);
       process.on('SIGTERM', () => server.close().then(() => process.exit(0)));`,
    ];
    const kitStart = [
      process.execPath, '--import', 'tsx', 'src/node/cli/start.ts', '--tcp-port', '0', '--ws-port', '0', '--http-port', '0', '--no-bot',
    ];
    const kit: number[] = [];
    const bare: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      ctx.log(`startup: run ${i + 1} of ${RUNS}`);
      kit.push(await timeToReady(kitStart, /^Ready: /m, ctx.cleanup));
      bare.push(await timeToReady(plainVite, /^Listening: /m, ctx.cleanup));
    }
    out.details.runs = { kit, bare };
    out.rows.push({ metric: `start to ready, ms (median of ${RUNS})`, kit: median(kit), baseline: median(bare) });
    out.notes.push(`runs, ms: kit ${kit.map(Math.round).join(', ')}; bare Vite ${bare.map(Math.round).join(', ')}`);
  },
};
