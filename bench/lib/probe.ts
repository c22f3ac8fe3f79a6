import type { Page } from 'playwright-core';
import { withTimeout } from './cleanup.js';

/**
 * A page-side meter, installed before any page script runs (`page.addInitScript`), that
 * measures kit and naive pages the same way without touching their code paths:
 *
 * - Frames: it wraps `requestAnimationFrame`, so every callback the page asks for (p5's
 *   draw loop) is counted once per distinct frame timestamp. No p5 internals.
 * - Messages: the naive sketch calls `__probe.message(topic)` from its own `on('message')`.
 *   The kit's client lives in a Web Worker, so the probe wraps `window.Worker` and counts the
 *   `{ type: 'packed', topics, topicOf, … }` batches the worker posts to the page (the kit's
 *   worker protocol, src/mqtt/worker/packed-messages.ts). The kit's page-side client keeps at most
 *   `maxQueue` messages between two frames and drops the oldest beyond that; it drains all
 *   of them in p5's predraw, inside the rAF callback. The probe replays that rule to count
 *   what the client dropped, since the client's own stats are not reachable from outside.
 * - Latency (only when `measureLatency` is on): a capture-phase `keydown` listener on window,
 *   registered before the page's own, stamps `performance.now()`. When the message on
 *   `hello` comes back (kit: the worker batch that contains it reaches the page; naive: its
 *   `on('message')`), the next rAF callback is the frame that draws it — the kit drains in
 *   that callback's predraw, the naive sketch pushed its ripple already — and the probe
 *   stamps the time right after that callback returns, i.e. once the frame is drawn.
 */
export interface PageProbe {
  frames: number;
  /** performance.now() at the last reset. */
  since: number;
  /** Longest gap between two counted frames since the last reset, ms. */
  maxFrameGapMs: number;
  /** Messages that reached the sketch's side of the page (see above). */
  received: number;
  /** Kit: worker batches; naive: equal to `received`. */
  batches: number;
  /** Kit: messages its client's queue limit must have dropped; naive: always 0. */
  modelDropped: number;
  connected: boolean;
  measureLatency: boolean;
  latencyMs: number[];
  /** Key press → its message back on the sketch's side of the page (before the frame), ms. */
  arrivalMs: number[];
  /** Frames counted between the key press and the frame that drew its message. */
  latencyFrames: number[];
  message(topic: string): void;
  connect(): void;
  reset(): void;
  /** Frames drawn between two wall-clock times (ms since 1970, as Node's clock), and the longest gap. */
  framesBetween(from: number, to: number): { frames: number; maxGapMs: number };
  /** Messages received (and, kit, dropped by its queue limit) between two wall-clock times, to 100 ms. */
  messagesBetween(from: number, to: number): { received: number; dropped: number };
}

type ProbeMethods = 'message' | 'connect' | 'reset' | 'framesBetween' | 'messagesBetween';
export type ProbeSnapshot = Omit<PageProbe, ProbeMethods> & { now: number };

declare global {
  interface Window {
    __probe?: PageProbe;
  }
}

/** The init script itself: runs in the page, so it may use nothing from this module. */
function installProbe(maxQueue: number): void {
  let keyAt: number | undefined;
  let frameAtKey = 0;
  let arrivedAt: number | undefined;
  let lastFrameTimestamp = -1;
  let lastFrameAt: number | undefined;
  let queued = 0;
  // Wall-clock times of the last frames, preallocated so that counting never grows the heap
  // the memory scenario measures: 65,536 frames is 18 minutes at 60 fps (enough for --long).
  const frameTimes = new Float64Array(65_536);
  let frameIndex = 0;
  const wallClock = () => performance.timeOrigin + performance.now();
  // Messages per 100 ms of wall clock, so counts can be cut at a given time even when the
  // page is read later (a flooded page may answer seconds late). Preallocated: 819 s.
  const BUCKET_MS = 100;
  const bucketIds = new Float64Array(8192).fill(-1);
  const receivedIn = new Int32Array(bucketIds.length);
  const droppedIn = new Int32Array(bucketIds.length);
  const countIn = (counts: Int32Array, n: number) => {
    const id = Math.floor(wallClock() / BUCKET_MS);
    const i = id % bucketIds.length;
    if (bucketIds[i] !== id) {
      bucketIds[i] = id;
      receivedIn[i] = 0;
      droppedIn[i] = 0;
    }
    counts[i]! += n;
  };

  const arrived = (topic: string) => {
    probe.received++;
    countIn(receivedIn, 1);
    if (keyAt !== undefined && arrivedAt === undefined && topic === 'hello') arrivedAt = performance.now();
  };

  const probe: PageProbe = {
    frames: 0,
    since: performance.now(),
    maxFrameGapMs: 0,
    received: 0,
    batches: 0,
    modelDropped: 0,
    connected: false,
    measureLatency: false,
    latencyMs: [],
    arrivalMs: [],
    latencyFrames: [],
    message(topic) {
      probe.batches++;
      arrived(topic);
    },
    connect() {
      probe.connected = true;
    },
    reset() {
      Object.assign(probe, { frames: 0, since: performance.now(), maxFrameGapMs: 0, received: 0, batches: 0, modelDropped: 0 });
      lastFrameAt = undefined;
    },
    framesBetween(from, to) {
      let frames = 0;
      let maxGapMs = 0;
      let previous = from;
      const oldest = Math.max(0, frameIndex - frameTimes.length);
      for (let i = oldest; i < frameIndex; i++) {
        const at = frameTimes[i % frameTimes.length]!;
        if (at < from || at > to) continue;
        frames++;
        maxGapMs = Math.max(maxGapMs, at - previous);
        previous = at;
      }
      return { frames, maxGapMs: Math.max(maxGapMs, to - previous) };
    },
    messagesBetween(from, to) {
      let received = 0;
      let dropped = 0;
      for (let id = Math.floor(from / BUCKET_MS); id <= Math.floor(to / BUCKET_MS); id++) {
        const i = id % bucketIds.length;
        if (bucketIds[i] !== id) continue;
        received += receivedIn[i]!;
        dropped += droppedIn[i]!;
      }
      return { received, dropped };
    },
  };
  window.__probe = probe;

  const nativeRaf = window.requestAnimationFrame.bind(window);
  window.requestAnimationFrame = (callback) =>
    nativeRaf((timestamp) => {
      callback(timestamp);
      const now = performance.now();
      if (timestamp !== lastFrameTimestamp) {
        lastFrameTimestamp = timestamp;
        probe.frames++;
        if (lastFrameAt !== undefined) probe.maxFrameGapMs = Math.max(probe.maxFrameGapMs, now - lastFrameAt);
        lastFrameAt = now;
        frameTimes[frameIndex++ % frameTimes.length] = wallClock();
      }
      // The kit's addon drained its client's whole queue in this callback's predraw.
      queued = 0;
      if (arrivedAt !== undefined && keyAt !== undefined) {
        probe.latencyMs.push(now - keyAt);
        probe.arrivalMs.push(arrivedAt - keyAt);
        probe.latencyFrames.push(probe.frames - frameAtKey);
        keyAt = arrivedAt = undefined;
      }
    });

  window.addEventListener('keydown', () => {
    if (!probe.measureLatency) return;
    keyAt = performance.now();
    frameAtKey = probe.frames;
    arrivedAt = undefined;
  }, { capture: true });

  const onWorkerEvent = (data: unknown) => {
    const event = data as { type?: unknown; topics?: string[]; topicOf?: Uint32Array } | null;
    if (event?.type === 'connected') probe.connected = true;
    if (event?.type !== 'packed' || !event.topics || !event.topicOf) return;
    probe.batches++;
    for (const index of event.topicOf) arrived(event.topics[index]!);
    queued += event.topicOf.length;
    if (queued > maxQueue) {
      probe.modelDropped += queued - maxQueue;
      countIn(droppedIn, queued - maxQueue);
      queued = maxQueue;
    }
  };
  const NativeWorker = window.Worker;
  window.Worker = class CountingWorker extends NativeWorker {
    constructor(url: string | URL, options?: WorkerOptions) {
      super(url, options);
      this.addEventListener('message', (event: MessageEvent) => onWorkerEvent(event.data));
    }
  };
}

/** The kit client's queue limit (MAX_QUEUE in src/mqtt/client.ts, not exported). */
const KIT_MAX_QUEUE = 10_000;

/** Adds the probe to every document `page` loads from now on. Call before `goto`. */
export async function addProbe(page: Page): Promise<void> {
  // tsx compiles with esbuild's keepNames, which wraps functions in a `__name(…)` helper;
  // functions serialised into the page (init scripts, evaluate) need it defined there too.
  await page.addInitScript({ content: 'globalThis.__name = (fn) => fn;' });
  await page.addInitScript(installProbe, KIT_MAX_QUEUE);
}

export function readProbe(page: Page): Promise<ProbeSnapshot> {
  return page.evaluate(() => {
    const probe = window.__probe;
    if (!probe) throw new Error('the bench probe is not installed in this page');
    const { message: _m, connect: _c, reset: _r, framesBetween: _f, messagesBetween: _b, ...data } = probe;
    return { ...data, latencyMs: [...data.latencyMs], arrivalMs: [...data.arrivalMs], latencyFrames: [...data.latencyFrames], now: performance.now() };
  });
}

export function framesBetween(page: Page, from: number, to: number): Promise<{ frames: number; maxGapMs: number }> {
  return page.evaluate(([a, b]) => window.__probe!.framesBetween(a, b), [from, to] as const);
}

export function messagesBetween(page: Page, from: number, to: number): Promise<{ received: number; dropped: number }> {
  return page.evaluate(([a, b]) => window.__probe!.messagesBetween(a, b), [from, to] as const);
}

/**
 * Returns a function that stops the page's JavaScript where it is (CDP Debugger.pause) and
 * reads the probe there. A flooded naive page has seconds of messages queued in Chromium and
 * the kernel even after the broker is gone, and `page.evaluate` waits behind all of them;
 * the debugger interrupts the running script instead, so the read is prompt and nothing is
 * counted after it. Call this while the page is idle (enabling the debugger is not prompt);
 * the page is left paused, so read it last and then close it.
 */
export async function prepareFrozenRead(page: Page): Promise<(span: { from: number; to: number; graceTo: number }) => Promise<FrozenReading>> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Debugger.enable');
  return async ({ from, to, graceTo }) => {
    const paused = new Promise<string>((resolve) => cdp.once('Debugger.paused', (event) => resolve(event.callFrames[0]!.callFrameId)));
    await cdp.send('Debugger.pause');
    const callFrameId = await withTimeout(paused, 20_000, 'pausing the page to read it');
    const expression = `JSON.stringify({ frames: window.__probe.framesBetween(${from}, ${to}), messages: window.__probe.messagesBetween(${from - 100}, ${graceTo}) })`;
    const { result, exceptionDetails } = await cdp.send('Debugger.evaluateOnCallFrame', { callFrameId, expression, returnByValue: true });
    if (exceptionDetails) throw new Error(`reading the paused page failed: ${exceptionDetails.text}`);
    return JSON.parse(result.value as string) as FrozenReading;
  };
}

export interface FrozenReading {
  frames: { frames: number; maxGapMs: number };
  messages: { received: number; dropped: number };
}

export function resetProbe(page: Page): Promise<void> {
  return page.evaluate(() => window.__probe?.reset());
}
