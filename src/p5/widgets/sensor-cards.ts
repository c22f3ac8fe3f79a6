// The live cards of the sensors sketch (and of the bench's naive baseline, which must draw
// the same): a picture driven by the reading, the reading as text, and how fresh (or how
// wrong) it is.
import type p5 from 'p5';
import { formatReading, statusLine, unit01, type Sensor } from './sensor-reading.js';

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

export const THEME = {
  background: '#14151c',
  card: '#1f2130',
  border: '#2c2f44',
  text: '#e8e8f0',
  muted: '#8b8ea3',
  warning: '#f4a742',
};

/** How long a card's border glows after a message, so a new reading catches the eye. */
const FLASH_MS = 700;
/** Cold to hot, as weather maps draw it. */
const TEMPERATURE_STOPS = ['#3b6cf6', '#22c3ee', '#a3e635', '#facc15', '#f97316', '#ef4444'];

export type Picture = (p: p5, value: number | undefined, cx: number, cy: number, size: number) => void;

/** temperatura → colour: a disc that goes from blue (0) to red (100). */
export const colourPicture: Picture = (p, value, cx, cy, size) => {
  p.noStroke();
  p.fill(THEME.border);
  p.circle(cx, cy, size * 0.8);
  if (value === undefined) return;
  const t = unit01(value) * (TEMPERATURE_STOPS.length - 1);
  const i = Math.min(Math.floor(t), TEMPERATURE_STOPS.length - 2);
  const colour = p.lerpColor(p.color(TEMPERATURE_STOPS[i]!), p.color(TEMPERATURE_STOPS[i + 1]!), t - i);
  p.fill(colour);
  p.circle(cx, cy, size * 0.8);
};

/** umidade → size: a drop whose area grows with the reading, inside a ring marking 100. */
export const sizePicture: Picture = (p, value, cx, cy, size) => {
  p.noFill();
  p.stroke(THEME.border);
  p.strokeWeight(2);
  p.circle(cx, cy, size * 0.92);
  if (value === undefined) return;
  p.noStroke();
  p.fill('#5fd3ff');
  // By area, not diameter: a reading of 50 looks half as big as 100.
  p.circle(cx, cy, Math.max(4, size * 0.92 * Math.sqrt(unit01(value))));
};

/** luminosidade → brightness: a lamp from unlit grey through warm yellow to white, with a glow. */
export const brightnessPicture: Picture = (p, value, cx, cy, size) => {
  const level = value === undefined ? 0 : unit01(value);
  const lamp = level < 0.6
    ? p.lerpColor(p.color('#2a2c3d'), p.color('#ffd35f'), level / 0.6)
    : p.lerpColor(p.color('#ffd35f'), p.color('#fffbea'), (level - 0.6) / 0.4);
  p.noStroke();
  const glow = p.color('#ffd35f');
  for (let ring = 8; ring >= 1; ring--) {
    glow.setAlpha(level * 22);
    p.fill(glow);
    p.circle(cx, cy, size * (0.5 + ring * 0.058));
  }
  p.fill(lamp);
  p.circle(cx, cy, size * 0.5);
};

/** One sensor's card; lays itself out in a column (wide screens) or a row (phones). */
export function drawCard(p: p5, sensor: Sensor, picture: Picture, box: Box, now: number): void {
  const { x, y, w, h } = box;
  const flash = sensor.updatedAt === undefined ? 0 : Math.max(0, 1 - (now - sensor.updatedAt) / FLASH_MS);
  p.fill(THEME.card);
  p.stroke(p.lerpColor(p.color(THEME.border), p.color(sensor.invalid ? THEME.warning : sensor.colour), flash));
  p.strokeWeight(1 + flash * 1.5);
  p.rect(x, y, w, h, 10);

  const pad = Math.max(10, Math.min(16, w * 0.05));
  const valueSize = Math.max(20, Math.min(34, Math.min(w, h) * 0.14));
  const stale = sensor.invalid !== undefined;
  if (w / h >= 1.6) {
    // A row: picture on the left, words on the right.
    const size = Math.min(h - 2 * pad, w * 0.38);
    picture(p, sensor.value, x + pad + size / 2, y + h / 2, size);
    const left = x + 2 * pad + size;
    const width = x + w - pad - left;
    title(p, sensor, left, y + pad, width);
    reading(p, sensor, stale, left, y + h / 2 + valueSize * 0.05, valueSize, p.LEFT, width);
    note(p, sensor, now, left, y + h - pad, p.LEFT, width);
  } else {
    // A column: title, picture, reading, status.
    title(p, sensor, x + pad, y + pad, w - 2 * pad);
    const top = y + pad + 24;
    const bottom = y + h - pad - 18 - valueSize * 1.1;
    const size = Math.max(10, Math.min(w - 2 * pad, bottom - top));
    picture(p, sensor.value, x + w / 2, (top + bottom) / 2, size);
    reading(p, sensor, stale, x + w / 2, bottom + valueSize * 0.62, valueSize, p.CENTER, w - 2 * pad);
    note(p, sensor, now, x + w / 2, y + h - pad, p.CENTER, w - 2 * pad);
  }
}

function title(p: p5, sensor: Sensor, x: number, y: number, width: number): void {
  p.noStroke();
  p.textAlign(p.LEFT, p.TOP);
  p.textStyle(p.BOLD);
  p.textSize(15);
  p.fill(sensor.colour);
  p.text(fit(p, sensor.topic, width), x, y);
  const used = p.textWidth(sensor.topic);
  p.textStyle(p.NORMAL);
  p.textSize(12);
  p.fill(THEME.muted);
  const mapping = `→ ${sensor.mapping}`;
  if (used + 12 + p.textWidth(mapping) <= width) {
    p.textAlign(p.RIGHT, p.TOP);
    p.text(mapping, x + width, y + 2);
  }
}

function reading(p: p5, sensor: Sensor, stale: boolean, x: number, y: number, size: number, align: 'left' | 'center', width: number): void {
  p.noStroke();
  p.textAlign(align, p.CENTER);
  p.textStyle(p.BOLD);
  const text = formatReading(sensor);
  p.textSize(size);
  // A long number gets smaller rather than cut: the reading is the one thing that must be whole.
  const natural = p.textWidth(text);
  if (natural > width) p.textSize(Math.max(12, (size * width) / natural));
  // After a bad message the last good reading stays, dimmed: it is no longer current.
  p.fill(stale ? THEME.muted : THEME.text);
  p.text(fit(p, text, width), x, y);
  p.textStyle(p.NORMAL);
}

function note(p: p5, sensor: Sensor, now: number, x: number, y: number, align: 'left' | 'center', width: number): void {
  p.noStroke();
  p.textAlign(align, p.BOTTOM);
  p.textSize(13);
  p.fill(sensor.invalid !== undefined ? THEME.warning : THEME.muted);
  p.text(fit(p, statusLine(sensor, now), width), x, y);
}

/** Shortens text with an ellipsis until it fits; a long payload must not spill out of its card. */
export function fit(p: p5, text: string, width: number): string {
  if (p.textWidth(text) <= width) return text;
  let end = text.length;
  while (end > 1 && p.textWidth(`${text.slice(0, end)}…`) > width) end--;
  return `${text.slice(0, end)}…`;
}
