import { describe, expect, it } from 'vitest';
import { DecayingRate } from '../../../src/pages/class/decaying-rate.js';

describe('DecayingRate', () => {
  it('reads a steady rate as that rate, and fades to zero in silence', () => {
    const rate = new DecayingRate();
    // 10 msg/s as the feed sends it: 2–3 messages every 250 ms, for 20 s.
    for (let t = 0; t <= 20_000; t += 250) rate.add(2.5, t);
    // Read right after a batch, it peaks a little above the true rate (half a batch's worth).
    expect(rate.perSecond(20_000)).toBeGreaterThan(9.5);
    expect(rate.perSecond(20_000)).toBeLessThan(11);
    expect(rate.perSecond(20_125)).toBeCloseTo(10, 0);
    expect(rate.perSecond(22_000)).toBeLessThan(4);
    expect(rate.perSecond(40_000)).toBe(0);
  });

  it('is zero before anything arrives, and never goes back in time', () => {
    const rate = new DecayingRate();
    expect(rate.perSecond(0)).toBe(0);
    rate.add(4, 1000);
    expect(rate.perSecond(500)).toBe(rate.perSecond(1000));
  });
});
