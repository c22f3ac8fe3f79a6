import { sleep } from '../lib/cleanup.js';
import { connectNodeClient } from '../lib/context.js';
import { readHeaps } from '../lib/heap.js';
import { startKitBroker } from '../lib/kit-broker.js';
import { openSketch, sketchUrl } from '../lib/pages.js';
import { framesBetween, messagesBetween } from '../lib/probe.js';
import type { Scenario } from '../lib/report.js';

/**
 * Lower than the flood scenario's 20,000: a sustained load the page keeps up with, so the
 * heap shows what the kit holds on to over time rather than a backlog, and so the
 * 60 s run fits the bench's time budget on a busy machine.
 */
const RATE = 2000;
const FIRST_READING_S = 10;
const REST_MS = 2500;
const MB = 1024 * 1024;

/**
 * The kit's hello page under a steady flood: its JS heap (and its MQTT worker's) after a
 * full GC once 10 s of flood are through and again once 60 s are (10 min with --long),
 * each read at rest. hello's own state is bounded (ripples live 1.6 s, 8 lines of text),
 * so growth would be the kit's.
 */
export const memoryScenario: Scenario = {
  name: 'memory',
  kit: 'the built sketches/hello page, heap (at rest) once the whole flood is through',
  baseline: `the same page, heap (at rest) after the first ${FIRST_READING_S} s of it`,
  timeoutSeconds: (long) => (long ? 720 : 120),
  async run(ctx, out) {
    const seconds = ctx.long ? 600 : 60;
    const broker = await startKitBroker(ctx.cleanup);
    const pinger = await connectNodeClient(broker.urls.tcp, ctx.cleanup);
    const [sites, browser] = await Promise.all([ctx.shared.sites(), ctx.shared.browser()]);
    const { page, problems } = await openSketch(browser, sketchUrl(sites, 'kit', 'hello', broker.wsPort), ctx.cleanup, async () => {
      await pinger.publishAsync('hello', 'ping');
    });
    const heaps = await readHeaps(page);
    // Read at rest: publishing pauses for a moment before each reading, so in-flight state
    // (ripples live 1.6 s, batches on their way) is gone and what remains is what is kept.
    const read = async () => {
      await sleep(REST_MS);
      return { page: await heaps.page(), worker: await heaps.worker() };
    };
    const flood = (floodSeconds: number) =>
      ctx.shared.publisher().flood({ url: broker.urls.tcp, topics: ['hello'], payload: '42.5', rate: RATE, seconds: floodSeconds, connections: 4 });
    ctx.log(`memory: kit hello, ${RATE} msg/s for ${FIRST_READING_S} s, then ${seconds - FIRST_READING_S} s more`);
    const first = await flood(FIRST_READING_S);
    const early = await read();
    ctx.log(`memory: after ${FIRST_READING_S} s, page heap ${(early.page / MB).toFixed(1)} MB, worker ${early.worker === undefined ? '—' : (early.worker / MB).toFixed(1)} MB`);
    const second = await flood(seconds - FIRST_READING_S);
    const late = await read();
    ctx.log(`memory: after ${seconds} s, page heap ${(late.page / MB).toFixed(1)} MB, worker ${late.worker === undefined ? '—' : (late.worker / MB).toFixed(1)} MB`);
    const frames = await framesBetween(page, second.startedAt, second.endedAt);
    const messages = await messagesBetween(page, second.startedAt - 100, second.endedAt);
    const runSeconds = (second.endedAt - second.startedAt) / 1000;
    out.details.readings = { early, late, frames, messages, floods: { first, second }, problems: [...new Set(problems)].slice(0, 5) };
    const drift = '< 1.10× (drift < 10 %)';
    out.rows.push(
      { metric: `page JS heap after ${seconds} s vs ${FIRST_READING_S} s, MB`, kit: late.page / MB, baseline: early.page / MB, goal: drift, met: (_k, _b, r) => r < 1.1 },
      {
        metric: `MQTT worker JS heap after ${seconds} s vs ${FIRST_READING_S} s, MB`,
        kit: late.worker === undefined ? undefined : late.worker / MB,
        baseline: early.worker === undefined ? undefined : early.worker / MB,
        goal: drift,
        met: (_k, _b, r) => r < 1.1,
      },
    );
    out.notes.push(
      `flood at ${RATE.toLocaleString('en-US')} msg/s (not 20,000: see bench/scenarios/memory.ts), ${FIRST_READING_S} s then ${seconds - FIRST_READING_S} s more; ` +
        `during the long part the page drew ${(frames.frames / runSeconds).toFixed(1)} frames/s and received ${Math.round(messages.received / runSeconds)} msg/s; ` +
        `heaps read ${REST_MS / 1000} s after publishing paused, after a forced GC (CDP HeapProfiler.collectGarbage)`,
    );
  },
};
