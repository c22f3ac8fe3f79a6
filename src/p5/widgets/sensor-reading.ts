// What a sensor display knows about one sensor (the sensors sketch's, the bench's baseline),
// and how a message changes it. No p5 here: the drawing files read this state, the MQTT
// handlers write it.
import type { MqttMessage } from '../../mqtt/payload.js';

/**
 * Readings closer together than this share one point of the plot, which keeps their latest,
 * lowest and highest value. The bot's one reading every few seconds still gets a point
 * each; a flood of thousands a second costs the same to keep and draw as five a second.
 */
export const POINT_MS = 200;

/** One point of the plot: one reading, or several that arrived within `POINT_MS`. */
export interface Sample {
  /** p.millis() of the latest reading in it. */
  at: number;
  /** p.millis() of the first reading in it. */
  since: number;
  /** The latest reading. */
  value: number;
  low: number;
  high: number;
  /** How many readings it stands for. */
  count: number;
}

export interface Sensor {
  readonly topic: string;
  readonly unit: string;
  /** What the value drives in the picture, shown next to the topic. */
  readonly mapping: string;
  /** Its colour in the history plot and legend. */
  readonly colour: string;
  /** The last numeric reading, as published (not clamped). */
  value?: number;
  /** The last message, quoted for display, when it was not a number; cleared by a number. */
  invalid?: string;
  /** p.millis() of the last message, numeric or not. */
  updatedAt?: number;
  history: Sample[];
  /** When non-numeric messages arrived, marked on the plot (one mark per `POINT_MS`). */
  rejected: number[];
}

export function createSensor(topic: string, unit: string, mapping: string, colour: string): Sensor {
  return { topic, unit, mapping, colour, history: [], rejected: [] };
}

/** Keeps a reading, or marks it invalid: a sensor sketch must never show or plot NaN. */
export function record(sensor: Sensor, message: MqttMessage, now: number): void {
  const value = message.number;
  if (value === undefined) reject(sensor, quote(message.text), now);
  else remember(sensor, value, now);
}

/** A numeric reading: the new value, and a point of the plot (or a share of the last one). */
function remember(sensor: Sensor, value: number, now: number): void {
  sensor.updatedAt = now;
  sensor.value = value;
  delete sensor.invalid;
  const last = sensor.history[sensor.history.length - 1];
  if (last && now - last.since < POINT_MS) {
    last.at = now;
    last.value = value;
    last.low = Math.min(last.low, value);
    last.high = Math.max(last.high, value);
    last.count++;
    return;
  }
  sensor.history.push({ at: now, since: now, value, low: value, high: value, count: 1 });
}

/** A message that is not a number: shown as `why`, and marked on the plot. */
function reject(sensor: Sensor, why: string, now: number): void {
  sensor.updatedAt = now;
  sensor.invalid = why;
  const last = sensor.rejected[sensor.rejected.length - 1];
  if (last === undefined || now - last >= POINT_MS) sensor.rejected.push(now);
}

/** Forgets what scrolled out of the plot, keeping one older sample so the line enters from the left edge. */
export function forgetBefore(sensor: Sensor, since: number): void {
  const firstInside = sensor.history.findIndex((s) => s.at >= since);
  const keepFrom = firstInside < 0 ? sensor.history.length - 1 : firstInside - 1;
  if (keepFrom > 0) sensor.history.splice(0, keepFrom);
  while (sensor.rejected.length > 0 && sensor.rejected[0]! < since) sensor.rejected.shift();
}

/** 0–1 for drawing; the real number is still what the text shows. */
export function unit01(value: number): number {
  return Math.min(1, Math.max(0, value / 100));
}

/** A reading as people read it: 42, -3.5, 1234.57, 1.00e+12. */
export function formatValue(value: number): string {
  const size = Math.abs(value);
  if (size >= 1e9 || (size > 0 && size < 1e-3)) return value.toExponential(2);
  return String(Math.round(value * 100) / 100);
}

/** "42 °C", with a note when the drawing had to clamp it. */
export function formatReading(sensor: Sensor): string {
  if (sensor.value === undefined) return '—';
  return `${formatValue(sensor.value)}${sensor.unit ? ` ${sensor.unit}` : ''}`;
}

/** The line under the value: what is wrong, or how fresh it is. */
export function statusLine(sensor: Sensor, now: number): string {
  if (sensor.invalid !== undefined) return sensor.invalid;
  if (sensor.updatedAt === undefined) return 'no data yet';
  const value = sensor.value ?? 0;
  if (value < 0 || value > 100) return `off the 0–100 scale · ${ago(now - sensor.updatedAt)}`;
  return `updated ${ago(now - sensor.updatedAt)}`;
}

/** What a screen reader hears for this sensor; no timings, so it changes only with the data. */
export function spokenReading(sensor: Sensor): string {
  if (sensor.invalid !== undefined) {
    const last = sensor.value === undefined ? '' : ` (last valid ${formatReading(sensor)})`;
    return `${sensor.topic}: ${sensor.invalid}${last}`;
  }
  return `${sensor.topic}: ${sensor.value === undefined ? 'no data yet' : formatReading(sensor)}`;
}

function ago(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  return seconds < 1 ? 'just now' : seconds < 120 ? `${seconds} s ago` : `${Math.floor(seconds / 60)} min ago`;
}

/** invalid: 'abc' — short, on one line, whatever arrived (JSON, binary, a novel). */
function quote(text: string): string {
  if (text.trim() === '') return 'invalid: empty message';
  const oneLine = text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  const short = oneLine.length > 24 ? `${oneLine.slice(0, 23)}…` : oneLine;
  return `invalid: '${short}'`;
}
