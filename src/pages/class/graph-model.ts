import type { ActivityBatch, ClientsSnapshot } from '../../kit/activity-feed.js';
import { matchTopic } from '../../mqtt/topics.js';
import { DecayingRate } from './decaying-rate.js';

/** A topic no one subscribes to stays on screen this long after its last message. */
export const TOPIC_TTL_MS = 30_000;
/** A publish line fades out over this long after its last message. */
export const PUBLISH_LINK_TTL_MS = 10_000;

export interface GraphClient {
  id: string;
  profile: string;
  /** When it connected, on this page's clock (`performance.now()` ms). */
  connectedAt: number;
  /** Its filters, `$SYS/…` ones left out (the page's own feed would clutter every graph). */
  subscriptions: string[];
  moreSubscriptions: number;
  sent: DecayingRate;
  received: DecayingRate;
}

export interface GraphTopic {
  /** A topic, or a wildcard filter someone subscribed to (drawn as a ring). */
  name: string;
  wildcard: boolean;
  rate: DecayingRate;
  lastMessageAt: number;
}

export interface PublishLink {
  clientId: string;
  topic: string;
  lastAt: number;
  rate: DecayingRate;
}

/** Where a message on a topic goes: through `filter` (itself, or a wildcard) to `subscriberId`. */
export interface Route {
  filter: string;
  subscriberId: string;
}

/** One batch line, ready to animate: `count` messages from `publisherId` on `topic` over `ms`. */
export interface Flow {
  publisherId: string;
  topic: string;
  count: number;
  ms: number;
  routes: Route[];
}

const linkKey = (clientId: string, topic: string): string => `${clientId}\u0000${topic}`;
const hidden = (topic: string): boolean => topic.startsWith('$');
const isWildcard = (filter: string): boolean => filter.includes('+') || filter.includes('#');

/**
 * What the class graph knows: the clients of the last snapshot, the topics in use (published
 * lately, or subscribed to), who published where, and message rates. Fed by the broker's
 * activity feed; `now` is the page's clock, passed in so tests can drive it.
 */
export class ClassGraphModel {
  readonly clients = new Map<string, GraphClient>();
  readonly topics = new Map<string, GraphTopic>();
  readonly publishLinks = new Map<string, PublishLink>();
  /** Connected clients the broker left out of its snapshot (over its cap). */
  omittedClients = 0;
  /** Messages the broker counted without saying where (too many topics at once). */
  unitemised = 0;
  readonly total = new DecayingRate();

  applySnapshot(snapshot: ClientsSnapshot, now: number): void {
    const listed = new Set<string>();
    for (const entry of snapshot.clients) {
      listed.add(entry.id);
      const known = this.clients.get(entry.id);
      const connectedAt = now - Math.max(0, snapshot.at - entry.since);
      const subscriptions = entry.subscriptions.filter((filter) => !hidden(filter));
      if (known) {
        Object.assign(known, { profile: entry.profile, connectedAt, subscriptions, moreSubscriptions: entry.moreSubscriptions ?? 0 });
      } else {
        this.clients.set(entry.id, {
          id: entry.id, profile: entry.profile, connectedAt, subscriptions, moreSubscriptions: entry.moreSubscriptions ?? 0,
          sent: new DecayingRate(), received: new DecayingRate(),
        });
      }
      for (const filter of subscriptions) this.#topic(filter, now);
    }
    for (const id of this.clients.keys()) if (!listed.has(id)) this.clients.delete(id);
    this.omittedClients = snapshot.omitted;
  }

  /** Counts the batch into rates and links; returns what moved, for the dots. */
  applyBatch(batch: ActivityBatch, now: number): Flow[] {
    const flows: Flow[] = [];
    const routesByTopic = new Map<string, Route[]>();
    this.unitemised += batch.omitted;
    this.total.add(batch.omitted, now);
    for (const [publisherId, topic, count] of batch.publishes) {
      this.total.add(count, now);
      if (hidden(topic)) continue;
      const node = this.#topic(topic, now);
      node.rate.add(count, now);
      node.lastMessageAt = now;
      this.clients.get(publisherId)?.sent.add(count, now);
      const key = linkKey(publisherId, topic);
      const link = this.publishLinks.get(key) ?? { clientId: publisherId, topic, lastAt: now, rate: new DecayingRate() };
      link.lastAt = now;
      link.rate.add(count, now);
      this.publishLinks.set(key, link);
      let routes = routesByTopic.get(topic);
      if (!routes) routesByTopic.set(topic, (routes = this.routes(topic)));
      for (const route of routes) this.clients.get(route.subscriberId)?.received.add(count, now);
      flows.push({ publisherId, topic, count, ms: batch.ms, routes });
    }
    return flows;
  }

  /**
   * Who gets a message on `topic`: one route per subscriber, through its filter equal to
   * the topic if it has one (the shortest way to draw), else its first matching wildcard.
   */
  routes(topic: string): Route[] {
    const routes: Route[] = [];
    for (const client of this.clients.values()) {
      const filter = client.subscriptions.includes(topic) ? topic : client.subscriptions.find((f) => matchTopic(f, topic));
      if (filter !== undefined) routes.push({ filter, subscriberId: client.id });
    }
    return routes;
  }

  /** Forgets quiet publish lines and topics nobody uses any more. */
  prune(now: number): void {
    for (const [key, link] of this.publishLinks) {
      if (now - link.lastAt > PUBLISH_LINK_TTL_MS || !this.clients.has(link.clientId)) this.publishLinks.delete(key);
    }
    const subscribed = new Set([...this.clients.values()].flatMap((client) => client.subscriptions));
    for (const [name, topic] of this.topics) {
      if (!subscribed.has(name) && now - topic.lastMessageAt > TOPIC_TTL_MS) this.topics.delete(name);
    }
  }

  /** Forgets everything, for a new login. */
  clear(): void {
    this.clients.clear();
    this.topics.clear();
    this.publishLinks.clear();
    this.omittedClients = 0;
    this.unitemised = 0;
  }

  /** Each topic with each wildcard filter in use that matches it: the graph draws a faint line between them. */
  wildcardLinks(): [topic: string, filter: string][] {
    const wildcards = [...this.topics.values()].filter((node) => node.wildcard).map((node) => node.name);
    const links: [string, string][] = [];
    if (wildcards.length === 0) return links;
    for (const node of this.topics.values()) {
      if (node.wildcard) continue;
      for (const filter of wildcards) if (matchTopic(filter, node.name)) links.push([node.name, filter]);
    }
    return links;
  }

  /** A plain copy for tests and the console (`classGraph.summary()` on the page). */
  summary(now: number) {
    return {
      clients: [...this.clients.values()].map((c) => ({
        id: c.id, profile: c.profile, subscriptions: c.subscriptions, sentPerSecond: c.sent.perSecond(now), receivedPerSecond: c.received.perSecond(now),
      })),
      topics: [...this.topics.values()].map((t) => ({ name: t.name, wildcard: t.wildcard, perSecond: t.rate.perSecond(now) })),
      publishLinks: [...this.publishLinks.values()].map((l) => ({ clientId: l.clientId, topic: l.topic })),
      messagesPerSecond: this.total.perSecond(now),
    };
  }

  #topic(name: string, now: number): GraphTopic {
    let node = this.topics.get(name);
    if (!node) this.topics.set(name, (node = { name, wildcard: isWildcard(name), rate: new DecayingRate(), lastMessageAt: now }));
    return node;
  }
}
