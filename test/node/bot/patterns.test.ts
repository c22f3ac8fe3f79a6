import { describe, expect, it } from 'vitest';
import { PATTERN_NAMES, WALK_MAX_STEP, createSignal, type PatternName } from '../../../src/node/bot/patterns.js';

/** A repeatable 0 ≤ x < 1 sequence (mulberry32), so a failure can be run again. */
function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TOPICS = ['temperatura', 'umidade', 'luminosidade'];

/** `count` readings of `topic`, one every `stepMs` of the fake clock. */
function series(signal: (topic: string, ms: number) => number, topic: string, count: number, stepMs: number): number[] {
  return Array.from({ length: count }, (_, i) => signal(topic, i * stepMs));
}

describe('bot patterns', () => {
  it.each(PATTERN_NAMES)('%s gives integers 0–100 on every topic, even with random() at its extremes', (name) => {
    for (const random of [seeded(1), () => 0, () => 0.999999]) {
      const signal = createSignal(name as PatternName, { random, periodMs: 10_000, dayMs: 60_000 });
      for (let i = 0; i < 2000; i++) {
        const value = signal(TOPICS[i % 3]!, i * 97);
        expect(Number.isInteger(value), `${name}: ${value}`).toBe(true);
        expect(value).toBeGreaterThanOrEqual(0);
        expect(value).toBeLessThanOrEqual(100);
      }
    }
  });

  it('random is the tutorial\'s: floor(random() × 101), whatever the time', () => {
    const signal = createSignal('random', { random: () => 0.5 });
    expect(signal('temperatura', 0)).toBe(50);
    expect(signal('umidade', 123_456)).toBe(50);
    expect(createSignal('random', { random: () => 0.999 })('t', 0)).toBe(100);
  });

  it('sine repeats every period, spans most of 0–100, moves smoothly, and keeps topics apart', () => {
    const periodMs = 12_000;
    const signal = createSignal('sine', { periodMs });
    for (const topic of TOPICS) signal(topic, 0);
    for (const topic of TOPICS) {
      for (let ms = 0; ms < periodMs; ms += 250) expect(signal(topic, ms + 3 * periodMs)).toBe(signal(topic, ms));
      const wave = series(signal, topic, 120, 100);
      expect(Math.max(...wave)).toBeGreaterThanOrEqual(99);
      expect(Math.min(...wave)).toBeLessThanOrEqual(1);
      // 1/120 of a wave apart: never more than 50 × 2π / 120 ≈ 2.6 apart.
      for (let i = 1; i < wave.length; i++) expect(Math.abs(wave[i]! - wave[i - 1]!)).toBeLessThanOrEqual(3);
    }
    // Each topic peaks a third of a wave after the one before it.
    const peakAt = (topic: string) => series(signal, topic, 120, 100).indexOf(100) * 100;
    const [first, second, third] = TOPICS.map(peakAt);
    expect((first! - second! + periodMs) % periodMs).toBeCloseTo(periodMs / 3, -3);
    expect((second! - third! + periodMs) % periodMs).toBeCloseTo(periodMs / 3, -3);
  });

  it('walk moves each topic at most ±5 from its last reading, stays in 0–100 and wanders', () => {
    const signal = createSignal('walk', { random: seeded(7) });
    const last = new Map<string, number>();
    const seen = new Set<number>();
    for (let i = 0; i < 5000; i++) {
      const topic = TOPICS[i % 3]!;
      const value = signal(topic, i * 1000);
      expect(Math.abs(value - (last.get(topic) ?? 50))).toBeLessThanOrEqual(WALK_MAX_STEP);
      last.set(topic, value);
      seen.add(value);
    }
    expect(seen.size).toBeGreaterThan(30);
    // Pushed up every time, it reaches 100 and stays there rather than leaving the range.
    const up = createSignal('walk', { random: () => 0.999999 });
    expect(series(up, 't', 30, 0).slice(-3)).toEqual([100, 100, 100]);
  });

  it('daycycle: light peaks at midday and is low at night; temperature peaks later; humidity goes the other way', () => {
    const dayMs = 240_000;
    const signal = createSignal('daycycle', { random: seeded(3), dayMs });
    // The day starts at 6:00, so 6 h of the day in, it is noon.
    const hour = dayMs / 24;
    const at = (topic: string, h: number) => signal(topic, (h - 6 + 24) % 24 * hour);
    const hours = Array.from({ length: 96 }, (_, i) => i / 4);
    const peakHour = (topic: string) => hours.reduce((best, h) => (at(topic, h) > at(topic, best) ? h : best), 0);

    expect(Math.abs(peakHour('luminosidade') - 12)).toBeLessThanOrEqual(1.5);
    expect(at('luminosidade', 12)).toBeGreaterThanOrEqual(85);
    for (const night of [0, 2, 4, 21, 23]) expect(at('luminosidade', night)).toBeLessThanOrEqual(10);
    const temperaturePeak = peakHour('temperatura');
    expect(temperaturePeak).toBeGreaterThan(13);
    expect(temperaturePeak).toBeLessThan(17.5);
    expect(at('temperatura', 15)).toBeGreaterThan(at('temperatura', 3) + 30);
    expect(at('umidade', 3)).toBeGreaterThan(at('umidade', 15) + 30);
    // Plausible noise: neighbouring quarter-hours differ, but only a little.
    const light = hours.map((h) => at('luminosidade', h));
    expect(new Set(light).size).toBeGreaterThan(20);
    for (let i = 1; i < light.length; i++) expect(Math.abs(light[i]! - light[i - 1]!)).toBeLessThanOrEqual(14);
    // The next day repeats the shape.
    expect(Math.abs(signal('temperatura', dayMs + 9 * hour) - at('temperatura', 15))).toBeLessThanOrEqual(4);
  });
});
