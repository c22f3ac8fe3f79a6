// The scrolling history of the sensors sketch: the last minute of all three readings on one
// 0–100 scale, newest on the right, with the latest values labelled at the right edge.
import type p5 from 'p5';
import { THEME, fit, type Box } from './sensor-cards.js';
import { unit01, type Sample, type Sensor } from './sensor-reading.js';

export const HISTORY_MS = 60_000;
const TICK_MS = 15_000;
const AXIS_W = 30;
const LABELS_W = 40;
const HEADER_H = 30;
const TICKS_H = 20;
/** Dots are drawn while readings are at least this many pixels apart on average. */
const DOT_SPACING = 10;

/** Draws the plot into `box` and returns the area inside the axes (for an overlay message). */
export function drawHistory(p: p5, sensors: readonly Sensor[], box: Box, now: number): Box {
  p.noStroke();
  p.fill(THEME.card);
  p.stroke(THEME.border);
  p.strokeWeight(1);
  p.rect(box.x, box.y, box.w, box.h, 10);
  header(p, sensors, box);

  const area: Box = {
    x: box.x + AXIS_W + 8,
    y: box.y + HEADER_H + 8,
    w: box.w - AXIS_W - LABELS_W - 16,
    h: box.h - HEADER_H - TICKS_H - 16,
  };
  if (area.w < 40 || area.h < 30) return area;
  axes(p, area);
  const xOf = (at: number) => area.x + area.w * (1 - (now - at) / HISTORY_MS);
  const yOf = (value: number) => area.y + area.h * (1 - unit01(value));

  p.push();
  // Lines leave through the left edge instead of being drawn over the axis labels.
  p.clip(() => p.rect(area.x - 4, area.y - 6, area.w + 8, area.h + 12));
  for (const sensor of sensors) series(p, sensor, area, xOf, yOf);
  p.pop();
  latestLabels(p, sensors, area, yOf);
  return area;
}

function header(p: p5, sensors: readonly Sensor[], box: Box): void {
  p.noStroke();
  p.textSize(13);
  p.textAlign(p.LEFT, p.CENTER);
  const y = box.y + HEADER_H / 2 + 6;
  const legend = sensors.map((s) => ({ s, w: 16 + p.textWidth(s.topic) }));
  const legendW = legend.reduce((sum, item) => sum + item.w + 14, -14);
  const titleText = 'last minute';
  // The title makes room for the legend on a phone.
  if (p.textWidth(titleText) + 24 + legendW <= box.w - 24) {
    p.fill(THEME.muted);
    p.text(titleText, box.x + 12, y);
  }
  let x = box.x + box.w - 12 - legendW;
  for (const { s, w } of legend) {
    p.fill(s.colour);
    p.circle(x + 5, y, 9);
    p.fill(THEME.text);
    p.text(s.topic, x + 16, y);
    x += w + 14;
  }
}

function axes(p: p5, area: Box): void {
  p.textSize(11);
  // A short plot (a phone on its side) gets fewer lines, so their labels never touch.
  for (const value of area.h < 90 ? [0, 50, 100] : [0, 25, 50, 75, 100]) {
    const y = area.y + area.h * (1 - value / 100);
    p.stroke(value === 0 ? '#3a3e58' : THEME.border);
    p.strokeWeight(1);
    p.line(area.x, y, area.x + area.w, y);
    p.noStroke();
    p.fill(THEME.muted);
    p.textAlign(p.RIGHT, p.CENTER);
    p.text(String(value), area.x - 8, y);
  }
  // Ticks stay put and the data moves under them: "−45 s" always means 45 seconds ago.
  p.textAlign(p.CENTER, p.TOP);
  for (let ago = 0; ago <= HISTORY_MS; ago += TICK_MS) {
    const x = area.x + area.w * (1 - ago / HISTORY_MS);
    p.stroke(THEME.border);
    p.line(x, area.y + area.h, x, area.y + area.h + 4);
    p.noStroke();
    p.fill(THEME.muted);
    p.text(ago === 0 ? 'now' : `−${ago / 1000} s`, x, area.y + area.h + 7);
  }
}

function series(p: p5, sensor: Sensor, area: Box, xOf: (at: number) => number, yOf: (v: number) => number): void {
  const { history, rejected, colour } = sensor;
  if (history.length > 0) {
    const last = history[history.length - 1]!;
    // A sensor holds its reading until the next one: a faint line carries it to "now".
    const faint = p.color(colour);
    faint.setAlpha(90);
    p.stroke(faint);
    p.strokeWeight(1.5);
    p.line(xOf(last.at), yOf(last.value), area.x + area.w, yOf(last.value));
    if (history.some((point) => point.count > 1)) spread(p, history, colour, xOf, yOf);
    p.stroke(colour);
    p.strokeWeight(2);
    p.noFill();
    p.beginShape();
    for (const point of history) p.vertex(xOf(point.at), yOf(point.value));
    p.endShape();
    // A dot per reading while they are far enough apart to tell one from another.
    if (history.length <= area.w / DOT_SPACING) for (const point of history) dot(p, point.value, xOf(point.at), yOf(point.value), colour);
  }
  // Non-numeric messages: a small × on the baseline, so bad data is visible, not hidden.
  p.stroke(THEME.warning);
  p.strokeWeight(1.5);
  const y = area.y + area.h;
  for (const at of rejected) {
    const x = xOf(at);
    p.line(x - 3, y - 3, x + 3, y + 3);
    p.line(x - 3, y + 3, x + 3, y - 3);
  }
}

/** Where many readings share a point, a faint band from the lowest to the highest of them. */
function spread(p: p5, history: readonly Sample[], colour: string, xOf: (at: number) => number, yOf: (v: number) => number): void {
  const band = p.color(colour);
  band.setAlpha(60);
  p.noStroke();
  p.fill(band);
  p.beginShape();
  for (const point of history) p.vertex(xOf(point.at), yOf(point.high));
  for (let i = history.length - 1; i >= 0; i--) p.vertex(xOf(history[i]!.at), yOf(history[i]!.low));
  p.endShape(p.CLOSE);
}

/** Off-scale readings are drawn hollow, at the edge they went past. */
function dot(p: p5, value: number, x: number, y: number, colour: string): void {
  if (value < 0 || value > 100) {
    p.stroke(colour);
    p.strokeWeight(2);
    p.fill(THEME.card);
  } else {
    p.noStroke();
    p.fill(colour);
  }
  p.circle(x, y, 6);
}

/** The latest value of each series at the right edge, nudged apart so they never overlap. */
function latestLabels(p: p5, sensors: readonly Sensor[], area: Box, yOf: (v: number) => number): void {
  const labels = sensors
    .filter((s) => s.value !== undefined && s.history.length > 0)
    .map((s) => ({ s, y: yOf(s.value!) }))
    .sort((a, b) => a.y - b.y);
  const gap = 14;
  for (let i = 1; i < labels.length; i++) labels[i]!.y = Math.max(labels[i]!.y, labels[i - 1]!.y + gap);
  const overflow = labels.length > 0 ? labels[labels.length - 1]!.y - (area.y + area.h + 4) : 0;
  if (overflow > 0) for (const label of labels) label.y -= overflow;
  p.noStroke();
  p.textSize(12);
  p.textStyle(p.BOLD);
  p.textAlign(p.LEFT, p.CENTER);
  for (const { s, y } of labels) {
    p.fill(s.colour);
    p.text(fit(p, compact(s.value!), LABELS_W - 6), area.x + area.w + 8, y);
  }
  p.textStyle(p.NORMAL);
}

const COMPACT = new Intl.NumberFormat('en', { notation: 'compact', maximumSignificantDigits: 2 });

/** A label for a narrow gutter: 42, 3.5, 12.3M (the card above has the full number). */
function compact(value: number): string {
  if (Math.abs(value) >= 1000) return COMPACT.format(value);
  const rounded = Math.round(value * 10) / 10;
  return String(rounded === 0 ? 0 : rounded);
}
