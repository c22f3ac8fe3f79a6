import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import mqtt from 'mqtt';
import { startTestBroker, type TestBroker } from '../fixtures/aedes-broker.js';
import { connectVia, transports, waitFor } from '../fixtures/transports.js';
import { connect } from '../../src/mqtt/connect.js';
import type { MqttClient } from '../../src/mqtt/client.js';
import type { MqttMessage } from '../../src/mqtt/payload.js';
import type { ClientOptions } from '../../src/mqtt/types.js';

describe.each(transports)('client over %s', (via) => {
  let broker: TestBroker;
  const clients: MqttClient[] = [];
  const outside: mqtt.MqttClient[] = [];

  beforeEach(async () => {
    broker = await startTestBroker();
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.disconnect()));
    await Promise.all(outside.splice(0).map((c) => c.endAsync(true)));
    await broker.close();
  });

  const open = (clientId?: string, options?: ClientOptions) => {
    const client = connectVia(via, broker, clientId, options);
    clients.push(client);
    return client;
  };
  const stranger = async () => {
    const c = await mqtt.connectAsync(broker.tcpUrl, { clientId: `outside-${outside.length}` });
    outside.push(c);
    return c;
  };

  it('connects, reports it, and routes wildcard subscriptions to their handlers', async () => {
    const client = open('sketch', { deliver: 'immediate' });
    const connected: boolean[] = [];
    client.on('connected', (e) => connected.push(e.sessionPresent));
    const temps: MqttMessage[] = [];
    const all: string[] = [];
    expect(await client.subscribe('kit/+/temp', (m) => temps.push(m))).toBe(true);
    expect(await client.subscribe('kit/#', (m) => all.push(m.topic))).toBe(true);
    expect(client.status).toBe('connected');
    expect(client.statusText).toContain("as 'sketch'");
    expect(connected).toEqual([false]);

    const other = await stranger();
    await other.publishAsync('kit/kitchen/temp', '21.5', { qos: 1, retain: false });
    await other.publishAsync('kit/kitchen/humidity', '{"v":40}');
    await other.publishAsync('other/topic', 'nope');
    await waitFor(() => all.length === 2, 'two kit/# messages');
    expect(all).toEqual(['kit/kitchen/temp', 'kit/kitchen/humidity']);
    expect(temps).toHaveLength(1);
    const [temp] = temps;
    expect([temp?.topic, temp?.text, temp?.number, temp?.qos, temp?.retained]).toEqual(['kit/kitchen/temp', '21.5', 21.5, 0, false]);
  });

  it('publishes strings, numbers and JSON, and reports QoS 1 acknowledgements', async () => {
    const other = await stranger();
    const got: string[] = [];
    other.on('message', (topic, payload) => got.push(`${topic}=${payload.toString()}`));
    await other.subscribeAsync('out/#', { qos: 2 });
    const client = open(undefined, { deliver: 'immediate' });
    expect(client.clientId).toMatch(/^p5-/);
    const published: string[] = [];
    client.on('published', (e) => published.push(`${e.topic}@${e.qos}`));
    expect(await client.publish('out/text', 'world', { qos: 1 })).toBe(true);
    expect(await client.publish('out/number', 42)).toBe(true);
    expect(await client.publish('out/json', { a: [1, 2] }, { qos: 2 })).toBe(true);
    await waitFor(() => got.length === 3, 'three messages at the outside subscriber');
    expect(got).toEqual(['out/text=world', 'out/number=42', 'out/json={"a":[1,2]}']);
    expect(published).toEqual(['out/text@1', 'out/number@0', 'out/json@2']);
  });

  it('queues messages until drain() and hands them over in arrival order', async () => {
    const client = open('drainer', { deliver: 'drain' });
    const seen: string[] = [];
    client.on('message', (m) => seen.push(m.text));
    await client.subscribe('seq');
    const other = await stranger();
    for (let i = 0; i < 20; i++) await other.publishAsync('seq', String(i), { qos: 1 });
    await waitFor(() => client.queued === 20, '20 queued messages');
    expect(seen).toEqual([]);
    expect(client.drain(5)).toBe(5);
    expect(seen).toEqual(['0', '1', '2', '3', '4']);
    expect(client.drain()).toBe(15);
    expect(seen).toEqual(Array.from({ length: 20 }, (_, i) => String(i)));
    expect(client.drain()).toBe(0);
  });

  it('latestOnly keeps one waiting message per topic, the newest, and counts the ones it replaced', async () => {
    const client = open('latest', { deliver: 'drain' });
    const seen: string[] = [];
    client.on('message', (m) => seen.push(`${m.topic}=${m.text}`));
    await client.subscribe('pos/+', { latestOnly: true });
    await client.subscribe('log');
    const other = await stranger();
    for (let i = 0; i < 10; i++) {
      await other.publishAsync('pos/a', `a${i}`, { qos: 1 });
      await other.publishAsync('log', `l${i}`, { qos: 1 });
      await other.publishAsync('pos/b', `b${i}`, { qos: 1 });
    }
    await waitFor(() => client.stats.received === 30, '30 messages received');
    expect(client.queued).toBe(12);
    expect(client.stats.coalesced).toBe(18);
    client.drain();
    // Each latest-only topic in the place of its first waiting message, with the newest payload.
    expect(seen).toEqual(['pos/a=a9', 'log=l0', 'pos/b=b9', ...Array.from({ length: 9 }, (_, i) => `log=l${i + 1}`)]);
    await other.publishAsync('pos/a', 'again', { qos: 1 });
    await waitFor(() => client.queued === 1, 'the next message waiting');
    client.drain();
    expect(seen.at(-1)).toBe('pos/a=again');
  });

  it('latestOnly is the asking subscription\'s own: a # logger beside it still gets every message', async () => {
    const client = open('latest-mixed', { deliver: 'drain' });
    const slider: string[] = [];
    const logged: string[] = [];
    const unclaimed: string[] = [];
    client.on('unclaimed', (m) => unclaimed.push(m.text));
    await client.subscribe('slider/+', (m) => slider.push(m.text), { latestOnly: true });
    await client.subscribe('#', (m) => logged.push(m.text));
    await client.subscribe('hello');
    const other = await stranger();
    for (let i = 0; i < 5; i++) await other.publishAsync('slider/1', `s${i}`, { qos: 1 });
    await other.publishAsync('hello', 'world', { qos: 1 });
    await waitFor(() => client.stats.received === 6, '6 messages received');
    expect(client.queued).toBe(6);
    client.drain();
    expect(slider).toEqual(['s4']);
    expect(logged).toEqual(['s0', 's1', 's2', 's3', 's4', 'world']);
    // 'hello' was subscribed without a handler: it is the catch-all's (messageReceived in a sketch),
    // and so is nothing the handlers took.
    expect(unclaimed).toEqual(['world']);
    expect(client.stats.coalesced).toBe(4);
  });

  // Subscribed before connecting, published the moment 'connected' fires: the broker must see
  // the SUBSCRIBE first, or the sketch never hears its own first message.
  it("a publish made on 'connected' comes back through a subscription made before connecting", async () => {
    const heard: string[] = [];
    for (let i = 0; i < 10; i++) {
      const client = open(undefined, { deliver: 'immediate' });
      void client.subscribe(`order/${i}`, (m) => heard.push(m.text));
      client.on('connected', () => void client.publish(`order/${i}`, `first ${i}`));
    }
    await waitFor(() => heard.length === 10, 'every first message heard', 5000);
    expect(heard.sort()).toEqual(Array.from({ length: 10 }, (_, i) => `first ${i}`).sort());
  });

  it('says a subscription the broker refuses (SUBACK 0x80) in words, not as MQTT.js\'s "Unspecified error"', async () => {
    broker.aedes.authorizeSubscribe = (_client, subscription, done) => done(null, subscription.topic.startsWith('$SYS') ? null : subscription);
    const client = open('refused-sub', { deliver: 'immediate' });
    const errors: string[] = [];
    client.on('error', (e) => errors.push(e.message));
    expect(await client.subscribe('$SYS/#')).toBe(false);
    expect(await client.subscribe('allowed/#')).toBe(true);
    expect(errors).toEqual(["Subscribing to '$SYS/#' failed: refused by the broker (not allowed for this user?)"]);
  });

  it('refuses bad input with readable errors instead of throwing', async () => {
    const client = open('careful', { deliver: 'immediate' });
    const errors: string[] = [];
    client.on('error', (e) => errors.push(e.message));
    expect(await client.publish('bad/+/topic', 'x')).toBe(false);
    expect(await client.subscribe('a/#/b')).toBe(false);
    expect(await client.publish('ok', () => 1)).toBe(false);
    expect(errors[0]).toMatch(/wildcard/);
    expect(errors[1]).toMatch(/'#' must be/);
    expect(errors[2]).toMatch(/Cannot publish a function/);
  });

  it('sends the will set right after connect with the CONNECT packet', async () => {
    const wills: string[] = [];
    broker.aedes.on('client', (c) => {
      const will = (c as unknown as { will?: { topic: string; payload: Buffer } }).will;
      if (will) wills.push(`${will.topic}=${will.payload.toString()}`);
    });
    const client = open('mortal');
    client.setWill('status/mortal', 'gone', { qos: 1, retain: true });
    await waitFor(() => client.connected, 'connection');
    expect(wills).toEqual(['status/mortal=gone']);
  });

  it('reconnects and resubscribes after the broker restarts; QoS 0 sent while offline is dropped', async () => {
    const client = open('survivor', { deliver: 'immediate', reconnect: { min: 100, max: 400 } });
    const seen: string[] = [];
    const statuses: string[] = [];
    const lost: string[] = [];
    client.on('status', (s) => statuses.push(s.status));
    client.on('lost', (e) => lost.push(e.reason));
    await client.subscribe('news', (m) => seen.push(m.text));
    const ports = { tcp: broker.tcpPort, ws: broker.wsPort };
    await broker.close();
    await waitFor(() => client.status === 'reconnecting', 'reconnecting status');
    expect(lost).toHaveLength(1);
    const errors: string[] = [];
    client.on('error', (e) => errors.push(e.message));
    expect(await client.publish('news', 'stale')).toBe(false);
    expect(errors.join()).toMatch(/dropped/);

    broker = await startTestBroker(undefined, ports);
    await waitFor(() => client.connected, 'reconnection', 8000);
    const other = await stranger();
    await new Promise((resolve) => setTimeout(resolve, 100));
    await other.publishAsync('news', 'fresh', { qos: 1 });
    await waitFor(() => seen.length > 0, 'a message after resubscribing');
    expect(seen).toEqual(['fresh']);
    expect(statuses).toContain('reconnecting');
    expect(statuses.at(-1)).toBe('connected');
  });
});

describe('trouble that ends in a clear status', () => {
  it('stops after a refused password, with a message saying what to check (every transport)', async () => {
    const broker = await startTestBroker({ public: 'public' });
    try {
      const clients = transports.map((via) => connectVia(via, broker, `wrong-${via.replace('/', '-')}`, {}, 'public:nope'));
      await waitFor(() => clients.every((c) => c.status === 'error'), 'error status on every client');
      for (const c of clients) {
        expect(c.statusText).toMatch(/refused the user name or password/);
        expect(c.statusText).toMatch(/public/);
        expect(c.statusText).not.toMatch(/nope/);
        const errors: string[] = [];
        c.on('error', (e) => errors.push(e.message));
        expect(await c.subscribe('anything')).toBe(false);
        expect(errors[0]).toBe(c.statusText);
      }
      await new Promise((resolve) => setTimeout(resolve, 5000));
      // At most 2 attempts per client in 5 s: we make exactly one.
      expect(broker.connectAttempts).toBe(clients.length);
      await Promise.all(clients.map((c) => c.disconnect()));
    } finally {
      await broker.close();
    }
  });

  it('turns a bad URL into an error status naming the bad part', async () => {
    const client = connect('mqtt://localhost:99999', 'x', { deliver: 'immediate' });
    const errors: string[] = [];
    client.on('error', (e) => errors.push(e.message));
    expect(client.status).toBe('error');
    expect(client.statusText).toMatch(/port '99999'/);
    expect(await client.publish('a', 'b')).toBe(false);
    await Promise.resolve();
    expect(errors.length).toBeGreaterThan(0);
  });

  it('says the broker is unreachable when nothing listens', async () => {
    const broker = await startTestBroker();
    const url = { tcpUrl: broker.tcpUrl, wsUrl: broker.wsUrl };
    await broker.close();
    const client = connectVia('direct/tcp', url, 'lonely', { reconnect: { min: 200, max: 400 } });
    await waitFor(() => /Is the broker running\?/.test(client.statusText), 'unreachable text');
    expect(client.status).toBe('reconnecting');
    await client.disconnect();
    expect(client.status).toBe('offline');
  });

  it.each(transports)('a subscribe made while the broker is down resolves once it is up, without an error (%s)', async (via) => {
    const first = await startTestBroker();
    const ports = { tcp: first.tcpPort, ws: first.wsPort };
    const urls = { tcpUrl: first.tcpUrl, wsUrl: first.wsUrl };
    await first.close();
    const client = connectVia(via, urls, undefined, { deliver: 'immediate', reconnect: { min: 100, max: 200 } });
    const errors: string[] = [];
    client.on('error', (e) => errors.push(e.message));
    const seen: string[] = [];
    const subscribed = client.subscribe('later', (m) => seen.push(m.text));
    await waitFor(() => client.status === 'reconnecting', 'reconnecting');
    const broker = await startTestBroker(undefined, ports);
    try {
      expect(await subscribed).toBe(true);
      const outside = await mqtt.connectAsync(broker.tcpUrl);
      await outside.publishAsync('later', 'arrived', { qos: 1 });
      await waitFor(() => seen.length === 1, 'the message');
      await outside.endAsync();
      expect(errors.filter((e) => !/Is the broker running/.test(e))).toEqual([]);
    } finally {
      await client.disconnect();
      await broker.close();
    }
  });

  it('leaves no sockets or timers behind after disconnect', async () => {
    const broker = await startTestBroker();
    const count = () =>
      process.getActiveResourcesInfo().filter((r) => r === 'TCPSocketWrap' || r === 'Timeout').length;
    const before = count();
    const clients = transports.map((via) => connectVia(via, broker, undefined, { deliver: 'immediate' }));
    await waitFor(() => clients.every((c) => c.connected), 'all connected');
    expect(count()).toBeGreaterThan(before);
    await Promise.all(clients.map((c) => c.disconnect()));
    await broker.close();
    await waitFor(() => count() <= before, 'handles back to baseline', 3000);
  });
});
