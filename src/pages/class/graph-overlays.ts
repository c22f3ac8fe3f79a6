// What sits over the class graph: the details of the node under the pointer, and a legend.
import type p5 from 'p5';
import type { GraphScene } from './draw-graph.js';
import type { ClassGraphModel, GraphClient, GraphTopic } from './graph-model.js';
import type { Point } from './graph-layout.js';
import { COLOURS, formatRate, PROFILE_COLOURS, profileColour, unitOf } from './graph-style.js';
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
  const lines = target.kind === 'client' ? clientDetails(target.node, now) : topicDetails(scene.model, target.node, now);
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

function clientDetails(client: GraphClient, now: number): string[] {
  const minutes = Math.floor((now - client.connectedAt) / 60_000);
  const since = minutes < 1 ? 'under a minute' : minutes < 60 ? `${minutes} min` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
  const subscriptions = client.subscriptions.length === 0 ? 'none' : client.subscriptions.slice(0, 6).join(', ') + (client.subscriptions.length > 6 ? ', …' : '');
  return [
    client.id,
    `profile: ${client.profile}`,
    `connected for ${since}`,
    `publishes ${formatRate(client.sent.perSecond(now))}, receives ${formatRate(client.received.perSecond(now))}`,
    `subscribed to ${subscriptions}${client.moreSubscriptions > 0 ? ` (+${client.moreSubscriptions} more)` : ''}`,
  ];
}

function topicDetails(model: ClassGraphModel, topic: GraphTopic, now: number): string[] {
  const publishers = [...model.publishLinks.values()].filter((link) => link.topic === topic.name).map((link) => link.clientId);
  // A wildcard's own subscribers; for a topic, everyone it reaches (through wildcards too).
  const subscribers = topic.wildcard
    ? [...model.clients.values()].filter((client) => client.subscriptions.includes(topic.name)).map((client) => client.id)
    : model.routes(topic.name).map((route) => route.subscriberId);
  const list = (ids: string[]) => (ids.length === 0 ? 'nobody' : ids.slice(0, 5).join(', ') + (ids.length > 5 ? `, +${ids.length - 5}` : ''));
  return [
    topic.wildcard ? `${topic.name} (wildcard filter)` : topic.name,
    `${formatRate(topic.rate.perSecond(now))}`,
    ...(topic.wildcard ? [] : [`published by ${list(publishers)}`]),
    `subscribed by ${list(subscribers)}`,
  ];
}

/** Profiles other than the defaults named in the legend; a class of student accounts would fill the screen. */
const LEGEND_OTHER_PROFILES = 3;

/** What the colours and shapes mean, in a corner, for a class seeing it for the first time. */
export function drawLegend(p: p5, profiles: string[]): void {
  const unit = unitOf(p);
  const size = unit * 0.7;
  const dot = (fill: string) => (x: number, y: number) => {
    p.noStroke();
    p.fill(fill);
    p.circle(x, y, size);
  };
  const others = profiles.filter((profile) => !(profile in PROFILE_COLOURS));
  const named = [...profiles.filter((profile) => profile in PROFILE_COLOURS), ...others.slice(0, LEGEND_OTHER_PROFILES)];
  const entries: [string, ((x: number, y: number) => void) | undefined][] = [
    ...named.map((profile): [string, (x: number, y: number) => void] => [profile, dot(profileColour(profile))]),
    ...(others.length > LEGEND_OTHER_PROFILES ? [[`+${others.length - LEGEND_OTHER_PROFILES} profiles`, undefined] as [string, undefined]] : []),
    ['topic', dot(COLOURS.topic)],
    ['wildcard filter', (x, y) => {
      p.noFill();
      p.stroke(COLOURS.topic);
      p.strokeWeight(2);
      p.circle(x, y, size);
    }],
  ];
  p.textSize(size);
  p.textAlign(p.RIGHT, p.CENTER);
  let x = p.width - unit * 0.6;
  const y = p.height - unit * 0.9;
  for (const [label, mark] of [...entries].reverse()) {
    p.noStroke();
    p.fill(COLOURS.muted);
    p.text(label, x, y);
    x -= p.textWidth(label) + size * 0.9;
    mark?.(x, y);
    x -= size * (mark ? 1.6 : 0.7);
  }
}
