import { setTimeout as sleep } from 'node:timers/promises';

/** Time as a timeline sees it; tests pass a fake one that moves only when slept. */
export interface Clock {
  /** Milliseconds, monotonic. */
  now(): number;
  /** Resolves after `ms`, or early once `signal` aborts. */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
}

export const realClock: Clock = {
  now: () => performance.now(),
  sleep: (ms, signal) => sleep(ms, undefined, { signal }).catch(() => {}),
};

/**
 * How far behind schedule a timeline may be and still catch up; later than this it carries
 * on from where it is. Catching up means sending what was due in one burst, so this is the
 * most of the recording ever sent faster than recorded × speed.
 */
export const MAX_CATCH_UP_MS = 50;
/** Two passes of a loop start at least this far apart, however short the recording. */
export const MIN_PASS_MS = 1000;

export interface TimelineOptions {
  /** 2 plays twice as fast; 0.5 at half speed. */
  speed: number;
  /** Play again from the start after the last item, until `signal` aborts. */
  loop: boolean;
  signal: AbortSignal;
  clock?: Clock;
}

/** What one pass played: how many items and how long it took on the clock. */
export interface PassSummary {
  pass: number;
  items: number;
  ms: number;
}

/**
 * Plays timed items at their times, scaled by `speed`: the first at once, each next one
 * `(its ms − the first's ms) / speed` after the pass started. Each time is reckoned from the
 * pass's start, not from the item before, so timer delays never add up into drift. Items
 * are played in their order; one whose time is earlier than its predecessor's goes right
 * after it. `items` is called once per pass, so a long recording is read as it plays
 * instead of held in memory. A loop's next pass begins one average spacing after the last
 * item (so the rate stays the recorded one across the seam) and at least `MIN_PASS_MS`
 * after the pass before began. A pass with no items ends the timeline.
 *
 * @example
 * await playTimeline(() => readRecording(file), { speed: 2, loop: false, signal }, (m) => publish(m));
 */
export async function playTimeline<T extends { ms: number }>(
  items: () => AsyncIterable<T> | Iterable<T>,
  options: TimelineOptions,
  play: (item: T, pass: number) => void,
  onPass: (summary: PassSummary) => void = () => {},
): Promise<void> {
  const { speed, signal } = options;
  const clock = options.clock ?? realClock;
  let start = clock.now();
  for (let pass = 1; !signal.aborted; pass++) {
    const passStart = start;
    let origin: number | undefined;
    let offset = 0;
    let count = 0;
    for await (const item of items()) {
      if (signal.aborted) return;
      origin ??= item.ms;
      offset = Math.max(offset, item.ms - origin);
      const due = start + offset / speed;
      const late = clock.now() - due;
      if (late < 0) await clock.sleep(-late, signal);
      // Far behind (a busy machine, a paused laptop): shift the schedule rather than send
      // the backlog in one burst.
      else if (late > MAX_CATCH_UP_MS) start += late;
      if (signal.aborted) return;
      play(item, pass);
      count++;
    }
    onPass({ pass, items: count, ms: clock.now() - passStart });
    if (!options.loop || count === 0) return;
    const spacing = count > 1 ? offset / (count - 1) : 0;
    start = Math.max(start + (offset + spacing) / speed, passStart + MIN_PASS_MS);
  }
}
