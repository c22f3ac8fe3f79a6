import { describe, expect, it } from 'vitest';
import { KickLoopDetector } from '../../src/mqtt/kick-loop.js';

describe('KickLoopDetector', () => {
  it('fires on the third short-lived connection within the window', () => {
    const d = new KickLoopDetector();
    const lives = [0, 1000, 2000];
    const verdicts = lives.map((t) => (d.connected(t), d.closed(t + 800)));
    expect(verdicts).toEqual([false, false, true]);
  });

  it('ignores connections that lived long (a broker restart is not a kick loop)', () => {
    const d = new KickLoopDetector();
    const verdicts = [0, 10_000, 20_000, 30_000].map((t) => (d.connected(t), d.closed(t + 5000)));
    expect(verdicts.some(Boolean)).toBe(false);
  });

  it('forgets short lives older than the window, and everything on reset', () => {
    const d = new KickLoopDetector();
    d.connected(0);
    d.closed(100);
    d.connected(200);
    d.closed(300);
    d.connected(60_000);
    expect(d.closed(60_100)).toBe(false);
    d.reset();
    d.connected(60_200);
    expect(d.closed(60_300)).toBe(false);
  });

  it('does not count a close without a connection (a failed attempt)', () => {
    const d = new KickLoopDetector();
    expect([d.closed(1), d.closed(2), d.closed(3)]).toEqual([false, false, false]);
  });
});
