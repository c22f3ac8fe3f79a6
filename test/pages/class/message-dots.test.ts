import { describe, expect, it } from 'vitest';
import type { Flow } from '../../../src/pages/class/graph-model.js';
import { clientKey, LEG_MS, MessageDots, topicKey } from '../../../src/pages/class/message-dots.js';

const positions = new Map([
  [clientKey('pub'), { x: 0, y: 0 }],
  [topicKey('hello'), { x: 100, y: 0 }],
  [topicKey('#'), { x: 100, y: 100 }],
  [clientKey('sub'), { x: 200, y: 0 }],
  [clientKey('wild'), { x: 100, y: 200 }],
]);
const at = (key: string) => positions.get(key);
const flow = (count: number, routes: Flow['routes'] = []): Flow => ({ publisherId: 'pub', topic: 'hello', count, ms: 250, routes });

describe('MessageDots', () => {
  it('sends a message from the publisher to its topic, then on to each subscriber, through a wildcard filter where it matched', () => {
    const dots = new MessageDots();
    dots.spawn([flow(1, [{ filter: 'hello', subscriberId: 'sub' }, { filter: '#', subscriberId: 'wild' }])], 0);
    expect(dots.place(LEG_MS / 2, at)).toEqual([{ x: 50, y: 0, weight: 1, publisherId: 'pub' }]);
    // The publisher's dot arrived; the deliveries are half way along their first line.
    expect(dots.place(LEG_MS * 1.5, at).map(({ x, y }) => [x, y])).toEqual([[150, 0], [100, 50]]);
    expect(dots.place(LEG_MS * 2.5, at).map(({ x, y }) => [x, y])).toEqual([[100, 150]]);
    expect(dots.place(LEG_MS * 3, at)).toEqual([]);
    expect(dots.size).toBe(0);
  });

  it('spreads a batch over its interval and merges a flood into fewer, heavier dots', () => {
    const dots = new MessageDots();
    dots.spawn([flow(1000)], 0);
    const placed = dots.place(LEG_MS - 1, at);
    expect(placed.length).toBeGreaterThan(1);
    expect(placed.length).toBeLessThanOrEqual(24);
    expect(placed.reduce((sum, dot) => sum + dot.weight, 0)).toBeCloseTo(1000);
  });

  it('never holds more than its bound, however much arrives', () => {
    const dots = new MessageDots(50);
    const routes = Array.from({ length: 30 }, (_, i) => ({ filter: '#', subscriberId: `s${i}` }));
    for (let i = 0; i < 100; i++) dots.spawn([flow(500, routes), { ...flow(10), topic: `t${i}` }], i * 10);
    expect(dots.size).toBeLessThanOrEqual(50);
    expect(dots.merged).toBeGreaterThan(0);
  });

  it('drops a dot whose node went away', () => {
    const dots = new MessageDots();
    dots.spawn([flow(1, [{ filter: 'hello', subscriberId: 'gone' }])], 0);
    expect(dots.place(LEG_MS * 1.5, at)).toEqual([]);
    expect(dots.size).toBe(0);
  });
});
