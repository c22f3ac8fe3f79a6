import { describe, expect, it } from 'vitest';
import { sketchOf } from '../../src/p5/sketch-connections.js';

describe('sketchOf: the one key a sketch\'s connections are kept under', () => {
  const running = { name: 'the global-mode sketch' };
  const other = { name: 'an instance sketch' };

  it('is the instance itself when a hook or method gets the instance (p5 2.x, instance mode, bound globals)', () => {
    expect(sketchOf(other, { instance: running })).toBe(other);
    expect(sketchOf(running, { instance: running })).toBe(running);
  });

  it("is p5.instance when p5 1.x calls a 'pre' hook with this = window in global mode", () => {
    expect(sketchOf(globalThis, { instance: running })).toBe(running);
    expect(sketchOf(undefined, { instance: running })).toBe(running);
  });

  it('stays window when no global-mode sketch runs, so nothing is found rather than another sketch', () => {
    expect(sketchOf(globalThis, { instance: null })).toBe(globalThis);
    expect(sketchOf(globalThis, {})).toBe(globalThis);
  });
});
