import { describe, expect, it } from 'vitest';
import { playTimeline, type Clock } from '../../../src/node/show/timeline.js';

/**
 * `npm run replay -- show.jsonl --loop --speed 2`: the seam between two passes is part of
 * the recording's rhythm, so it is scaled by --speed like every other gap. A recording of one
 * message a second must replay as one every 500 ms across the seam too, not with a 1 s hole
 * each time it starts over (or, at --speed 0.5, a burst).
 */
function fakeClock(): Clock {
  let now = 0;
  return { now: () => now, sleep: async (ms) => void (now += ms) };
}

/** Every item's play time on the fake clock, pass after pass, for `passes` passes. */
async function loopTimes(times: number[], speed: number, passes: number): Promise<number[]> {
  const clock = fakeClock();
  const abort = new AbortController();
  const at: number[] = [];
  await playTimeline(
    () => times.map((ms) => ({ ms })),
    { speed, loop: true, signal: abort.signal, clock },
    () => at.push(clock.now()),
    (summary) => summary.pass >= passes && abort.abort(),
  );
  return at;
}

const gaps = (at: number[]) => at.slice(1).map((t, i) => t - at[i]!);

describe('a looping replay keeps its rhythm across the seam at any --speed', () => {
  // A message a second for 4 s (times as recorded, from an arbitrary start).
  const recording = [60_000, 61_000, 62_000, 63_000];

  it.each([
    [2, 500],
    [4, 250],
    [0.5, 2000],
  ])('at --speed %s every gap, the seam included, is %s ms', async (speed, gap) => {
    const at = await loopTimes(recording, speed, 3);
    expect(at).toHaveLength(12);
    expect(gaps(at)).toEqual(Array(11).fill(gap));
  });
});
