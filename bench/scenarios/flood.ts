import { Cleanup, sleep } from '../lib/cleanup.js';
import { connectNodeClient, type BenchContext } from '../lib/context.js';
import { startKitBroker } from '../lib/kit-broker.js';
import { startMosquittoBroker } from '../lib/mosquitto-broker.js';
import { WIRINGS, openSketch, recordWeight, sketchUrl, type PageWeight, type SketchName, type Wiring } from '../lib/pages.js';
import { prepareFrozenRead } from '../lib/probe.js';
import type { Scenario } from '../lib/report.js';

export const SKETCH_TOPICS: Record<SketchName, string[]> = {
  hello: ['hello'],
  sensors: ['temperatura', 'umidade', 'luminosidade'],
};

/** Messages still on their way when publishing stops count if they reach the page this soon after. */
const GRACE_MS = 2000;

export interface FloodOptions {
  rate: number;
  seconds: number;
  connections: number;
}

export interface FloodRun {
  fps: number;
  maxFrameGapMs: number;
  published: number;
  publishRate: number;
  /** Reached the sketch: naive = its on('message') ran; kit = arrived from the worker, less what its queue limit dropped. */
  delivered: number;
  /** Kit only: arrived from the worker (before the client's queue limit). */
  arrived: number;
  stalledTicks: number;
  problems: string[];
  /** CPU seconds the broker process used during the flood and grace period. */
  brokerCpuSeconds?: number;
  /** Set when the broker died under the flood: what it said. */
  brokerCrash?: string;
  /** Set when a publisher connection closed during the flood. */
  lost?: string;
}

/**
 * One sketch page under a flood: a fresh embedded broker, the page connected and
 * subscribed, then the publishers' child process pushes `rate` msg/s of "42.5" over 4 TCP
 * connections for `seconds`. Frames are counted in the page between the publisher's first
 * and last message (wall clock on both sides).
 */
export async function floodSketch(
  ctx: BenchContext,
  sketch: SketchName,
  wiring: Wiring,
  options: FloodOptions,
  via: 'kit' | 'mosquitto' = 'kit',
): Promise<FloodRun> {
  const scope = new Cleanup();
  try {
    const topics = SKETCH_TOPICS[sketch];
    const broker = await (via === 'kit' ? startKitBroker(scope) : startMosquittoBroker(scope));
    const pinger = await connectNodeClient(broker.urls.tcp, scope);
    const [sites, browser] = await Promise.all([ctx.shared.sites(), ctx.shared.browser()]);
    let weigh: (() => Promise<PageWeight>) | undefined;
    const { page, problems } = await openSketch(browser, sketchUrl(sites, wiring, sketch, broker.wsPort), scope, async () => {
      await pinger.publishAsync(topics[0]!, '50');
    }, (opened) => (weigh = recordWeight(opened)));
    // The weight scenario reads what this page load fetched instead of loading it again.
    if (!ctx.shared.weights.has(`${wiring}/${sketch}`)) ctx.shared.weights.set(`${wiring}/${sketch}`, await weigh!());
    const readFrozen = await prepareFrozenRead(page);
    ctx.log(`flood: ${sketch} ${wiring} via ${via}: page ready`);
    const cpuBefore = broker.cpuSeconds();
    const flood = await ctx.shared.publisher().flood({ url: broker.urls.tcp, topics, payload: '42.5', ...options });
    await sleep(GRACE_MS);
    const cpuAfter = broker.cpuSeconds();
    const brokerCrash = broker.crash();
    // Nothing sent after this counts; the broker's backlog goes, and the page is read paused.
    await broker.kill();
    ctx.log(`flood: ${sketch} ${wiring} via ${via}: published ${Math.round(flood.sent / flood.seconds)} msg/s; reading the page`);
    const { frames: { frames, maxGapMs }, messages } = await readFrozen({ from: flood.startedAt, to: flood.endedAt, graceTo: flood.endedAt + GRACE_MS });
    return {
      fps: frames / ((flood.endedAt - flood.startedAt) / 1000),
      maxFrameGapMs: maxGapMs,
      published: flood.sent,
      publishRate: flood.sent / flood.seconds,
      delivered: messages.received - messages.dropped,
      arrived: messages.received,
      stalledTicks: flood.stalledTicks,
      problems,
      ...(cpuBefore !== undefined && cpuAfter !== undefined ? { brokerCpuSeconds: cpuAfter - cpuBefore } : {}),
      ...(brokerCrash ? { brokerCrash } : {}),
      ...(flood.lost ? { lost: flood.lost } : {}),
    };
  } finally {
    await scope.run();
  }
}

const FLOOD: FloodOptions = { rate: 20_000, seconds: 10, connections: 4 };

export const floodScenario: Scenario = {
  name: 'flood',
  kit: 'the built sketches/hello and sketches/sensors pages (MQTT.js in a Web Worker, one batch per frame)',
  baseline: "bench/naive pages: MQTT.js on the main thread, the work done in on('message'), same drawing",
  timeoutSeconds: () => 240,
  async run(ctx, out) {
    out.notes.push(
      `${FLOOD.rate.toLocaleString('en-US')} msg/s of "42.5" for ${FLOOD.seconds} s from ${FLOOD.connections} TCP connections in a child process, embedded broker, ` +
        `pages built by vite build and served statically; "delivered" counts messages that reach the page up to ${GRACE_MS / 1000} s after publishing stops. ` +
        'The "via mosquitto" rows repeat the hello flood with mosquitto as the broker, to separate what the pages can take from what the embedded broker sends.',
    );
    for (const sketch of ['hello', 'sensors'] as const) {
      const runs: Partial<Record<Wiring, FloodRun>> = {};
      out.details[sketch] = runs;
      for (const wiring of WIRINGS) {
        ctx.log(`flood: ${sketch}, ${wiring}, ${FLOOD.rate} msg/s for ${FLOOD.seconds} s`);
        runs[wiring] = await floodSketch(ctx, sketch, wiring, FLOOD);
      }
      const { kit, naive } = runs as Record<Wiring, FloodRun>;
      out.rows.push(
        { metric: `${sketch}: frames/s during the flood`, kit: kit.fps, baseline: naive.fps, goal: 'kit ≥ 55 and ≥ 3×', met: (k, _b, r) => k >= 55 && r >= 3 },
        { metric: `${sketch}: longest frame gap, ms`, kit: kit.maxFrameGapMs, baseline: naive.maxFrameGapMs },
        { metric: `${sketch}: messages delivered to the sketch, /s`, kit: kit.delivered / FLOOD.seconds, baseline: naive.delivered / FLOOD.seconds },
        { metric: `${sketch}: not delivered (published − delivered)`, kit: kit.published - kit.delivered, baseline: naive.published - naive.delivered },
        { metric: `${sketch}: publish rate achieved, msg/s`, kit: kit.publishRate, baseline: naive.publishRate },
      );
      for (const [wiring, run] of Object.entries(runs)) out.notes.push(...floodNotes(`${sketch} ${wiring}`, run));
    }
    // The same hello flood through mosquitto: what the pages do when the broker is not the limit.
    const viaMosquitto: Partial<Record<Wiring, FloodRun>> = {};
    out.details['hello via mosquitto'] = viaMosquitto;
    for (const wiring of WIRINGS) {
      ctx.log(`flood: hello via mosquitto, ${wiring}`);
      viaMosquitto[wiring] = await floodSketch(ctx, 'hello', wiring, FLOOD, 'mosquitto');
    }
    const { kit, naive } = viaMosquitto as Record<Wiring, FloodRun>;
    out.rows.push(
      { metric: 'hello via mosquitto: frames/s during the flood', kit: kit.fps, baseline: naive.fps },
      { metric: 'hello via mosquitto: messages delivered to the sketch, /s', kit: kit.delivered / FLOOD.seconds, baseline: naive.delivered / FLOOD.seconds },
    );
    for (const [wiring, run] of Object.entries(viaMosquitto)) out.notes.push(...floodNotes(`hello via mosquitto ${wiring}`, run));
  },
};

/** What a reader should know about one run beyond its figures. */
export function floodNotes(label: string, run: FloodRun): string[] {
  const notes: string[] = [];
  if (run.brokerCrash) notes.push(`${label}: **the embedded broker crashed** during the flood: ${run.brokerCrash}`);
  if (run.lost) notes.push(`${label}: ${run.lost}`);
  if (run.stalledTicks > 0) notes.push(`${label}: the publishers were held back by full sockets ${run.stalledTicks} times`);
  if (run.arrived !== run.delivered) notes.push(`${label}: ${run.arrived - run.delivered} messages dropped by the kit client's 10,000-message queue limit`);
  const distinct = [...new Set(run.problems.map((p) => p.replace(/\d+/g, 'N')))];
  if (distinct.length > 0) notes.push(`${label} page said: ${distinct.slice(0, 3).join(' / ')}`);
  return notes;
}
