import { createSocket, type Socket } from 'node:dgram';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import mqtt from 'mqtt';
import { decode, encode } from 'node-osc';
import { startOscBridge, type RunningOscBridge } from '../../../src/node/bridges/osc.js';
import { EchoFilter } from '../../../src/node/bridges/echo-filter.js';
import { startTestBroker, type TestBroker } from '../../fixtures/aedes-broker.js';
import { collect, sleep, waitFor } from '../broker/harness.js';

interface Heard {
  address: string;
  args: unknown[];
}

/** A UDP socket on a free loopback port standing in for Max or Pure Data. */
async function oscPeer(): Promise<{ socket: Socket; port: number; heard: Heard[]; send(packet: Buffer, port: number): Promise<void> }> {
  const socket = createSocket('udp4');
  const heard: Heard[] = [];
  socket.on('message', (data) => {
    const message = decode(data) as { address: string; args: { value: unknown }[] };
    heard.push({ address: message.address, args: message.args.map((a) => a.value) });
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return {
    socket,
    port: socket.address().port,
    heard,
    send: (packet, port) => new Promise((resolve, reject) => socket.send(packet, port, '127.0.0.1', (error) => (error ? reject(error) : resolve()))),
  };
}

const message = (address: string, ...args: unknown[]) => encode({ oscType: 'message', address, args });

describe('OSC bridge', () => {
  let broker: TestBroker;
  let bridge: RunningOscBridge | undefined;
  let peer: Awaited<ReturnType<typeof oscPeer>>;
  let logLines: string[];
  let watcher: mqtt.MqttClient;

  beforeEach(async () => {
    logLines = [];
    broker = await startTestBroker();
    peer = await oscPeer();
    watcher = await mqtt.connectAsync(broker.tcpUrl);
  });
  afterEach(async () => {
    await watcher.endAsync(true);
    await bridge?.close();
    bridge = undefined;
    peer.socket.close();
    await broker.close();
  });

  const start = async (options: Partial<Parameters<typeof startOscBridge>[0]> = {}) => {
    bridge = await startOscBridge({ url: broker.tcpUrl, inPort: 0, log: (line) => logLines.push(line), ...options });
    expect(await bridge.ready).toEqual({ ok: true });
    return bridge;
  };

  it('an OSC packet arriving over UDP is published on MQTT: /a/b 0.5 → 0.5 on a/b; a bundle’s messages each', async () => {
    await start();
    const received = collect(watcher);
    await watcher.subscribeAsync('#');
    await peer.send(message('/a/b', { type: 'f', value: 0.5 }), bridge!.inPort);
    await peer.send(message('/fader', { type: 'f', value: Math.fround(0.1) }), bridge!.inPort);
    await peer.send(message('/note', 60, { type: 'f', value: 0.75 }, 'on'), bridge!.inPort);
    await peer.send(message('/name', 'Ana'), bridge!.inPort);
    await peer.send(encode({ oscType: 'bundle', timetag: 0, elements: [{ oscType: 'message', address: '/x', args: [1] }, { oscType: 'message', address: '/y', args: [2] }] }), bridge!.inPort);
    await waitFor(() => received.length === 6, 'six messages');
    expect(received.map((m) => [m.topic, m.text])).toEqual([
      ['a/b', '0.5'], ['fader', '0.1'], ['note', '[60,0.75,"on"]'], ['name', 'Ana'], ['x', '1'], ['y', '2'],
    ]);
  });

  it('messages on subscribed topics go out as OSC to --out, numbers as floats; its own publishes are not echoed back', async () => {
    await start({ out: { host: '127.0.0.1', port: peer.port }, topics: ['sensors/#', 'hello'] });
    await sleep(100); // the bridge's subscriptions
    await watcher.publishAsync('sensors/temp', '23.5');
    await watcher.publishAsync('hello', 'world');
    await watcher.publishAsync('hello', '[1,"two",true]');
    await watcher.publishAsync('elsewhere', 'not subscribed');
    await watcher.publishAsync('sensors/raw', Buffer.from([0xff, 0x00, 0x01]));
    await waitFor(() => peer.heard.length === 4, 'four OSC packets');
    expect(peer.heard).toEqual([
      { address: '/sensors/temp', args: [23.5] },
      { address: '/hello', args: ['world'] },
      { address: '/hello', args: [1, 'two', true] },
      { address: '/sensors/raw', args: [Buffer.from([0xff, 0x00, 0x01])] },
    ]);
    // What the peer itself sends in comes out on MQTT but not back to it.
    const received = collect(watcher);
    await watcher.subscribeAsync('sensors/#');
    await peer.send(message('/sensors/knob', { type: 'f', value: 0.25 }), bridge!.inPort);
    await waitFor(() => received.length === 1, 'the knob on MQTT');
    await watcher.publishAsync('sensors/knob', '0.25');
    await waitFor(() => peer.heard.length === 5, 'the same value published by someone else');
    await sleep(100);
    expect(peer.heard.slice(4)).toEqual([{ address: '/sensors/knob', args: [0.25] }]);
  });

  it('a malformed packet is dropped with one log line per source per minute; the bridge keeps working', async () => {
    await start();
    const received = collect(watcher);
    await watcher.subscribeAsync('#');
    const other = await oscPeer();
    try {
      for (let i = 0; i < 5; i++) await peer.send(Buffer.from([0x2f, 0x61, 0xff, 0x01, 0x02]), bridge!.inPort);
      await other.send(Buffer.from('not osc at all'), bridge!.inPort);
      await peer.send(message('/a/+', 1), bridge!.inPort);
      await peer.send(message('/ok', 1), bridge!.inPort);
      await waitFor(() => received.length === 1, 'the good message');
      expect(received[0]).toMatchObject({ topic: 'ok', text: '1' });
      const drops = logLines.filter((l) => l.startsWith('osc: dropped'));
      expect(drops).toHaveLength(2);
      expect(drops[0]).toMatch(new RegExp(`^osc: dropped a packet from 127\\.0\\.0\\.1:${peer.port}: not OSC \\(`));
      expect(drops[1]).toMatch(new RegExp(`^osc: dropped a packet from 127\\.0\\.0\\.1:${other.port}: not OSC`));
    } finally {
      other.socket.close();
    }
  });

  it('refuses an --out that is its own --in port, --topics without --out, a bad filter, and a taken port', async () => {
    const url = broker.tcpUrl;
    await expect(startOscBridge({ url, inPort: 9123, out: { host: '127.0.0.1', port: 9123 }, log: () => {} })).rejects.toThrow(/own --in port: every message would loop/);
    await expect(startOscBridge({ url, inPort: 0, topics: ['a'], log: () => {} })).rejects.toThrow(/--topics needs --out/);
    await expect(startOscBridge({ url, inPort: 0, out: { host: '127.0.0.1', port: 1 }, topics: ['a/#/b'], log: () => {} })).rejects.toThrow(/'#' must be/);
    await expect(startOscBridge({ url, inPort: peer.port, log: () => {} })).rejects.toThrow(new RegExp(`OSC port ${peer.port} \\(UDP\\) on 127\\.0\\.0\\.1 is in use`));
  });
});

describe('EchoFilter', () => {
  const bytes = (text: string) => new TextEncoder().encode(text);

  it('recognises each published message once, within its time to live', () => {
    const echoes = new EchoFilter(1000);
    echoes.published('a', bytes('1'), 0);
    echoes.published('a', bytes('1'), 0);
    expect(echoes.isEcho('a', bytes('2'), 10)).toBe(false);
    expect(echoes.isEcho('b', bytes('1'), 10)).toBe(false);
    expect(echoes.isEcho('a', bytes('1'), 10)).toBe(true);
    expect(echoes.isEcho('a', bytes('1'), 10)).toBe(true);
    expect(echoes.isEcho('a', bytes('1'), 10)).toBe(false);
    echoes.published('c', bytes('x'), 0);
    expect(echoes.isEcho('c', bytes('x'), 5000)).toBe(false);
  });

  it('stays bounded under a flood', () => {
    const echoes = new EchoFilter(1000, 100);
    for (let i = 0; i < 10_000; i++) echoes.published('t', bytes(String(i)), i);
    expect(echoes.size).toBeLessThanOrEqual(100);
    expect(echoes.isEcho('t', bytes('9999'), 10_000)).toBe(true);
  });
});
