import { Cleanup, sleep } from '../lib/cleanup.js';
import { connectNodeClient, type BenchContext } from '../lib/context.js';
import { startKitBroker } from '../lib/kit-broker.js';
import { WIRINGS, openSketch, sketchUrl, type Wiring } from '../lib/pages.js';
import { readProbe } from '../lib/probe.js';
import type { Scenario } from '../lib/report.js';
import { FRAME_MS, percentile } from '../lib/stats.js';

const PRESSES = 200;
/** A press whose message has not been drawn by then counts as lost. */
const WAIT_MS = 3000;

interface LatencyRun {
  ms: number[];
  /** Key press → message back in the page, before waiting for a frame. */
  arrival: number[];
  /** Frames counted from the key press to the frame that drew it (see probe.ts). */
  frames: number[];
  lost: number;
}

/**
 * Key press → own message back through the broker → drawn, on the hello page: 200 presses
 * of 'a', one at a time, each after a random 10–30 ms pause so presses land anywhere in a
 * frame. The page-side probe (bench/lib/probe.ts) stamps the capture-phase keydown and the
 * end of the first animation frame after the echoed `hello` message reached the sketch's
 * side of the page (kit: the worker's batch arrives, and p5's predraw drains it in that
 * frame; naive: MQTT.js's on('message') ran, which already pushed the ripple).
 */
async function measure(ctx: BenchContext, wiring: Wiring): Promise<LatencyRun> {
  const scope = new Cleanup();
  try {
    const broker = await startKitBroker(scope);
    const pinger = await connectNodeClient(broker.urls.tcp, scope);
    const [sites, browser] = await Promise.all([ctx.shared.sites(), ctx.shared.browser()]);
    const { page } = await openSketch(browser, sketchUrl(sites, wiring, 'hello', broker.wsPort), scope, async () => {
      await pinger.publishAsync('hello', 'ping');
    });
    await page.evaluate(() => {
      window.__probe!.measureLatency = true;
    });
    let lost = 0;
    for (let i = 0; i < PRESSES; i++) {
      await page.keyboard.press('a');
      try {
        // Polled by timer, not by animation frame: the probe counts every rAF callback.
        await page.waitForFunction((n) => window.__probe!.latencyMs.length >= n, i + 1 - lost, { polling: 10, timeout: WAIT_MS });
      } catch {
        lost++;
      }
      await sleep(10 + Math.random() * 20);
    }
    const probe = await readProbe(page);
    return { ms: probe.latencyMs, arrival: probe.arrivalMs, frames: probe.latencyFrames, lost };
  } finally {
    await scope.run();
  }
}

export const latencyScenario: Scenario = {
  name: 'latency',
  kit: 'the built sketches/hello page',
  baseline: 'bench/naive/hello (MQTT.js on the main thread, ripple pushed in on(\'message\'))',
  timeoutSeconds: () => 150,
  async run(ctx, out) {
    const runs: Partial<Record<Wiring, LatencyRun>> = {};
    out.details.runs = runs;
    for (const wiring of WIRINGS) {
      ctx.log(`latency: ${wiring}, ${PRESSES} key presses`);
      runs[wiring] = await measure(ctx, wiring);
    }
    const { kit, naive } = runs as Record<Wiring, LatencyRun>;
    for (const p of [50, 99]) {
      const k = percentile(kit.ms, p);
      const b = percentile(naive.ms, p);
      out.rows.push({ metric: `key → drawn, p${p}, ms`, kit: k, baseline: b });
      out.rows.push({
        metric: `key → drawn, p${p}, frames (÷ ${FRAME_MS.toFixed(1)} ms)`,
        kit: k === undefined ? undefined : k / FRAME_MS,
        baseline: b === undefined ? undefined : b / FRAME_MS,
      });
    }
    for (const p of [50, 99]) {
      out.rows.push({ metric: `key → message back in the page (before its frame), p${p}, ms`, kit: percentile(kit.arrival, p), baseline: percentile(naive.arrival, p) });
    }
    out.notes.push(
      'A message that is back in the page waits for the next frame (0–16.7 ms, at a random point of the frame for a random key press), ' +
        'so key → drawn is the round trip plus that wait; the "back in the page" rows are the round trip alone.',
    );
    out.notes.push(
      `${PRESSES} presses each, embedded broker, no other traffic; median frames counted by the probe from press to drawn: ` +
        `kit ${percentile(kit.frames, 50) ?? '—'}, naive ${percentile(naive.frames, 50) ?? '—'}`,
    );
    for (const [wiring, run] of Object.entries(runs)) {
      if (run.lost > 0) out.notes.push(`${wiring}: ${run.lost} presses never came back within ${WAIT_MS / 1000} s`);
    }
  },
};
