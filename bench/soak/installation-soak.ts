import { fork, spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { connect } from '../../src/mqtt/connect.js';
import type { SoakOptions } from './options.js';
import { chromiumMemory, residentBytes } from './process-memory.js';
import { countReconnects } from './reconnects.js';
import { launchSoakBrowser } from './soak-browser.js';
import { formatDuration, mb } from './run-soak.js';
import type { ServeMemory } from './serve-probe.js';
import { writeShowRecording } from './show-recording.js';
import { openWatchedPage, type WatchedPage } from './watched-page.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const tsx = import.meta.resolve('tsx');
const RECORDING_SECONDS = 60;

/** One row of the table: everything at one moment of the run. */
export interface InstallationRow {
  minute: number;
  serve: ServeMemory;
  replayRss: number;
  chromiumRss: number;
  rendererRss: number;
  pages: Record<string, { jsHeapUsed: number; domNodes: number; listeners: number; reconnects: number }>;
  reconnects: number;
  watchdogReloads: number;
  replayed: number;
  monitorReceived: number;
  errors: number;
}

export interface InstallationResult {
  elapsedMs: number;
  rows: InstallationRow[];
  errors: string[];
  keyPresses: number;
  keyPressesSeen: number;
}

/**
 * The installation of issue 14, left running: `npm run serve -- --bot` (built site, broker,
 * bot; in a process of its own), two kiosk pages in headless Chromium (hello and sensors),
 * `npm run replay -- --loop` of a rehearsal at `options.rate` msg/s, a visitor pressing a key
 * in hello, and a monitor on `#` counting what passes and the watchdog's `kit/status/…`
 * reports. A row every `options.reportEvery` minutes (appended to `options.out` as it
 * comes, so a run cut short still leaves its figures).
 */
export async function runInstallationSoak(options: SoakOptions, print: (line: string) => void, stopped: Promise<void>): Promise<InstallationResult> {
  const errors: string[] = [];
  let finishing = false;
  const error = (line: string) => {
    errors.push(line);
    print(`[soak] error: ${line}`);
  };
  const work = mkdtempSync(join(tmpdir(), 'kit-installation-soak-'));
  const closers: Array<() => Promise<unknown>> = [];
  const counts = { monitorReceived: 0, replayed: 0, keyPresses: 0, keyPressesSeen: 0, watchdogReloads: 0 };
  const reconnects: Record<string, number> = {};
  const rows: InstallationRow[] = [];
  const startedAt = Date.now();
  try {
    // An empty piece config: a kit.config.json in the project must not change the run.
    writeFileSync(join(work, 'piece.json'), '{}');
    const serve = fork(join(root, 'bench/soak/serve-probe.ts'), [
      '--tcp-port', '0', '--ws-port', '0', '--http-port', '0', '--bot', '--bot-interval', String(options.botInterval), '--config', join(work, 'piece.json'),
    ], { cwd: root, execArgv: ['--import', tsx], stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
    closers.push(() => stopChild(serve, 'serve'));
    const serveOut = watchOutput(serve, 'serve', error, () => finishing);
    const banner = await serveOut.waitFor(/^Ready: /m, 10 * 60_000);
    const port = (pattern: RegExp) => Number(pattern.exec(banner)?.[1]);
    const ports = { tcp: port(/TCP\s+mqtt:\/\/127\.0\.0\.1:(\d+)/), pages: port(/gallery\s+http:\/\/127\.0\.0\.1:(\d+)\//) };
    const tcpUrl = `mqtt://public:public@127.0.0.1:${ports.tcp}`;
    const site = `http://127.0.0.1:${ports.pages}`;

    const monitor = connect(tcpUrl, 'soak-monitor', { deliver: 'immediate' });
    closers.push(() => monitor.disconnect());
    monitor.on('error', (e) => error(`monitor: ${e.message}`));
    countReconnects(reconnects, 'monitor', monitor);
    monitor.on('message', ({ topic, text }) => {
      counts.monitorReceived++;
      if (topic === 'hello' && text === 'world') counts.keyPressesSeen++;
      if (topic.startsWith('kit/status/')) {
        const state = (JSON.parse(text) as { state?: string }).state;
        if (state === 'reloading' || state === 'stopped') {
          counts.watchdogReloads++;
          if (!finishing) error(`watchdog: ${topic} ${text}`);
        }
      }
    });
    if (!(await monitor.subscribe('#'))) throw new Error(`the monitor could not subscribe to # (${monitor.statusText})`);

    const recording = join(work, 'rehearsal.jsonl');
    const recorded = writeShowRecording(recording, options.rate, RECORDING_SECONDS);
    const replay = spawn(process.execPath, ['--import', tsx, 'src/node/cli/replay.ts', recording, '--url', tcpUrl, '--loop', '--client-id', 'soak-replay'], {
      cwd: root, stdio: ['ignore', 'pipe', 'pipe'],
    });
    closers.push(() => stopChild(replay, 'replay'));
    const replayOut = watchOutput(replay, 'replay', error, () => finishing);
    replayOut.onLine((line) => {
      const passed = /published (\d+) messages?/.exec(line);
      if (passed) counts.replayed += Number(passed[1]);
    });
    await replayOut.waitFor(/^Replaying /m, 30_000);

    const browser: Browser = await launchSoakBrowser(options.chromiumPath);
    closers.push(() => browser.close());
    browser.on('disconnected', () => {
      if (!finishing) error('Chromium went away');
    });
    const pages: WatchedPage[] = [
      await openWatchedPage(browser, 'hello', `${site}/sketches/hello/?kiosk`),
      await openWatchedPage(browser, 'sensors', `${site}/sketches/sensors/?kiosk`),
    ];
    for (const page of pages) await page.page.waitForSelector('#mqtt-hud[data-status="connected"]', { state: 'attached', timeout: 60_000 });
    const [hello] = pages as [WatchedPage, WatchedPage];
    const keys = setInterval(() => {
      counts.keyPresses++;
      hello.page.keyboard.press('k').catch((e: Error) => !finishing && error(`key press in hello: ${e.message}`));
    }, options.keyEvery);

    const loadStart = Date.now();
    const row = async (minute: number): Promise<InstallationRow> => {
      const [serveMemory, pageMemory] = await Promise.all([
        askMemory(serve),
        Promise.all(pages.map(async (p) => [p.name, { ...(await p.memory()), reconnects: p.reconnects }] as const)),
      ]);
      const browserMemory = chromiumMemory();
      return {
        minute, serve: serveMemory, replayRss: residentBytes(replay.pid!) ?? 0, chromiumRss: browserMemory.rss,
        rendererRss: browserMemory.byType.renderer?.rss ?? 0, pages: Object.fromEntries(pageMemory),
        reconnects: Object.values(reconnects).reduce((a, b) => a + b, 0) + pages.reduce((sum, p) => sum + p.reconnects, 0),
        watchdogReloads: counts.watchdogReloads, replayed: counts.replayed, monitorReceived: counts.monitorReceived,
        errors: errors.length + pages.reduce((sum, p) => sum + p.problems.length, 0),
      };
    };
    const record = (r: InstallationRow) => {
      rows.push(r);
      if (options.out) appendFileSync(options.out, `${JSON.stringify(r)}\n`);
      print(describeRow(r));
    };
    record(await row(0));
    print(`[soak] installation: serve ${site} (broker tcp ${ports.tcp}), replay of ${recorded} messages over ${RECORDING_SECONDS} s looping (${options.rate} msg/s), ` +
      `bot every ${options.botInterval} ms, kiosk pages hello and sensors, a key every ${options.keyEvery} ms; a row every ${options.reportEvery} min for ${options.minutes} min`);

    let minute = 0;
    let pendingRow: Promise<void> = Promise.resolve();
    const timer = setInterval(() => {
      minute++;
      const at = minute;
      if (at % options.reportEvery === 0) pendingRow = row(at).then(record, (e: Error) => error(`reading memory at minute ${at}: ${e.message}`));
      else print(`[soak] ${formatDuration(at * 60_000)}  replayed ${counts.replayed}  monitor ${counts.monitorReceived}  keys ${counts.keyPresses} (seen ${counts.keyPressesSeen})  errors ${errors.length}`);
    }, 60_000);
    const endsAt = loadStart + options.minutes * 60_000;
    await Promise.race([stopped, new Promise((resolve) => setTimeout(resolve, Math.max(0, endsAt - Date.now())))]);
    clearInterval(timer);
    clearInterval(keys);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await pendingRow;
    // The last row, unless the timer's row for this very minute is already there.
    const lastMinute = Math.round((Date.now() - loadStart) / 6_000) / 10;
    if (rows.at(-1)!.minute !== lastMinute) record(await row(lastMinute));
    finishing = true;
    for (const page of pages) errors.push(...page.problems);
    return { elapsedMs: Date.now() - startedAt, rows, errors, keyPresses: counts.keyPresses, keyPressesSeen: counts.keyPressesSeen };
  } finally {
    finishing = true;
    for (const close of closers.reverse()) await close().catch((e: Error) => errors.push(`while closing: ${e.message}`));
    rmSync(work, { recursive: true, force: true });
  }
}

/** A row as the minute line prints it. */
export function describeRow(r: InstallationRow): string {
  const pages = Object.entries(r.pages).map(([name, p]) => `${name} heap ${mb(p.jsHeapUsed)} DOM ${p.domNodes}`).join(', ');
  return `[soak] ${formatDuration(r.minute * 60_000)}  serve rss ${mb(r.serve.rss)} heap ${mb(r.serve.heapUsed)}  replay rss ${mb(r.replayRss)}  ` +
    `chromium rss ${mb(r.chromiumRss)} (renderers ${mb(r.rendererRss)})  ${pages}  reconnects ${r.reconnects}  reloads ${r.watchdogReloads}  ` +
    `replayed ${r.replayed}  monitor ${r.monitorReceived}  errors ${r.errors}`;
}

function askMemory(child: ChildProcess): Promise<ServeMemory> {
  return new Promise((resolve, reject) => {
    const timeout = setTimeout(() => reject(new Error('serve did not answer within 30 s')), 30_000);
    child.once('message', (message) => {
      clearTimeout(timeout);
      resolve(message as ServeMemory);
    });
    child.send('memory');
  });
}

/** Lines of a child's output: stderr lines and stdout lines saying error or warning are errors. */
function watchOutput(child: ChildProcess, name: string, error: (line: string) => void, finishing: () => boolean) {
  let text = '';
  const listeners: Array<(line: string) => void> = [];
  const feed = (stream: 'out' | 'err') => {
    let partial = '';
    return (chunk: Buffer) => {
      const lines = (partial + chunk.toString()).split('\n');
      partial = lines.pop()!;
      for (const line of lines) {
        text += `${line}\n`;
        if (text.length > 200_000) text = text.slice(-100_000);
        for (const listener of listeners) listener(line);
        if ((stream === 'err' || /\b(error|warning)\b/i.test(line)) && line.trim() !== '' && !finishing()) error(`${name}: ${line}`);
      }
    };
  };
  child.stdout!.on('data', feed('out'));
  child.stderr!.on('data', feed('err'));
  child.once('exit', (code, signal) => !finishing() && error(`${name} exited (${signal ?? code})`));
  return {
    onLine: (listener: (line: string) => void) => listeners.push(listener),
    waitFor: (pattern: RegExp, timeoutMs: number) =>
      new Promise<string>((resolve, reject) => {
        const check = () => {
          if (!pattern.test(text)) return false;
          clearTimeout(timeout);
          resolve(text);
          return true;
        };
        const timeout = setTimeout(() => reject(new Error(`${name} did not print ${pattern} within ${timeoutMs / 1000} s:\n${text.slice(-2000)}`)), timeoutMs);
        if (!check()) listeners.push(() => void check());
        child.once('exit', () => reject(new Error(`${name} exited before printing ${pattern}:\n${text.slice(-2000)}`)));
      }),
  };
}

/** Ctrl-C as a person would give it, then SIGKILL if it has not left within 15 s. */
async function stopChild(child: ChildProcess, name: string): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.kill('SIGINT');
  const code = await Promise.race([exited, new Promise<'slow'>((resolve) => setTimeout(() => resolve('slow'), 15_000))]);
  if (code === 'slow') {
    child.kill('SIGKILL');
    throw new Error(`${name} was still running 15 s after Ctrl-C`);
  }
  if (code !== 0 && code !== 130) throw new Error(`${name} exited with ${code} after Ctrl-C`);
}
