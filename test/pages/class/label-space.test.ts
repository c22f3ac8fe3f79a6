import { describe, expect, it } from 'vitest';
import { LabelSpace } from '../../../src/pages/class/label-space.js';

describe('LabelSpace', () => {
  it('refuses a box that overlaps one already taken, accepts one that only touches it', () => {
    const space = new LabelSpace(10);
    expect(space.take({ x: 0, y: 0, w: 50, h: 20 })).toBe(true);
    expect(space.take({ x: 49, y: 19, w: 10, h: 10 })).toBe(false);
    expect(space.take({ x: 50, y: 0, w: 10, h: 10 })).toBe(true);
    expect(space.take({ x: 0, y: 20, w: 10, h: 10 })).toBe(true);
  });

  it('takes at most its maximum', () => {
    const space = new LabelSpace(2);
    expect([0, 100, 200].map((x) => space.take({ x, y: 0, w: 10, h: 10 }))).toEqual([true, true, false]);
  });
});
