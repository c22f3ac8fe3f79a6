// What sits over the class graph: the details of the node under the pointer, and a legend.
import type p5 from 'p5';
import type { GraphScene } from './draw-graph.js';
import type { ClassGraphModel, GraphClient, GraphTopic } from './graph-model.js';
import type { Point } from './graph-layout.js';
import { COLOURS, formatRate, PROFILE_COLOURS, unitOf, type ProfileColours } from './graph-style.js';
import type { DrawnLabel, LabelSpace, TextWidths } from './label-space.js';
import type { PageTexts } from '../../texts/page-texts.js';
import { clientKey, topicKey } from './message-dots.js';

export type HoverTarget = { kind: 'client'; node: GraphClient } | { kind: 'topic'; node: GraphTopic };

/** The node under the pointer, if any. */
export function nodeAt(p: p5, scene: GraphScene, x: number, y: number): HoverTarget | undefined {
  const reach = unitOf(p) * 1.2;
  let best: { target: HoverTarget; distance: number } | undefined;
  const consider = (target: HoverTarget, point: Point | undefined) => {
    const distance = point ? Math.hypot(point.x - x, point.y - y) : Infinity;
    if (distance <= reach && (!best || distance < best.distance)) best = { target, distance };
  };
  for (const node of scene.model.clients.values()) consider({ kind: 'client', node }, scene.positions.get(clientKey(node.id)));
  for (const node of scene.model.topics.values()) consider({ kind: 'topic', node }, scene.positions.get(topicKey(node.name)));
  return best?.target;
}

/** The hovered node's details, in a box beside the pointer. */
export function drawTooltip(p: p5, scene: GraphScene, target: HoverTarget, x: number, y: number, now: number): void {
  const unit = unitOf(p);
  const lines = target.kind === 'client' ? clientDetails(target.node, now, scene.texts) : topicDetails(scene.model, target.node, now, scene.texts);
  p.textSize(unit * 0.8);
  p.textAlign(p.LEFT, p.TOP);
  const width = Math.max(...lines.map((text) => p.textWidth(text))) + unit;
  const height = lines.length * unit * 1.1 + unit * 0.6;
  const left = Math.min(x + unit, p.width - width - 4);
  const top = Math.min(y + unit, p.height - height - 4);
  p.fill(COLOURS.panel);
  p.stroke(COLOURS.subscription);
  p.strokeWeight(1);
  p.rect(left, top, width, height, 6);
  p.noStroke();
  lines.forEach((text, i) => {
    p.fill(i === 0 ? COLOURS.text : COLOURS.muted);
    p.text(text, left + unit / 2, top + unit * 0.3 + i * unit * 1.1);
  });
}

function clientDetails(client: GraphClient, now: number, t: PageTexts): string[] {
  const minutes = Math.floor((now - client.connectedAt) / 60_000);
  const since = minutes < 1 ? t.underAMinute : minutes < 60 ? `${minutes} min` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
  const subscriptions = client.subscriptions.length === 0 ? t.none : client.subscriptions.slice(0, 6).join(', ') + (client.subscriptions.length > 6 ? ', …' : '');
  return [
    client.id,
    t.profileIs(client.profile),
    t.connectedFor(since),
    t.publishesReceives(formatRate(client.sent.perSecond(now)), formatRate(client.received.perSecond(now))),
    t.subscribedTo(subscriptions, client.moreSubscriptions),
  ];
}

function topicDetails(model: ClassGraphModel, topic: GraphTopic, now: number, t: PageTexts): string[] {
  const publishers = [...model.publishLinks.values()].filter((link) => link.topic === topic.name).map((link) => link.clientId);
  // A wildcard's own subscribers; for a topic, everyone it reaches (through wildcards too).
  const subscribers = topic.wildcard
    ? [...model.clients.values()].filter((client) => client.subscriptions.includes(topic.name)).map((client) => client.id)
    : model.routes(topic.name).map((route) => route.subscriberId);
  const list = (ids: string[]) => (ids.length === 0 ? t.nobody : ids.slice(0, 5).join(', ') + (ids.length > 5 ? `, +${ids.length - 5}` : ''));
  return [
    topic.wildcard ? `${topic.name} (${t.legendWildcard})` : topic.name,
    `${formatRate(topic.rate.perSecond(now))}`,
    ...(topic.wildcard ? [] : [t.publishedBy(list(publishers))]),
    t.subscribedBy(list(subscribers)),
  ];
}

/** One entry of the legend: its mark and words, where they go. */
interface LegendEntry {
  label: string;
  mark: 'profile' | 'topic' | 'wildcard';
  colour: string;
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface Legend {
  entries: LegendEntry[];
  /** The band it takes at the bottom of the canvas. */
  height: number;
}

/**
 * What the colours and shapes mean, for a class seeing it for the first time: every profile
 * (a class's accounts are each their own, and "+26 profiles" hid whose colour was whose), the
 * defaults first, then topics and wildcard filters; in as many rows along the bottom as it needs.
 */
export function layoutLegend(p: p5, profiles: string[], colours: ProfileColours, widths: TextWidths, texts: PageTexts): Legend {
  const unit = unitOf(p);
  const size = unit * 0.7;
  const ordered = [...profiles.filter((profile) => profile in PROFILE_COLOURS), ...profiles.filter((profile) => !(profile in PROFILE_COLOURS))];
  const wanted: Omit<LegendEntry, 'x' | 'y' | 'w' | 'h'>[] = [
    ...ordered.map((profile) => ({ label: profile, mark: 'profile' as const, colour: colours.of(profile) })),
    { label: texts.legendTopic, mark: 'topic', colour: COLOURS.topic },
    { label: texts.legendWildcard, mark: 'wildcard', colour: COLOURS.topic },
  ];
  const left = unit * 0.6;
  const right = p.width - unit * 0.6;
  const rowHeight = size * 1.5;
  const entries: LegendEntry[] = [];
  let x = left;
  let row = 0;
  for (const entry of wanted) {
    const w = size * 1.4 + widths.of(p, entry.label, size);
    if (x > left && x + w > right) {
      row++;
      x = left;
    }
    entries.push({ ...entry, x, y: row, w, h: rowHeight });
    x += w + size * 1.1;
  }
  const height = (row + 1) * rowHeight + unit * 0.5;
  for (const entry of entries) entry.y = p.height - height + unit * 0.25 + entry.y * rowHeight;
  return { entries, height };
}

/** Keeps the legend's room in `space` before the graph's labels look for theirs, and lists its words in `labels`. */
export function reserveLegend(legend: Legend, space: LabelSpace, labels: DrawnLabel[]): void {
  for (const { label, x, y, w, h } of legend.entries) {
    space.reserve({ x, y, w, h });
    labels.push({ kind: 'legend', text: label, x, y, w, h });
  }
}

/** Draws the legend over the graph. */
export function drawLegend(p: p5, legend: Legend): void {
  const unit = unitOf(p);
  const size = unit * 0.7;
  p.textSize(size);
  p.textAlign(p.LEFT, p.CENTER);
  for (const { label, mark, colour, x, y } of legend.entries) {
    const middle = y + size * 0.75;
    if (mark === 'wildcard') {
      p.noFill();
      p.stroke(colour);
      p.strokeWeight(2);
    } else {
      p.noStroke();
      p.fill(colour);
    }
    p.circle(x + size / 2, middle, size);
    p.noStroke();
    p.fill(COLOURS.muted);
    p.text(label, x + size * 1.4, middle);
  }
}
