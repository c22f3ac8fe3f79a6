import { describe, expect, it } from 'vitest';
import { collect, connectPacket, sleep, useHarness, waitFor } from './harness.js';

const h = useHarness();

describe('limits', () => {
  it('drops an oversized payload, logs it, and keeps serving everyone', async () => {
    const { broker, logs } = await h.startBroker({ maxPayloadBytes: 1000 });
    const sub = await h.connect(broker.urls.tcp);
    const seen = collect(sub);
    await sub.subscribeAsync('big/#', { qos: 1 });
    const pub = await h.connect(broker.urls.tcp, { clientId: 'hog' });
    await pub.publishAsync('big/one', Buffer.alloc(1001, 65), { qos: 1 });
    await pub.publishAsync('big/two', Buffer.alloc(1000, 66), { qos: 1 });
    await waitFor(() => seen.length === 1, 'the message at the limit');
    expect(seen[0]?.topic).toBe('big/two');
    expect(pub.connected).toBe(true);
    expect(logs).toContain("dropped a message from 'hog' (public) on 'big/one': its payload is 1001 bytes; the limit is 1000");
  });

  it('refuses an over-long client id with CONNACK 2 and keeps serving others', async () => {
    const { broker, logs } = await h.startBroker();
    const longId = 'x'.repeat(65);
    const error = await h.refusal(broker.urls.tcp, { clientId: longId });
    expect(error.code).toBe(2);
    expect(logs.some((line) => line.startsWith("refused 'xxxx") && line.endsWith('the client id is 65 characters long; the limit is 64'))).toBe(true);
    const ok = await h.connect(broker.urls.tcp, { clientId: 'x'.repeat(64) });
    expect(ok.connected).toBe(true);
  });

  it('drops a publish to an over-long topic and refuses such a subscription', async () => {
    const { broker, logs } = await h.startBroker({ maxTopicLength: 20 });
    const client = await h.connect(broker.urls.tcp, { clientId: 'wordy' });
    const seen = collect(client);
    const long = 'a/'.repeat(10) + 'b'; // 21 bytes
    await expect(client.subscribeAsync(long)).rejects.toThrow();
    await client.subscribeAsync('a/#');
    await client.publishAsync(long, 'too long', { qos: 1 });
    await client.publishAsync('a/short', 'fine', { qos: 1 });
    await waitFor(() => seen.length === 1, 'the short-topic message');
    expect(seen[0]?.text).toBe('fine');
    expect(logs).toContain("dropped a message from 'wordy' (public): its topic is 21 bytes long; the limit is 20");
    expect(logs).toContain("refused a subscription of 'wordy' (public): the filter is 21 bytes long; the limit is 20");
  });

  it('drops messages over the rate limit and says so once per second', async () => {
    const { broker, logs } = await h.startBroker({ rateLimit: 5 });
    const sub = await h.connect(broker.urls.tcp);
    const seen = collect(sub);
    await sub.subscribeAsync('flood');
    const pub = await h.connect(broker.urls.tcp, { clientId: 'flood' });
    for (let i = 0; i < 20; i++) pub.publish('flood', String(i));
    await pub.publishAsync('flood', 'last', { qos: 1 });
    await sleep(100);
    expect(seen.map((m) => m.text)).toEqual(['0', '1', '2', '3', '4']);
    expect(logs.filter((line) => line.startsWith('rate limit:'))).toEqual(["rate limit: dropping messages from 'flood' (public) (more than 5 per second)"]);
    expect(pub.connected).toBe(true);
  });

  it('survives garbage bytes and closes only that connection', async () => {
    const { broker, logs } = await h.startBroker();
    const raw = await h.raw(broker.tcpPort);
    raw.socket.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
    await raw.closed;
    const second = await h.raw(broker.tcpPort);
    second.send(connectPacket());
    second.send({ cmd: 'publish', topic: 'a/#', payload: Buffer.from('wildcard in a topic'), qos: 0, dup: false, retain: false });
    await second.closed;
    expect(logs.some((line) => line.startsWith('connection from 127.0.0.1 failed:'))).toBe(true);
    const ok = await h.connect(broker.urls.tcp);
    expect(ok.connected).toBe(true);
  });
});
