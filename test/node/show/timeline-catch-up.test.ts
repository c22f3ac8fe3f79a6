import { describe, expect, it } from 'vitest';
import { MAX_CATCH_UP_MS, playTimeline, type Clock } from '../../../src/node/show/timeline.js';

/**
 * A replay a little behind (a slow handler, a busy machine) sends what is due at once and
 * stays on the recorded schedule; only beyond MAX_CATCH_UP_MS does it shift the schedule.
 * An item due now goes out without waiting on a timer, which on a loaded machine would add
 * its own delay to every item of a burst.
 */
function fakeClock(oversleep = 0) {
  let now = 0;
  return {
    now: () => now,
    sleep: async (ms: number) => void (now += ms + oversleep),
    advance: (ms: number) => void (now += ms),
  } satisfies Clock & { advance(ms: number): void };
}

async function playedAt(times: number[], clock: ReturnType<typeof fakeClock>, handlerMs: (index: number) => number = () => 0) {
  const at: number[] = [];
  const abort = new AbortController();
  await playTimeline(() => times.map((ms, index) => ({ ms, index })), { speed: 1, loop: false, signal: abort.signal, clock }, (item) => {
    at.push(clock.now());
    clock.advance(handlerMs(item.index));
  });
  return at;
}

describe('playTimeline a little behind schedule', () => {
  it('catches up 20 ms of lateness and keeps the recorded times after it', async () => {
    // The first handler takes 30 ms: items 1 and 2 are 20 and 10 ms late.
    expect(await playedAt([0, 10, 20, 100], fakeClock(), (i) => (i === 0 ? 30 : 0))).toEqual([0, 30, 30, 100]);
  });

  it(`catches up exactly ${MAX_CATCH_UP_MS} ms, and shifts the schedule only beyond`, async () => {
    const late = (by: number) => playedAt([0, 10, 110], fakeClock(), (i) => (i === 0 ? 10 + by : 0));
    expect(await late(MAX_CATCH_UP_MS)).toEqual([0, 10 + MAX_CATCH_UP_MS, 110]);
    expect(await late(MAX_CATCH_UP_MS + 1)).toEqual([0, 10 + MAX_CATCH_UP_MS + 1, 110 + MAX_CATCH_UP_MS + 1]);
  });

  it('sends items due now without a timer, even on a clock whose timers fire late', async () => {
    expect(await playedAt([0, 0, 0], fakeClock(3))).toEqual([0, 0, 0]);
  });
});
