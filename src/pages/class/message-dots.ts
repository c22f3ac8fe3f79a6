import type { Flow } from './graph-model.js';
import type { Point } from './graph-layout.js';

/** Node keys, so a dot follows its nodes when they move. */
export const clientKey = (id: string): string => `c:${id}`;
export const topicKey = (name: string): string => `t:${name}`;

/** Dots alive or waiting to leave, at most: a flood merges into heavier dots instead. */
export const MAX_DOTS = 500;
/** Dots one batch line may start, deliveries included, before messages share a dot. */
const DOTS_PER_FLOW = 24;
/** Time to travel one line, whatever its length: slow enough to follow on a projector. */
export const LEG_MS = 650;

export interface Dot {
  /** Node keys from publisher to subscriber: client, topic, [wildcard filter,] client. */
  path: string[];
  /** When it leaves its first node (page clock, ms). */
  start: number;
  /** Messages it stands for (more than 1 under a flood). */
  weight: number;
  /** The publisher, whose colour it carries. */
  publisherId: string;
}

export interface PlacedDot extends Point {
  weight: number;
  publisherId: string;
}

/**
 * The messages in flight: each batch line becomes a few dots that leave the publisher one
 * after another over the batch's interval, reach the topic, then fan out along each route
 * to a subscriber. Bounded by `max`: a dot that would go where one is still waiting to leave
 * joins it (a heavier dot), and past the bound the oldest dots go first.
 */
export class MessageDots {
  #dots: Dot[] = [];
  /** The newest dot per path, while it has not left yet: where a flood's messages merge. */
  #waiting = new Map<string, Dot>();
  merged = 0;

  constructor(readonly max = MAX_DOTS) {}

  get size(): number {
    return this.#dots.length;
  }

  spawn(flows: Flow[], now: number): void {
    for (const flow of flows) {
      const legs = 1 + flow.routes.length;
      const departures = Math.max(1, Math.min(flow.count, Math.floor(DOTS_PER_FLOW / legs)));
      const weight = flow.count / departures;
      const from = clientKey(flow.publisherId);
      const topic = topicKey(flow.topic);
      for (let i = 0; i < departures; i++) {
        const start = now + (i * flow.ms) / departures;
        this.#add([from, topic], start, weight, flow.publisherId);
        for (const route of flow.routes) {
          const via = route.filter === flow.topic ? [topic] : [topic, topicKey(route.filter)];
          // Leaves the topic as the publisher's dot arrives there.
          this.#add([...via, clientKey(route.subscriberId)], start + LEG_MS, weight, flow.publisherId);
        }
      }
    }
  }

  /** Where each dot is at `now`; finished dots, and dots whose nodes are gone, are dropped. */
  place(now: number, position: (key: string) => Point | undefined): PlacedDot[] {
    const placed: PlacedDot[] = [];
    this.#dots = this.#dots.filter((dot) => {
      const travelled = (now - dot.start) / LEG_MS;
      if (travelled >= dot.path.length - 1) return false;
      if (travelled < 0) return true;
      const leg = Math.floor(travelled);
      const a = position(dot.path[leg]!);
      const b = position(dot.path[leg + 1]!);
      if (!a || !b) return false;
      const t = travelled - leg;
      placed.push({ x: a.x + (b.x - a.x) * t, y: a.y + (b.y - a.y) * t, weight: dot.weight, publisherId: dot.publisherId });
      return true;
    });
    for (const [key, dot] of this.#waiting) if (dot.start <= now) this.#waiting.delete(key);
    return placed;
  }

  clear(): void {
    this.#dots = [];
    this.#waiting.clear();
  }

  #add(path: string[], start: number, weight: number, publisherId: string): void {
    const key = path.join('\u0000');
    const waiting = this.#waiting.get(key);
    if (waiting && this.#dots.length >= this.max) {
      waiting.weight += weight;
      this.merged++;
      return;
    }
    if (this.#dots.length >= this.max) {
      const oldest = this.#dots.shift()!;
      const oldestKey = oldest.path.join('\u0000');
      if (this.#waiting.get(oldestKey) === oldest) this.#waiting.delete(oldestKey);
    }
    const dot = { path, start, weight, publisherId };
    this.#dots.push(dot);
    this.#waiting.set(key, dot);
  }
}
