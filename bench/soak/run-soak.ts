import { rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { Browser } from 'playwright-core';
import { createServer, createLogger as createViteLogger, type ViteDevServer } from 'vite';
import { connect } from '../../src/mqtt/connect.js';
import { startSensorBot, type RunningBot } from '../../src/node/bot/sensor-bot.js';
import { createBroker, type RunningBroker } from '../../src/node/broker/index.js';
import type { SoakOptions } from './options.js';
import { chromiumMemory, type ProcessGroupMemory } from './process-memory.js';
import { countReconnects } from './reconnects.js';
import { launchSoakBrowser } from './soak-browser.js';
import { openWatchedPage, type PageMemory, type WatchedPage } from './watched-page.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const SENSOR_TOPICS = ['temperatura', 'umidade', 'luminosidade'];

/** Memory of every part, taken at once. */
export interface MemorySnapshot {
  node: { rss: number; heapUsed: number };
  chromium: ProcessGroupMemory;
  pages: Record<string, PageMemory>;
}

/** What a soak run found. `errors` must be empty. */
export interface SoakResult {
  elapsedMs: number;
  /** How long the load ran (the rest is start-up and winding down). */
  loadMs: number;
  errors: string[];
  reconnects: { total: number; by: Record<string, number> };
  messages: {
    published: number;
    keyPresses: number;
    botPublished: number;
    monitorReceived: number;
    monitorByTopic: Record<string, number>;
    /** Key presses the monitor saw arrive as 'world' on hello. */
    keyPressesSeen: number;
  };
  memory: { start: MemorySnapshot; end: MemorySnapshot };
}

export interface SoakRun {
  /** Resolves when the run ended (time up or `stop()`), everything closed. */
  done: Promise<SoakResult>;
  /** Ends the run early; the summary still comes. */
  stop(): void;
}

/**
 * Runs the kit under a steady load for `options.minutes` and watches it: the embedded
 * broker, the sensor bot, the Vite dev server and three sketch pages in headless Chromium
 * (hello twice, sensors), an outside publisher at `options.rate` msg/s on `hello`, key
 * presses in the first hello page, and a monitor subscribed to `#`. `print` gets a line
 * every minute. Everything it started is closed before `done` resolves.
 */
export function runSoak(options: SoakOptions, print: (line: string) => void): SoakRun {
  let stopEarly: () => void = () => {};
  const stopped = new Promise<void>((resolve) => (stopEarly = resolve));
  return { done: soak(options, print, stopped), stop: () => stopEarly() };
}

async function soak(options: SoakOptions, print: (line: string) => void, stopped: Promise<void>): Promise<SoakResult> {
  const errors: string[] = [];
  /** Set once the run winds down, when pages and the browser going away is expected. */
  let finishing = false;
  const error = (line: string) => {
    errors.push(line);
    print(`[soak] error: ${line}`);
  };
  const closers: Array<() => Promise<unknown>> = [];
  const counts = { published: 0, keyPresses: 0, botPublished: 0, monitorReceived: 0, keyPressesSeen: 0 };
  const monitorByTopic: Record<string, number> = {};
  const reconnectsBy: Record<string, number> = {};
  const onUncaught = (reason: unknown) => error(`uncaught in the soak process: ${(reason as Error)?.stack ?? String(reason)}`);
  process.on('uncaughtException', onUncaught);
  process.on('unhandledRejection', onUncaught);
  const viteCache = `${tmpdir()}/kit-soak-vite-cache-${process.pid}`;

  let pages: WatchedPage[] = [];
  try {
    const broker: RunningBroker = await createBroker({
      tcpPort: 0,
      wsPort: 0,
      strictPorts: true,
      logLevel: 'quiet',
      log: (line, severity) => severity === 'error' && error(`broker: ${line}`),
    });
    closers.push(() => broker.close());
    const tcpUrl = `mqtt://public:public@127.0.0.1:${broker.tcpPort}`;

    // The pages learn the broker's WebSocket port from the dev server (kit plugin).
    process.env.P5_MQTT_WS_PORT = String(broker.wsPort);
    const viteLogger = createViteLogger('warn');
    const vite: ViteDevServer = await createServer({
      root,
      configFile: `${root}/vite.config.ts`,
      cacheDir: viteCache,
      customLogger: {
        ...viteLogger,
        warn: (message) => error(`vite: ${message}`),
        warnOnce: (message) => error(`vite: ${message}`),
        error: (message) => error(`vite: ${message}`),
      },
      server: { host: '127.0.0.1', port: 0, strictPort: false, hmr: false, watch: null },
    });
    await vite.listen();
    closers.push(() => vite.close());
    const site = `http://127.0.0.1:${(vite.httpServer?.address() as AddressInfo).port}`;

    const bot: RunningBot = startSensorBot({
      url: tcpUrl,
      clientId: 'soak-bot',
      interval: options.botInterval,
      topics: SENSOR_TOPICS,
      print: (line) => {
        if (line.startsWith('error:')) error(`bot: ${line}`);
        else if (line.startsWith('published ')) counts.botPublished++;
      },
    });
    closers.push(() => bot.stop());
    countReconnects(reconnectsBy, 'bot', bot.client);

    const monitor = connect(tcpUrl, 'soak-monitor', { deliver: 'immediate' });
    closers.push(() => monitor.disconnect());
    monitor.on('error', (e) => error(`monitor: ${e.message}`));
    countReconnects(reconnectsBy, 'monitor', monitor);
    monitor.on('message', ({ topic, text }) => {
      counts.monitorReceived++;
      monitorByTopic[topic] = (monitorByTopic[topic] ?? 0) + 1;
      if (topic === 'hello' && text === 'world') counts.keyPressesSeen++;
    });
    if (!(await monitor.subscribe('#'))) throw new Error(`the monitor could not subscribe to # (${monitor.statusText})`);

    const publisher = connect(tcpUrl, 'soak-publisher', { deliver: 'immediate' });
    closers.push(() => publisher.disconnect());
    publisher.on('error', (e) => error(`publisher: ${e.message}`));
    countReconnects(reconnectsBy, 'publisher', publisher);

    const browser: Browser = await launchSoakBrowser(options.chromiumPath);
    closers.push(() => browser.close());
    browser.on('disconnected', () => {
      if (!finishing) error('Chromium went away');
    });
    pages = [
      await openWatchedPage(browser, 'hello', `${site}/sketches/hello/`),
      await openWatchedPage(browser, 'hello-2', `${site}/sketches/hello/`),
      await openWatchedPage(browser, 'sensors', `${site}/sketches/sensors/`),
    ];
    for (const page of pages) {
      await page.page.waitForSelector('#mqtt-hud[data-status="connected"]', { state: 'attached', timeout: 60_000 });
    }
    const [hello] = pages as [WatchedPage, ...WatchedPage[]];

    const start = await snapshot(pages);
    const startedAt = Date.now();
    const endsAt = startedAt + options.minutes * 60_000;
    print(`[soak] running ${formatDuration(endsAt - startedAt)}: broker ${broker.urls.tcp} / ${broker.urls.ws}, pages ${site}, ` +
      `${options.rate} msg/s on hello, bot every ${options.botInterval} ms, a key in hello every ${options.keyEvery} ms`);

    // The steady load: `rate` per second on average, topped up every 50 ms; what falls due
    // while the publisher is offline is skipped, not sent later in a burst.
    let sequence = 0;
    let due = 0;
    const loadStart = Date.now();
    const load = setInterval(() => {
      const owed = Math.floor((options.rate * (Date.now() - loadStart)) / 1000) - due;
      due += owed;
      if (!publisher.connected) return;
      for (let i = 0; i < owed; i++) {
        void publisher.publish('hello', String(sequence++));
        counts.published++;
      }
    }, 50);
    const keys = setInterval(() => {
      counts.keyPresses++;
      hello.page.keyboard.press('k').catch((e: Error) => {
        if (!finishing) error(`key press in hello: ${e.message}`);
      });
    }, options.keyEvery);

    let minute = 0;
    const minuteTimer = setInterval(() => {
      minute++;
      void minuteLine(minute).catch((e: Error) => error(`minute report: ${e.message}`));
    }, 60_000);
    const minuteLine = async (n: number) => {
      // Counters as they stand at the minute mark; memory and HUDs are read after (slow under load).
      const line = `[soak] ${formatDuration(n * 60_000)}  published ${counts.published}  keys ${counts.keyPresses}  bot ${counts.botPublished}  ` +
        `monitor ${counts.monitorReceived}  reconnects ${totalReconnects(reconnectsBy, pages)}  errors ${errors.length + problemCount(pages)}`;
      const readStart = Date.now();
      const now = await snapshot(pages);
      const rates = await Promise.all(pages.map(async (p) => `${p.name} ${(await p.rate()) ?? '?'}/s`));
      const took = Date.now() - readStart;
      print(`${line}  HUDs ${rates.join(', ')}  node rss ${mb(now.node.rss)} heap ${mb(now.node.heapUsed)}  chromium rss ${mb(now.chromium.rss)}  ` +
        `page heaps ${pages.map((p) => `${p.name} ${mb(now.pages[p.name]!.jsHeapUsed)}`).join(', ')}${took > 2000 ? `  (read in ${(took / 1000).toFixed(1)} s)` : ''}`);
    };

    await Promise.race([stopped, new Promise((resolve) => setTimeout(resolve, Math.max(0, endsAt - Date.now())))]);
    clearInterval(load);
    const loadMs = Date.now() - loadStart;
    clearInterval(keys);
    clearInterval(minuteTimer);
    // What was sent in the last moments is still on its way.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const end = await snapshot(pages);
    const elapsedMs = Date.now() - startedAt;
    finishing = true;

    for (const page of pages) for (const line of page.problems) errors.push(line);
    const reconnects = totalReconnects(reconnectsBy, pages);
    if (reconnects === 0 && counts.keyPressesSeen !== counts.keyPresses) {
      errors.push(`${counts.keyPresses} key presses in hello, but the monitor saw ${counts.keyPressesSeen} 'world' on hello without any reconnect`);
    }
    return {
      elapsedMs,
      loadMs,
      errors,
      reconnects: { total: reconnects, by: { ...reconnectsBy, ...Object.fromEntries(pages.map((p) => [`page ${p.name}`, p.reconnects])) } },
      messages: { ...counts, monitorByTopic },
      memory: { start, end },
    };
  } finally {
    finishing = true;
    for (const close of closers.reverse()) {
      await close().catch((e: Error) => errors.push(`while closing: ${e.message}`));
    }
    rmSync(viteCache, { recursive: true, force: true });
    process.off('uncaughtException', onUncaught);
    process.off('unhandledRejection', onUncaught);
  }
}

async function snapshot(pages: WatchedPage[]): Promise<MemorySnapshot> {
  // Garbage collected first, so growth means memory still in use.
  collectGarbage();
  const { rss, heapUsed } = process.memoryUsage();
  const entries = await Promise.all(pages.map(async (p) => [p.name, await p.memory()] as const));
  return { node: { rss, heapUsed }, chromium: chromiumMemory(), pages: Object.fromEntries(entries) };
}

/** Node's gc(), reachable without starting Node with --expose-gc. */
const collectGarbage: () => void = (() => {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
})();

function totalReconnects(by: Record<string, number>, pages: WatchedPage[]): number {
  return Object.values(by).reduce((a, b) => a + b, 0) + pages.reduce((sum, p) => sum + p.reconnects, 0);
}

function problemCount(pages: WatchedPage[]): number {
  return pages.reduce((sum, p) => sum + p.problems.length, 0);
}

export function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export function formatDuration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}
