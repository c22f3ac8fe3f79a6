import { describe, expect, it } from 'vitest';
import { playTimeline, type Clock, type PassSummary } from '../../../src/node/show/timeline.js';

/**
 * `npm run replay -- --loop` prints a line per pass from this summary: how many messages and
 * how long the pass took. Each pass is timed from its own start, not from the replay's.
 */
describe('playTimeline pass summaries', () => {
  it('times every pass of a loop from its own start', async () => {
    let now = 0;
    const clock: Clock = { now: () => now, sleep: async (ms) => void (now += ms) };
    const abort = new AbortController();
    const passes: PassSummary[] = [];
    await playTimeline(() => [0, 500, 1000, 1500].map((ms) => ({ ms })), { speed: 1, loop: true, signal: abort.signal, clock }, () => {}, (summary) => {
      passes.push(summary);
      if (summary.pass === 3) abort.abort();
    });
    expect(passes).toEqual([1, 2, 3].map((pass) => ({ pass, items: 4, ms: 1500 })));
  });
});
