import { connect as connectSocket } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import mqtt from 'mqtt';
import { createBroker, defaultProfiles, type RunningBroker } from '../../../src/node/broker/index.js';
import { startHttpBridge, type RunningHttpBridge } from '../../../src/node/bridges/http.js';
import { openSse, type SseStream } from '../../fixtures/sse-client.js';
import { collect, sleep, waitFor } from '../broker/harness.js';

const basic = (user: string, password: string) => ({ authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` });
const profiles = [
  ...defaultProfiles('admin-secret'),
  { username: 'sensor', password: 'sensor', publish: ['sensors/#'], subscribe: [] },
];

describe('HTTP bridge', () => {
  let broker: RunningBroker;
  let bridge: RunningHttpBridge;
  let logLines: string[];
  const cleanups: (() => unknown)[] = [];

  const start = async (options: Partial<Parameters<typeof startHttpBridge>[0]> = {}) => {
    bridge = await startHttpBridge({
      url: `mqtt://127.0.0.1:${broker.tcpPort}`,
      port: 0,
      known: profiles,
      log: (line) => logLines.push(line),
      ...options,
    });
    return bridge;
  };
  const watch = async (filter: string) => {
    const client = await mqtt.connectAsync(`mqtt://127.0.0.1:${broker.tcpPort}`, { username: 'public', password: 'public' });
    cleanups.push(() => client.endAsync(true));
    const received = collect(client);
    await client.subscribeAsync(filter, { qos: 1 });
    return { client, received };
  };
  const sse = async (path: string, headers: Record<string, string> = {}) => {
    const stream = await openSse(`${bridge.url}${path}`, headers);
    cleanups.push(() => stream.close());
    return stream;
  };

  beforeEach(async () => {
    logLines = [];
    broker = await createBroker({ tcpPort: 0, wsPort: 0, profiles, logLevel: 'quiet' });
  });
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    await bridge?.close();
    await broker.close();
  });

  it('POST /publish/<topic> publishes the body (204) with qos and retain as asked', async () => {
    await start();
    const { received } = await watch('sensors/#');
    const response = await fetch(`${bridge.url}/publish/sensors/kitchen/temp?qos=1&retain=true`, { method: 'POST', body: '23.5' });
    expect(response.status).toBe(204);
    await waitFor(() => received.length === 1, 'the message');
    expect(received[0]).toMatchObject({ topic: 'sensors/kitchen/temp', text: '23.5', qos: 1 });
    // Retained: a subscriber arriving later still gets it.
    const late = await watch('sensors/kitchen/temp');
    await waitFor(() => late.received.length === 1, 'the retained message');
    expect(late.received[0]).toMatchObject({ text: '23.5', retain: true });
  });

  it('GET /subscribe streams matching messages as Server-Sent Events, retained ones first, and lets go when the reader leaves', async () => {
    await start();
    const { client } = await watch('unused');
    await client.publishAsync('sensors/door', 'open', { retain: true });
    // As the p5 web editor's EventSource asks: any page may read the bridge's own login's streams.
    const stream = await sse('/subscribe?topic=sensors/%23', { origin: 'https://editor.p5js.org' });
    expect(stream.status).toBe(200);
    expect(stream.headers['content-type']).toMatch(/^text\/event-stream/);
    expect(stream.headers['access-control-allow-origin']).toBe('*');
    await client.publishAsync('sensors/temp', 'line one\nline two', { qos: 1 });
    await client.publishAsync('elsewhere', 'not for this stream');
    await client.publishAsync('sensors/temp', Buffer.from([0xff, 0x41]));
    const events = await stream.waitForEvents(3);
    expect(events.map((e) => e.event)).toEqual(['message', 'message', 'message']);
    expect(events.map((e) => JSON.parse(e.data))).toEqual([
      { topic: 'sensors/door', payload: 'open', qos: 0, retained: true },
      { topic: 'sensors/temp', payload: 'line one\nline two', qos: 0, retained: false },
      { topic: 'sensors/temp', payload: '\uFFFDA', qos: 0, retained: false },
    ]);
    expect(bridge.streams).toBe(1);
    const before = broker.aedes.connectedClients;
    stream.close();
    await waitFor(() => bridge.streams === 0 && broker.aedes.connectedClients === before - 1, 'the stream and its broker connection to close');
  });

  it('many readers at once each get every message', async () => {
    await start();
    const streams = await Promise.all(Array.from({ length: 25 }, () => sse('/subscribe?topic=hello')));
    expect(streams.every((s) => s.status === 200)).toBe(true);
    for (let i = 0; i < 5; i++) expect((await fetch(`${bridge.url}/publish/hello`, { method: 'POST', body: `m${i}` })).status).toBe(204);
    for (const stream of streams) {
      const events = await stream.waitForEvents(5);
      expect(events.map((e) => JSON.parse(e.data).payload)).toEqual(['m0', 'm1', 'm2', 'm3', 'm4']);
    }
  });

  it('Basic auth logs in as that profile: viewer gets 403 on publish and nothing is published; a wrong password gets 401', async () => {
    await start();
    const { received } = await watch('#');
    const denied = await fetch(`${bridge.url}/publish/hello`, { method: 'POST', body: 'x', headers: basic('viewer', 'viewer') });
    expect(denied.status).toBe(403);
    expect(await denied.json()).toEqual({ error: "'viewer' may not publish to 'hello' (its profile does not allow it)" });
    const sensorOk = await fetch(`${bridge.url}/publish/sensors/a`, { method: 'POST', body: '1', headers: basic('sensor', 'sensor') });
    expect(sensorOk.status).toBe(204);
    const sensorDenied = await fetch(`${bridge.url}/publish/hello`, { method: 'POST', body: '1', headers: basic('sensor', 'sensor') });
    expect(sensorDenied.status).toBe(403);
    const wrong = await fetch(`${bridge.url}/publish/hello`, { method: 'POST', body: 'x', headers: basic('public', 'nope') });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('www-authenticate')).toMatch(/^Basic realm=/);
    const refusal = (await wrong.json()).error as string;
    expect(refusal).toMatch(/refused the user name or password/);
    // The login came in the request, not in a URL: that is what to check.
    expect(refusal).toContain("Check the user name and password of the request's HTTP Basic auth (curl -u user:password).");
    expect(refusal).not.toContain('mqtt://user:password@host');
    expect((await fetch(`${bridge.url}/publish/hello`, { method: 'POST', body: 'x', headers: { authorization: 'Bearer abc' } })).status).toBe(400);
    await sleep(100);
    expect(received.map((m) => m.topic)).toEqual(['sensors/a']);
  });

  it('an event stream the profile may not subscribe to is 403; one for a wrong password is 401', async () => {
    await start();
    const denied = await sse('/subscribe?topic=sensors/%23', basic('sensor', 'sensor'));
    expect(denied.status).toBe(403);
    await denied.ended;
    expect(JSON.parse(denied.body).error).toMatch(/'sensor' may not subscribe to 'sensors\/#'/);
    const wrong = await sse('/subscribe?topic=a', basic('viewer', 'wrong'));
    expect(wrong.status).toBe(401);
    await waitFor(() => bridge.streams === 0, 'the refused streams to be let go');
  });

  it.each([
    ['/publish/sensors/%2B/temp', /wildcard/],
    ['/publish/a/%23', /wildcard/],
    ['/publish/', /empty/],
    ['/publish/bad%zz', /broken %-escape/],
    ['/publish/a%00b', /NUL/],
    [`/publish/${'t'.repeat(200)}`, /bytes long/],
    ['/publish/a?qos=3', /qos must be 0, 1 or 2/],
    ['/publish/a?retain=maybe', /retain must be true or false/],
  ])('POST %s → 400 with a reason', async (path, reason) => {
    await start();
    const response = await fetch(`${bridge.url}${path}`, { method: 'POST', body: '1' });
    expect(response.status).toBe(400);
    expect((await response.json()).error).toMatch(reason);
  });

  it('bad filters and missing topics on /subscribe are 400; other paths and methods say what to use', async () => {
    await start();
    for (const [path, reason] of [['/subscribe', /say which topics/], ['/subscribe?topic=a/%23/b', /'#' must be a whole level and the last/], ['/subscribe?topic=a&qos=9', /qos/]] as const) {
      const response = await fetch(`${bridge.url}${path}`);
      expect(response.status).toBe(400);
      expect((await response.json()).error).toMatch(reason);
    }
    expect((await fetch(`${bridge.url}/publish/a`)).status).toBe(405);
    expect((await fetch(`${bridge.url}/nothing`)).status).toBe(404);
    expect(await (await fetch(`${bridge.url}/`)).text()).toMatch(/POST .*\/publish\/<topic>/);
  });

  it('a body over the limit is 413, declared or streamed, and nothing is published', async () => {
    await start({ maxBodyBytes: 1000 });
    const { received } = await watch('#');
    const declared = await fetch(`${bridge.url}/publish/big`, { method: 'POST', body: 'x'.repeat(5000) });
    expect(declared.status).toBe(413);
    expect((await declared.json()).error).toMatch(/5000 bytes; the broker takes at most 1000 bytes/);
    // Chunked: no Content-Length, so the bridge counts as it reads.
    const body = new ReadableStream({ start(c) { for (let i = 0; i < 10; i++) c.enqueue(new Uint8Array(300)); c.close(); } });
    const streamed = await fetch(`${bridge.url}/publish/big`, { method: 'POST', body, duplex: 'half' } as RequestInit);
    expect(streamed.status).toBe(413);
    expect((await fetch(`${bridge.url}/publish/ok`, { method: 'POST', body: 'x'.repeat(1000) })).status).toBe(204);
    await waitFor(() => received.length === 1, 'the message at the limit');
    expect(received[0]!.topic).toBe('ok');
  });

  it('answers CORS preflights of an allowed origin, Private Network Access included (the rest: http-origins.test.ts)', async () => {
    await start({ allowOrigins: ['https://editor.p5js.org'] });
    const response = await fetch(`${bridge.url}/publish/a`, {
      method: 'OPTIONS',
      headers: { origin: 'https://editor.p5js.org', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization', 'access-control-request-private-network': 'true' },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('https://editor.p5js.org');
    expect(response.headers.get('access-control-allow-methods')).toMatch(/POST/);
    expect(response.headers.get('access-control-allow-headers')).toMatch(/Authorization/);
    expect(response.headers.get('access-control-allow-private-network')).toBe('true');
  });

  it('a reader that stops reading is cut off past the buffer limit, with one log line; others carry on', async () => {
    await start({ sseBufferBytes: 64 * 1024 });
    const good = await sse('/subscribe?topic=flood');
    // A raw socket that sends the request and then never reads a byte.
    const stalled = connectSocket(bridge.port, '127.0.0.1');
    cleanups.push(() => stalled.destroy());
    stalled.on('error', () => {});
    let stalledClosed = false;
    stalled.on('close', () => (stalledClosed = true));
    await new Promise<void>((resolve) => stalled.once('connect', () => resolve()));
    stalled.write('GET /subscribe?topic=flood HTTP/1.1\r\nHost: x\r\n\r\n');
    await waitFor(() => bridge.streams === 2, 'both streams to open');
    stalled.pause();
    const { client } = await watch('unused');
    const payload = 'x'.repeat(16 * 1024);
    // Bounded: enough to fill the kernel's socket buffers (a few MB on loopback) and then the limit.
    for (let i = 0; i < 2000 && !logLines.some((l) => /closed the event stream/.test(l)); i++) {
      await client.publishAsync('flood', payload, { qos: 1 });
    }
    const line = logLines.find((l) => /closed the event stream/.test(l));
    expect(line).toMatch(/closed the event stream of 127\.0\.0\.1:\d+ on 'flood': more than 65536 bytes waited unread/);
    await waitFor(() => bridge.streams === 1, 'the stalled stream to be dropped');
    stalled.resume();
    await waitFor(() => stalledClosed, 'the stalled socket to close');
    // The reader that keeps up still gets messages.
    const seen = good.events.length;
    await client.publishAsync('flood', 'after');
    await waitFor(() => good.events.some((e, i) => i >= seen && JSON.parse(e.data).payload === 'after'), 'the next message', 5000);
  }, 60_000);

  it('a broker out of reach is 502 with the reason, within the connect timeout', async () => {
    await start({ url: 'mqtt://127.0.0.1:1', connectTimeoutMs: 500 });
    const response = await fetch(`${bridge.url}/publish/a`, { method: 'POST', body: '1' });
    expect(response.status).toBe(502);
    expect((await response.json()).error).toMatch(/Could not connect to mqtt:\/\/127\.0\.0\.1:1/);
  });

  it('a publish the broker never acknowledges (it went away) is 502 after the connect timeout, not a hung request', async () => {
    const own = await createBroker({ tcpPort: 0, wsPort: 0, profiles, logLevel: 'quiet' });
    await start({ url: `mqtt://127.0.0.1:${own.tcpPort}`, connectTimeoutMs: 500 });
    expect((await fetch(`${bridge.url}/publish/a?qos=1`, { method: 'POST', body: '1' })).status).toBe(204);
    await own.close();
    const started = Date.now();
    const response = await fetch(`${bridge.url}/publish/a?qos=1`, { method: 'POST', body: '1' });
    expect(response.status).toBe(502);
    expect((await response.json()).error).toMatch(/^the broker did not (acknowledge the message within 0\.5 s|take the message)/);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('holds to a port given by number and names the holder when it is taken', async () => {
    await start();
    await expect(startHttpBridge({ url: `mqtt://127.0.0.1:${broker.tcpPort}`, port: bridge.port, log: () => {} })).rejects.toThrow(
      new RegExp(`HTTP bridge port ${bridge.port} on 127\\.0\\.0\\.1 is in use`),
    );
  });
});
