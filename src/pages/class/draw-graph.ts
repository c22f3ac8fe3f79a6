// The class graph's picture: lines, travelling dots, nodes and their labels, sized from the
// canvas so it reads from the back of a classroom on a projector.
import type p5 from 'p5';
import { PUBLISH_LINK_TTL_MS, type ClassGraphModel, type GraphClient, type GraphTopic } from './graph-model.js';
import type { Point } from './graph-layout.js';
import { COLOURS, formatRate, palette, shorten, unitOf, type Palette, type ProfileColours } from './graph-style.js';
import { fitText, TextWidths, type DrawnLabel, type LabelSpace } from './label-space.js';
import { clientKey, topicKey, type MessageDots, type PlacedDot } from './message-dots.js';
import type { NodePositions } from './node-positions.js';
import type { PageTexts } from '../../texts/page-texts.js';

export interface GraphScene {
  model: ClassGraphModel;
  positions: NodePositions;
  dots: MessageDots;
  /** This page's own client id, marked on the graph. */
  ownId: string | undefined;
  colours: ProfileColours;
  texts: PageTexts;
  /** Which side of its node each client's label goes, from the layout. */
  sides: Map<string, -1 | 0 | 1>;
  widths: TextWidths;
  /** Every label drawn in the last frame, with its box: `classGraph.summary().labels`. */
  labels: DrawnLabel[];
}

/** Draws the whole graph, its labels where `space` has room; returns how many message dots it drew. */
export function drawGraph(p: p5, scene: GraphScene, now: number, space: LabelSpace): number {
  const { model, positions } = scene;
  const unit = unitOf(p);
  const at = (key: string) => positions.get(key);
  const paint = palette(p);

  // Subscriptions: a steady thin line from the subscriber to its filter.
  p.strokeWeight(Math.max(1, unit / 12));
  p.stroke(paint(COLOURS.subscription));
  for (const client of model.clients.values()) {
    for (const filter of client.subscriptions) line(p, at(clientKey(client.id)), at(topicKey(filter)));
  }
  // A topic to the wildcard filters that catch it, dashed: the way its messages take.
  const context = p.drawingContext as CanvasRenderingContext2D;
  context.setLineDash([unit / 3, unit / 3]);
  p.stroke(paint(COLOURS.subscription, 0.6));
  for (const [topic, filter] of model.wildcardLinks()) line(p, at(topicKey(topic)), at(topicKey(filter)));
  context.setLineDash([]);
  // Publishing: in the publisher's colour, fading once it goes quiet.
  for (const link of model.publishLinks.values()) {
    const client = model.clients.get(link.clientId);
    if (!client) continue;
    p.stroke(paint(scene.colours.of(client.profile), Math.max(0.15, 1 - (now - link.lastAt) / PUBLISH_LINK_TTL_MS)));
    p.strokeWeight(Math.max(1.5, unit / 9) + Math.min(6, Math.log2(1 + link.rate.perSecond(now))));
    line(p, at(clientKey(link.clientId)), at(topicKey(link.topic)));
  }

  const placed = scene.dots.place(now, at);
  drawDots(context, placed, (id) => {
    const client = model.clients.get(id);
    return client ? scene.colours.of(client.profile) : COLOURS.text;
  }, unit);

  // Clients first: their labels are the ones a class looks for.
  drawClients(p, scene, unit, now, paint, space);
  drawTopics(p, scene, unit, now, paint, space);
  return placed.length;
}

/**
 * The dots, on the canvas' own context, one path per colour: up to MAX_DOTS of them each
 * frame, and p5's circle() (a shape built point by point) was the page's costliest call.
 */
function drawDots(context: CanvasRenderingContext2D, dots: PlacedDot[], colourOf: (publisherId: string) => string, unit: number): void {
  const byColour = new Map<string, PlacedDot[]>();
  for (const dot of dots) {
    const colour = colourOf(dot.publisherId);
    const list = byColour.get(colour);
    if (list) list.push(dot);
    else byColour.set(colour, [dot]);
  }
  const radius = (dot: PlacedDot) => (unit * 0.75 + Math.min(unit, 3 * Math.log2(dot.weight))) / 2;
  const fill = (style: string, list: PlacedDot[], scale: number) => {
    context.fillStyle = style;
    context.beginPath();
    for (const dot of list) {
      context.moveTo(dot.x + radius(dot) * scale, dot.y);
      context.arc(dot.x, dot.y, radius(dot) * scale, 0, 2 * Math.PI);
    }
    context.fill();
  };
  // Saved and restored, so p5's own idea of the current fill stays true.
  context.save();
  for (const [colour, list] of byColour) fill(colour, list, 1);
  fill('#ffffff', dots, 0.4);
  context.restore();
}

/** Topic nodes, then their names and rates in two passes (one text size each: p5 is slow to switch). */
function drawTopics(p: p5, scene: GraphScene, unit: number, now: number, paint: Palette, space: LabelSpace): void {
  const { model, positions } = scene;
  const placed: { topic: GraphTopic; point: Point; rate: number; size: number }[] = [];
  for (const topic of model.topics.values()) {
    const point = positions.get(topicKey(topic.name));
    if (!point) continue;
    const rate = topic.rate.perSecond(now);
    placed.push({ topic, point, rate, size: unit * 1.1 + Math.min(unit * 1.5, 4 * Math.sqrt(rate)) });
  }
  p.strokeWeight(Math.max(2, unit / 8));
  for (const { topic, point, size } of placed) {
    if (topic.wildcard) {
      p.noFill();
      p.stroke(paint(COLOURS.topic));
    } else {
      p.noStroke();
      p.fill(paint(COLOURS.topic));
    }
    p.circle(point.x, point.y, size);
  }
  const labelled = byPriority(placed, (entry) => entry.rate + (entry.topic.wildcard ? 1e6 : 0)).filter(({ topic, point, size }) => {
    const text = shorten(topic.name, 28);
    const width = Math.max(scene.widths.of(p, text, unit * 0.9), scene.widths.of(p, formatRate(99), unit * 0.7));
    const box = { x: point.x - width / 2, y: point.y + size / 2, w: width, h: unit * 2.2 };
    if (!space.take(box)) return false;
    scene.labels.push({ kind: 'topic', text, ...box });
    return true;
  });
  p.noStroke();
  p.textAlign(p.CENTER, p.TOP);
  p.textSize(unit * 0.9);
  p.fill(paint(COLOURS.text));
  for (const { topic, point, size } of labelled) p.text(shorten(topic.name, 28), point.x, point.y + size / 2 + unit * 0.2);
  p.textSize(unit * 0.7);
  p.fill(paint(COLOURS.muted));
  for (const { point, size, rate } of labelled) if (rate > 0) p.text(formatRate(rate), point.x, point.y + size / 2 + unit * 1.25);
}

function drawClients(p: p5, scene: GraphScene, unit: number, now: number, paint: Palette, space: LabelSpace): void {
  const size = unit * 1.2;
  const gap = size / 2 + unit * 0.4;
  const margin = unit * 0.3;
  const placed: { client: GraphClient; x: number; top: number; side: number; activity: number; name: string; details: string }[] = [];
  p.noStroke();
  for (const client of scene.model.clients.values()) {
    const point = scene.positions.get(clientKey(client.id));
    if (!point) continue;
    p.fill(paint(scene.colours.of(client.profile)));
    p.circle(point.x, point.y, size);
    if (client.id === scene.ownId) {
      p.noFill();
      p.stroke(paint(COLOURS.text));
      p.strokeWeight(2);
      p.circle(point.x, point.y, size + unit * 0.5);
      p.noStroke();
    }
    const side = scene.sides.get(client.id) ?? 0;
    const top = side !== 0 ? point.y - unit * 0.75 : point.y < p.height / 2 ? point.y - gap - unit * 2 : point.y + gap;
    // What fits between the node and the canvas' edge: a long id is shortened, never cut by the edge.
    const room = side > 0 ? p.width - margin - (point.x + gap) : side < 0 ? point.x - gap - margin : p.width - 2 * margin;
    const name = fitText(p, scene.widths, shorten(client.id, 24), unit * 0.9, room);
    const details = fitText(p, scene.widths, clientDetails(client, now, client.id === scene.ownId ? scene.texts.thisPage : ''), unit * 0.7, room);
    placed.push({ client, x: point.x + side * gap, top, side, activity: client.sent.perSecond(now) + client.received.perSecond(now), name, details });
  }
  const labelled = byPriority(placed, (entry) => entry.activity + (entry.client.id === scene.ownId ? 1e6 : 0)).filter((entry) => {
    const width = Math.max(scene.widths.of(p, entry.name, unit * 0.9), scene.widths.of(p, entry.details, unit * 0.7));
    // Above or below its node: moved in from the edges rather than cut off by them.
    if (entry.side === 0) entry.x = Math.min(Math.max(entry.x, margin + width / 2), p.width - margin - width / 2);
    // Two lines: 0.9 units, and 0.7 units 1.05 below its top, with their descenders.
    const box = { x: entry.side > 0 ? entry.x : entry.side < 0 ? entry.x - width : entry.x - width / 2, y: entry.top, w: width, h: unit * 1.9 };
    if (!space.take(box)) return false;
    scene.labels.push({ kind: 'client', text: `${entry.name}\n${entry.details}`, ...box });
    return true;
  });
  for (const [size, colour, text, offset] of [
    [0.9, COLOURS.text, (e: (typeof placed)[number]) => e.name, 0],
    [0.7, COLOURS.muted, (e: (typeof placed)[number]) => e.details, 1.05],
  ] as const) {
    p.textSize(unit * size);
    p.fill(paint(colour));
    for (const entry of labelled) {
      p.textAlign(entry.side > 0 ? p.LEFT : entry.side < 0 ? p.RIGHT : p.CENTER, p.TOP);
      p.text(text(entry), entry.x, entry.top + unit * offset);
    }
  }
}

/** `entries` highest `score` first; the same order every frame for equal scores, so labels do not flicker. */
function byPriority<T>(entries: T[], score: (entry: T) => number): T[] {
  return entries.map((entry, index) => ({ entry, index, score: score(entry) })).sort((a, b) => b.score - a.score || a.index - b.index).map(({ entry }) => entry);
}

/** The label's second line: profile, "this page" for the page's own (kept off the long first line), rates. */
function clientDetails(client: GraphClient, now: number, own: string): string {
  const sent = client.sent.perSecond(now);
  const received = client.received.perSecond(now);
  const rates = [sent > 0 ? `↑ ${formatRate(sent, '/s')}` : '', received > 0 ? `↓ ${formatRate(received, '/s')}` : ''].filter(Boolean);
  return [client.profile, own, rates.join('  ')].filter(Boolean).join(' · ');
}

function line(p: p5, a: Point | undefined, b: Point | undefined): void {
  if (a && b) p.line(a.x, a.y, b.x, b.y);
}
