import type { AedesPublishPacket, Client, Subscription } from 'aedes';
import {
  ACTIVITY_TOPIC, CLIENTS_TOPIC, type ActivityBatch, type ClientsSnapshot, type FeedClient, type PublishEdge,
} from '../../kit/activity-feed.js';
import { matchTopic } from '../../mqtt/topics.js';
import { profileOf } from './client-state.js';
import type { BrokerContext } from './context.js';
import type { InternalMember } from './internals.js';

/** Often enough for the class graph's dots to flow, seldom enough to cost nothing to speak of. */
export const FEED_INTERVAL_MS = 250;
/** Distinct (client, topic) pairs itemised per interval; past it, messages are only counted. */
const MAX_EDGES = 1000;
const MAX_CLIENTS = 500;
const MAX_SUBSCRIPTIONS = 32;
// aedes marks refused subscriptions with the SUBACK failure code.
const SUBACK_FAILURE = 128;

/**
 * What the feed reads beyond aedes' typings: a client's granted subscriptions, including
 * those a persistent session restored (for which aedes emits no 'subscribe' event).
 */
export const ACTIVITY_FEED_INTERNALS: readonly InternalMember[] = [{ on: 'an aedes client', name: 'subscriptions', shape: 'object' }];

type ClientWithSubscriptions = Client & { subscriptions?: Record<string, unknown> };

/**
 * Publishes the class graph's feed (see src/kit/activity-feed.ts) while at least one client
 * is subscribed to it, and does no per-message work otherwise: the counting listener is
 * attached to aedes' 'publish' event only while someone watches. Who may watch is the
 * profiles' business: `$SYS/…` is refused to all but `admin` in the defaults.
 *
 * The clients list is not retained: a retained copy would go stale while nobody watches
 * (and outlive a restart with `--persist`), so each new watcher gets a fresh one instead.
 */
export function startActivityFeed(ctx: BrokerContext, intervalMs = FEED_INTERVAL_MS): { close(): void } {
  const { aedes, live, states } = ctx;
  /** Clients subscribed to the feed, with their filters that cover it. */
  const watchers = new Map<Client, Set<string>>();
  let counts = new Map<Client, Map<string, number>>();
  let edges = 0;
  let omitted = 0;
  let membershipChanged = true;
  let timer: ReturnType<typeof setInterval> | undefined;
  let intervalStart = 0;
  let closed = false;

  // The hot path while watched: two Map lookups and an increment per message.
  const count = (packet: AedesPublishPacket, client: Client | null): void => {
    // No client: the broker's own $SYS messages, this feed's included.
    if (!client) return;
    const topics = counts.get(client);
    const n = topics?.get(packet.topic);
    if (n !== undefined) topics!.set(packet.topic, n + 1);
    else if (edges >= MAX_EDGES) omitted++;
    else {
      edges++;
      if (topics) topics.set(packet.topic, 1);
      else counts.set(client, new Map([[packet.topic, 1]]));
    }
  };

  const publish = (topic: string, body: ClientsSnapshot | ActivityBatch): void => {
    aedes.publish({ cmd: 'publish', topic, payload: Buffer.from(JSON.stringify(body)), qos: 0, retain: false, dup: false }, () => {});
  };

  const snapshot = (now: number): ClientsSnapshot => {
    const clients: FeedClient[] = [];
    for (const client of live.values()) {
      if (clients.length >= MAX_CLIENTS) break;
      const filters = Object.keys((client as ClientWithSubscriptions).subscriptions ?? {});
      const entry: FeedClient = {
        id: client.id,
        profile: profileOf(client)?.username ?? '',
        since: states.get(client)?.openedAt ?? now,
        subscriptions: filters.slice(0, MAX_SUBSCRIPTIONS),
      };
      if (filters.length > MAX_SUBSCRIPTIONS) entry.moreSubscriptions = filters.length - MAX_SUBSCRIPTIONS;
      clients.push(entry);
    }
    return { at: now, clients, omitted: live.size - clients.length };
  };

  const resetCounts = (): void => {
    counts = new Map();
    edges = 0;
    omitted = 0;
  };

  const send = (): void => {
    const now = Date.now();
    // The clients first, so a page knows a new publisher before its first messages.
    if (membershipChanged) {
      membershipChanged = false;
      publish(CLIENTS_TOPIC, snapshot(now));
    }
    if (edges > 0 || omitted > 0) {
      const publishes: PublishEdge[] = [];
      for (const [client, topics] of counts) for (const [topic, n] of topics) publishes.push([client.id, topic, n]);
      publish(ACTIVITY_TOPIC, { at: now, ms: now - intervalStart, publishes, omitted });
      resetCounts();
    }
    intervalStart = now;
  };

  const update = (): void => {
    if (watchers.size > 0 && timer === undefined && !closed) {
      resetCounts();
      membershipChanged = true;
      intervalStart = Date.now();
      aedes.on('publish', count);
      timer = setInterval(send, intervalMs);
    } else if ((watchers.size === 0 || closed) && timer !== undefined) {
      clearInterval(timer);
      timer = undefined;
      aedes.off('publish', count);
      resetCounts();
    }
  };

  const covers = (filter: string): boolean => matchTopic(filter, ACTIVITY_TOPIC) || matchTopic(filter, CLIENTS_TOPIC);
  const watch = (client: Client, filters: string[]): void => {
    if (filters.length === 0) return;
    const set = watchers.get(client) ?? new Set<string>();
    for (const filter of filters) set.add(filter);
    watchers.set(client, set);
    update();
  };

  aedes.on('subscribe', (subscriptions: Subscription[], client: Client) => {
    membershipChanged = true;
    // Typed as QoS 0–2, but aedes puts the failure code in the same field.
    watch(client, subscriptions.filter((sub) => (sub.qos as number) !== SUBACK_FAILURE && covers(sub.topic)).map((sub) => sub.topic));
  });

  aedes.on('unsubscribe', (filters: string[], client: Client) => {
    membershipChanged = true;
    const set = watchers.get(client);
    if (!set) return;
    for (const filter of filters) set.delete(filter);
    if (set.size === 0) watchers.delete(client);
    update();
  });

  aedes.on('clientReady', (client: Client) => {
    membershipChanged = true;
    watch(client, Object.keys((client as ClientWithSubscriptions).subscriptions ?? {}).filter(covers));
  });

  aedes.on('clientDisconnect', (client: Client) => {
    membershipChanged = true;
    if (watchers.delete(client)) update();
  });

  return {
    close() {
      closed = true;
      update();
    },
  };
}
