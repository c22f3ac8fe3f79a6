import { describe, expect, it } from 'vitest';
import { createMessage } from '../../../src/mqtt/payload.js';
import { POINT_MS, createSensor, forgetBefore, record } from '../../../src/p5/widgets/sensor-reading.js';

const message = (text: string) => createMessage('temperatura', new TextEncoder().encode(text));

describe('sensors sketch: readings kept for the plot', () => {
  it('gives readings seconds apart (the bot) a point each', () => {
    const sensor = createSensor('temperatura', '°C', 'colour', '#f00');
    record(sensor, message('10'), 0);
    record(sensor, message('20'), 3000);
    record(sensor, message('30'), 6000);
    expect(sensor.history.map((p) => [p.at, p.value, p.count])).toEqual([[0, 10, 1], [3000, 20, 1], [6000, 30, 1]]);
    expect(sensor.value).toBe(30);
  });

  it(`merges readings within ${POINT_MS} ms into one point with their latest, lowest and highest value`, () => {
    const sensor = createSensor('temperatura', '°C', 'colour', '#f00');
    for (const [at, text] of [[1000, '50'], [1010, '5'], [1100, '95'], [1150, '40']] as const) record(sensor, message(text), at);
    record(sensor, message('60'), 1000 + POINT_MS);
    expect(sensor.history).toEqual([
      { at: 1150, since: 1000, value: 40, low: 5, high: 95, count: 4 },
      { at: 1000 + POINT_MS, since: 1000 + POINT_MS, value: 60, low: 60, high: 60, count: 1 },
    ]);
    expect(sensor.value).toBe(60);
  });

  it('keeps a flood of 100,000 readings in a minute to a few hundred points and marks', () => {
    const sensor = createSensor('umidade', '%', 'size', '#0ff');
    for (let i = 0; i < 100_000; i++) record(sensor, message(i % 7 === 0 ? 'abc' : String(i % 101)), i * 0.6);
    forgetBefore(sensor, 0);
    expect(sensor.history.length).toBeLessThanOrEqual(60_000 / POINT_MS + 1);
    expect(sensor.rejected.length).toBeLessThanOrEqual(60_000 / POINT_MS + 1);
    expect(sensor.history.reduce((n, p) => n + p.count, 0)).toBe(100_000 - Math.ceil(100_000 / 7));
    expect(Math.min(...sensor.history.map((p) => p.low))).toBe(0);
    expect(Math.max(...sensor.history.map((p) => p.high))).toBe(100);
  });

  it('shows a non-number as invalid and keeps the last good value', () => {
    const sensor = createSensor('luminosidade', '%', 'brightness', '#ff0');
    record(sensor, message('42'), 0);
    record(sensor, message('{"v": 1}'), 500);
    expect(sensor.value).toBe(42);
    expect(sensor.invalid).toBe(`invalid: '{"v": 1}'`);
    expect(sensor.rejected).toEqual([500]);
    expect(sensor.updatedAt).toBe(500);
  });
});
