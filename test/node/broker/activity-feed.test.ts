// The class graph's feed on $SYS/kit/…: what it says, that it runs only while an admin
// watches (no per-message work otherwise), and that nobody else may watch. Loopback only.
import { EventEmitter } from 'node:events';
import type { AedesPublishPacket, Client } from 'aedes';
import type { MqttClient } from 'mqtt';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  ACTIVITY_TOPIC, CLIENTS_TOPIC, FEED_FILTER, parseActivityBatch, parseClientsSnapshot, type ActivityBatch, type ClientsSnapshot,
} from '../../../src/kit/activity-feed.js';
import { defaultProfiles, type RunningBroker } from '../../../src/node/broker/index.js';
import { FEED_INTERVAL_MS, startActivityFeed } from '../../../src/node/broker/activity-feed.js';
import { ConnectionStates } from '../../../src/node/broker/client-state.js';
import type { BrokerContext } from '../../../src/node/broker/context.js';
import { grantedQos, sleep, useHarness, waitFor } from './harness.js';

const h = useHarness();
const ADMIN = 'Adm1n-S3cret!';
const admin = { username: 'admin', password: ADMIN };
const SUBACK_FAILURE = 128;

/** What a watcher received, parsed. */
function feedOf(client: MqttClient): { snapshots: ClientsSnapshot[]; batches: ActivityBatch[] } {
  const feed = { snapshots: [] as ClientsSnapshot[], batches: [] as ActivityBatch[] };
  client.on('message', (topic, payload) => {
    if (topic === CLIENTS_TOPIC) feed.snapshots.push(parseClientsSnapshot(payload.toString())!);
    if (topic === ACTIVITY_TOPIC) feed.batches.push(parseActivityBatch(payload.toString())!);
  });
  return feed;
}

/** Feed messages the broker publishes, seen from inside it (whoever receives them). */
function feedPublishes(broker: RunningBroker): string[] {
  const seen: string[] = [];
  broker.aedes.on('publish', (packet: AedesPublishPacket) => {
    if (packet.topic.startsWith('$SYS/kit/')) seen.push(packet.topic);
  });
  return seen;
}

const publishCount = (batches: ActivityBatch[], clientId: string, topic: string): number =>
  batches.flatMap((b) => b.publishes).filter(([c, t]) => c === clientId && t === topic).reduce((sum, [, , n]) => sum + n, 0);

describe('the activity feed', () => {
  it('shows two clients and the messages between them to an admin', async () => {
    const startedAt = Date.now();
    const { broker } = await h.startBroker({ profiles: defaultProfiles(ADMIN) });
    const watcher = await h.connect(broker.urls.tcp, { clientId: 'teacher', ...admin });
    const feed = feedOf(watcher);
    await watcher.subscribeAsync(FEED_FILTER);
    const alice = await h.connect(broker.urls.ws, { clientId: 'alice', username: 'public', password: 'public' });
    await alice.subscribeAsync('room/hello');
    const bob = await h.connect(broker.urls.tcp, { clientId: 'bob', username: 'viewer', password: 'viewer' });
    await bob.subscribeAsync('room/#');
    const carol = await h.connect(broker.urls.tcp, { clientId: 'carol', username: 'public', password: 'public' });
    for (let i = 0; i < 3; i++) await carol.publishAsync('room/hello', `hi ${i}`, { qos: 1 });

    await waitFor(() => publishCount(feed.batches, 'carol', 'room/hello') === 3, "carol's 3 messages on room/hello", 5000);
    await waitFor(() => (feed.snapshots.at(-1)?.clients.length ?? 0) === 4, 'a snapshot of the 4 clients', 5000);
    const snapshot = feed.snapshots.at(-1)!;
    const byId = Object.fromEntries(snapshot.clients.map((c) => [c.id, c]));
    expect(Object.keys(byId)).toEqual(['teacher', 'alice', 'bob', 'carol']);
    expect(byId.alice).toMatchObject({ profile: 'public', subscriptions: ['room/hello'] });
    expect(byId.bob).toMatchObject({ profile: 'viewer', subscriptions: ['room/#'] });
    expect(byId.carol).toMatchObject({ profile: 'public', subscriptions: [] });
    expect(byId.teacher).toMatchObject({ profile: 'admin', subscriptions: [FEED_FILTER] });
    for (const client of snapshot.clients) expect(client.since).toBeGreaterThanOrEqual(startedAt);
    expect(snapshot.omitted).toBe(0);
    // Only client messages are counted: not the feed's own, nor aedes' $SYS heartbeat and notices.
    const topics = new Set(feed.batches.flatMap((b) => b.publishes.map(([, topic]) => topic)));
    expect([...topics]).toEqual(['room/hello']);
    for (const batch of feed.batches) expect(batch.ms).toBeGreaterThan(0);
  });

  it('publishes nothing and listens to no message while nobody watches, and stops when the last watcher goes', async () => {
    const { broker } = await h.startBroker({ profiles: defaultProfiles(ADMIN) });
    const published = feedPublishes(broker);
    const idle = broker.aedes.listenerCount('publish');
    const alice = await h.connect(broker.urls.tcp, { clientId: 'alice' });
    await alice.subscribeAsync('room/hello');
    const chat = async () => {
      for (let i = 0; i < 5; i++) await alice.publishAsync('room/hello', 'x', { qos: 1 });
    };

    await chat();
    await sleep(3 * FEED_INTERVAL_MS);
    expect(published).toEqual([]);
    expect(broker.aedes.listenerCount('publish')).toBe(idle);

    const first = await h.connect(broker.urls.tcp, { clientId: 'first-watcher', ...admin });
    await first.subscribeAsync(FEED_FILTER);
    // $SYS/# covers the feed too.
    const second = await h.connect(broker.urls.tcp, { clientId: 'second-watcher', ...admin });
    await second.subscribeAsync('$SYS/#');
    const secondFeed = feedOf(second);
    expect(broker.aedes.listenerCount('publish')).toBe(idle + 1);
    await chat();
    await waitFor(() => publishCount(secondFeed.batches, 'alice', 'room/hello') === 5, 'the chat in the feed');

    await first.unsubscribeAsync(FEED_FILTER);
    await second.endAsync();
    await waitFor(() => broker.aedes.listenerCount('publish') === idle, 'the counting listener to go');
    const before = published.length;
    await chat();
    await sleep(3 * FEED_INTERVAL_MS);
    expect(published.length).toBe(before);
  });

  it('refuses every profile but admin, with the SUBACK failure code, and does not start for them', async () => {
    const { broker, logs } = await h.startBroker({ profiles: defaultProfiles(ADMIN) });
    const published = feedPublishes(broker);
    const idle = broker.aedes.listenerCount('publish');
    for (const login of [{ username: 'public', password: 'public' }, { username: 'viewer', password: 'viewer' }, {}]) {
      const client = await h.connect(broker.urls.tcp, login);
      expect(await grantedQos(client, { [FEED_FILTER]: { qos: 0 }, [ACTIVITY_TOPIC]: { qos: 0 }, '$SYS/#': { qos: 0 }, hello: { qos: 0 } })).toEqual([
        SUBACK_FAILURE, SUBACK_FAILURE, SUBACK_FAILURE, 0,
      ]);
      expect(client.connected).toBe(true);
    }
    await sleep(3 * FEED_INTERVAL_MS);
    expect(published).toEqual([]);
    expect(broker.aedes.listenerCount('publish')).toBe(idle);
    expect(logs.some((line) => line.includes(`may not subscribe to '${FEED_FILTER}'`))).toBe(true);
  });

  it('resumes for a persistent session that comes back subscribed', async () => {
    const { broker } = await h.startBroker({ profiles: defaultProfiles(ADMIN) });
    const idle = broker.aedes.listenerCount('publish');
    const first = await h.connect(broker.urls.tcp, { clientId: 'teacher', clean: false, ...admin });
    await first.subscribeAsync(FEED_FILTER, { qos: 1 });
    await first.endAsync();
    await waitFor(() => broker.aedes.listenerCount('publish') === idle, 'the feed to stop');

    const again = h.open(broker.urls.tcp, { clientId: 'teacher', clean: false, ...admin });
    const feed = feedOf(again);
    const alice = await h.connect(broker.urls.tcp, { clientId: 'alice' });
    await waitFor(() => feed.snapshots.some((s) => s.clients.some((c) => c.id === 'alice')), 'a snapshot without subscribing again', 5000);
    await alice.publishAsync('room/hello', 'back', { qos: 1 });
    await waitFor(() => publishCount(feed.batches, 'alice', 'room/hello') === 1, "alice's message", 5000);
  });
});

describe('the activity feed, bounded', () => {
  afterEach(() => vi.useRealTimers());

  /** Just what startActivityFeed touches: aedes' events and publish, the live clients, their states. */
  function fakeBroker() {
    const sent: { topic: string; body: unknown }[] = [];
    const aedes = Object.assign(new EventEmitter(), {
      publish(packet: { topic: string; payload: Buffer }) {
        sent.push({ topic: packet.topic, body: JSON.parse(packet.payload.toString()) });
      },
    });
    const ctx = { aedes, live: new Map<string, Client>(), states: new ConnectionStates() } as unknown as BrokerContext;
    const client = (id: string, subscriptions: Record<string, unknown> = {}) => {
      const c = { id, subscriptions } as unknown as Client;
      ctx.live.set(id, c);
      return c;
    };
    return { aedes, ctx, sent, client };
  }

  it('itemises at most 1000 client–topic pairs per interval and counts the rest', () => {
    vi.useFakeTimers();
    const { aedes, ctx, sent, client } = fakeBroker();
    const feed = startActivityFeed(ctx);
    const watcher = client('watcher');
    aedes.emit('subscribe', [{ topic: FEED_FILTER, qos: 0 }], watcher);
    const flooder = client('flooder');
    for (let i = 0; i < 1500; i++) aedes.emit('publish', { topic: `t/${i}` }, flooder);
    for (let i = 0; i < 1500; i++) aedes.emit('publish', { topic: 't/0' }, flooder);
    vi.advanceTimersByTime(FEED_INTERVAL_MS);
    const batch = sent.find((m) => m.topic === ACTIVITY_TOPIC)!.body as ActivityBatch;
    expect(batch.publishes).toHaveLength(1000);
    expect(batch.publishes[0]).toEqual(['flooder', 't/0', 1501]);
    expect(batch.omitted).toBe(500);
    feed.close();
    expect(aedes.listenerCount('publish')).toBe(0);
  });

  it('lists at most 32 subscriptions per client and says how many more there are', () => {
    vi.useFakeTimers();
    const { aedes, ctx, sent, client } = fakeBroker();
    const feed = startActivityFeed(ctx);
    const many = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`s/${i}`, {}]));
    const watcher = client('watcher', many);
    aedes.emit('subscribe', [{ topic: FEED_FILTER, qos: 0 }], watcher);
    vi.advanceTimersByTime(FEED_INTERVAL_MS);
    const snapshot = sent.find((m) => m.topic === CLIENTS_TOPIC)!.body as ClientsSnapshot;
    expect(snapshot.clients[0]!.subscriptions).toHaveLength(32);
    expect(snapshot.clients[0]!.moreSubscriptions).toBe(8);
    feed.close();
  });
});
