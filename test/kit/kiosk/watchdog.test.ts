import { describe, expect, it } from 'vitest';
import { seconds, Watchdog } from '../../../src/kit/kiosk/watchdog.js';

const settings = { maxErrors: 3, errorWindowMs: 1000, stallMs: 500 };

describe('Watchdog', () => {
  it('calls for a reload at the max-th error within the window, naming the last', () => {
    const dog = new Watchdog(settings, 0);
    expect(dog.error('Error: a', 0)).toBeUndefined();
    expect(dog.error('Error: b', 400)).toBeUndefined();
    expect(dog.error('TypeError: c', 900)).toBe('3 uncaught errors within 1 s (the last: TypeError: c)');
  });

  it('forgets errors older than the window', () => {
    const dog = new Watchdog(settings, 0);
    dog.error('a', 0);
    dog.error('b', 600);
    expect(dog.error('c', 1100)).toBeUndefined();
    expect(dog.error('d', 1200)).toMatch(/^3 uncaught errors/);
  });

  it('never reloads for errors when maxErrors is 0', () => {
    const dog = new Watchdog({ ...settings, maxErrors: 0 }, 0);
    for (let t = 0; t < 10; t++) expect(dog.error('x', t)).toBeUndefined();
  });

  it('calls a stall once no frame came for stallMs, counting from the last frame', () => {
    const dog = new Watchdog(settings, 0);
    expect(dog.check(499, true)).toBeUndefined();
    dog.frame(400);
    expect(dog.check(899, true)).toBeUndefined();
    expect(dog.check(1150, true)).toBe('no frame drawn for 0.8 s');
  });

  it('names the error that stopped the frames (a throwing draw() ends p5\'s loop), not an older one', () => {
    const dog = new Watchdog(settings, 0);
    dog.error('TypeError: old news', 100);
    dog.frame(400);
    dog.error("TypeError: Cannot read properties of undefined (reading 'x')", 410);
    expect(dog.check(1150, true)).toBe("no frame drawn for 0.8 s, since TypeError: Cannot read properties of undefined (reading 'x')");
    const quiet = new Watchdog(settings, 0);
    quiet.error('TypeError: before the last frame', 100);
    quiet.frame(400);
    expect(quiet.check(1150, true)).toBe('no frame drawn for 0.8 s');
  });

  it('does not count time the page spends hidden (browsers pause its frames)', () => {
    const dog = new Watchdog(settings, 0);
    expect(dog.check(10_000, false)).toBeUndefined();
    expect(dog.check(10_400, true)).toBeUndefined();
    expect(dog.check(10_500, true)).toBe('no frame drawn for 0.5 s');
  });

  it('writes times as people read them', () => {
    expect([seconds(10_000), seconds(1500), seconds(1549), seconds(60_000)]).toEqual(['10 s', '1.5 s', '1.5 s', '60 s']);
  });
});
