import { describe, expect, it } from 'vitest';
import { MAX_CATCH_UP_MS, MIN_PASS_MS, playTimeline, realClock, type Clock, type PassSummary } from '../../../src/node/show/timeline.js';

/** A clock that moves only when slept on, each sleep overshooting by `oversleep` ms. */
function fakeClock(oversleep = 0): Clock & { advance(ms: number): void } {
  let now = 0;
  return {
    now: () => now,
    sleep: async (ms) => {
      now += ms + oversleep;
    },
    advance: (ms) => {
      now += ms;
    },
  };
}

const items = (...times: number[]) => times.map((ms, index) => ({ ms, index }));

/** When each item was played, on the fake clock, as [pass, index, time]. */
async function playTimes(times: number[], options: { speed?: number; loop?: boolean; passes?: number; clock?: Clock; onPlay?: (index: number) => void } = {}) {
  const clock = options.clock ?? fakeClock();
  const abort = new AbortController();
  const played: [number, number, number][] = [];
  const passes: PassSummary[] = [];
  await playTimeline(
    () => items(...times),
    { speed: options.speed ?? 1, loop: options.loop ?? false, signal: abort.signal, clock },
    (item, pass) => {
      played.push([pass, item.index, clock.now()]);
      options.onPlay?.(item.index);
    },
    (summary) => {
      passes.push(summary);
      if (summary.pass >= (options.passes ?? 1)) abort.abort();
    },
  );
  return { played, passes };
}

describe('playTimeline', () => {
  it('plays items in order at their times from the first, scaled by speed', async () => {
    const { played } = await playTimes([1000, 1100, 1500, 3000], { speed: 2 });
    expect(played).toEqual([[1, 0, 0], [1, 1, 50], [1, 2, 250], [1, 3, 1000]]);
  });

  it('does not drift when every timer fires late: each time counts from the start, not from the item before', async () => {
    const times = Array.from({ length: 100 }, (_, i) => i * 10);
    const { played } = await playTimes(times, { clock: fakeClock(3) });
    // Chained timeouts would end 99 × 3 ms late.
    expect(played.at(-1)![2]).toBe(990 + 3);
  });

  it(`catches up a little lateness, but after a long stall carries on at the recorded spacing instead of bursting`, async () => {
    const clock = fakeClock();
    const times = Array.from({ length: 20 }, (_, i) => i * 100);
    // Item 3's handler takes 20 ms (caught up); item 8's takes 1 s, as a paused machine.
    const { played } = await playTimes(times, { clock, onPlay: (index) => clock.advance(index === 3 ? 20 : index === 8 ? 1000 : 0) });
    expect(played[4]![2]).toBe(400);
    const gaps = played.slice(9).map(([, , at], i) => at - played[8 + i]![2]);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(100 - MAX_CATCH_UP_MS);
    // Item 9 was due 100 ms after item 8 and goes out as soon as the stall ends: the rest
    // of the recording is 900 ms later than planned, not squeezed in.
    expect(played[9]![2]).toBe(800 + 1000);
    expect(played.at(-1)![2]).toBe(1900 + 900);
  });

  it('plays an item timed before its predecessor right after it, keeping file order', async () => {
    const { played } = await playTimes([0, 100, 50, 200]);
    expect(played.map(([, index, at]) => [index, at])).toEqual([[0, 0], [1, 100], [2, 100], [3, 200]]);
  });

  it('loops with one average spacing between the last item and the next pass', async () => {
    const { played, passes } = await playTimes([0, 500, 1000, 1500], { loop: true, passes: 2 });
    expect(played.map(([pass, , at]) => [pass, at])).toEqual([[1, 0], [1, 500], [1, 1000], [1, 1500], [2, 2000], [2, 2500], [2, 3000], [2, 3500]]);
    expect(passes.map((p) => [p.pass, p.items])).toEqual([[1, 4], [2, 4]]);
  });

  it(`starts passes at least ${MIN_PASS_MS} ms apart, so a one-message or one-burst recording never becomes a flood`, async () => {
    for (const times of [[0], [7, 7, 7]]) {
      const { played } = await playTimes(times, { loop: true, passes: 4, speed: 10 });
      const starts = [1, 2, 3, 4].map((pass) => played.find(([p]) => p === pass)![2]);
      expect(starts).toEqual([0, MIN_PASS_MS, 2 * MIN_PASS_MS, 3 * MIN_PASS_MS]);
    }
  });

  it('ends a loop whose pass has nothing to play', async () => {
    const { passes } = await playTimes([], { loop: true, passes: 1000 });
    expect(passes).toEqual([{ pass: 1, items: 0, ms: 0 }]);
  });

  it('stops at once when aborted during a long wait', async () => {
    const abort = new AbortController();
    const played: number[] = [];
    const started = performance.now();
    setTimeout(() => abort.abort(), 30);
    await playTimeline(() => items(0, 60_000), { speed: 1, loop: false, signal: abort.signal, clock: realClock }, (item) => played.push(item.index));
    expect(played).toEqual([0]);
    expect(performance.now() - started).toBeLessThan(5000);
  });
});
