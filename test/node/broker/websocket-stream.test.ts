// How the broker writes MQTT into WebSocket frames: packets whole, a burst sharing frames,
// nothing lost before a close, and a subscriber that stops reading holding the broker to a
// bounded buffer. Raw `ws` sockets see the frames themselves; loopback only.
import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { generate, parser, type Packet } from 'mqtt-packet';
import { defaultProfiles } from '../../../src/node/broker/profiles.js';
import { MAX_COALESCED_BYTES } from '../../../src/node/broker/websocket-stream.js';
import { connectPacket, sleep, useHarness, waitFor } from './harness.js';

const h = useHarness();

/** A bare WebSocket MQTT connection that records every frame and checks each holds whole packets. */
class FrameRecorder {
  readonly frames: Buffer[] = [];
  readonly packets: Packet[] = [];
  /** Frames that ended inside a packet; MQTT.js would cope, but we promise not to send them. */
  readonly split: number[] = [];

  constructor(readonly socket: WebSocket) {
    socket.on('message', (data: Buffer) => {
      this.frames.push(data);
      // A fresh parser per frame: anything left over means a packet crossed the frame's end.
      const decoder = parser();
      decoder.on('packet', (packet) => this.packets.push(packet));
      if (decoder.parse(data) !== 0) this.split.push(this.frames.length - 1);
    });
  }

  static async open(url: string): Promise<FrameRecorder> {
    const socket = new WebSocket(url, ['mqtt']);
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    return new FrameRecorder(socket);
  }

  publishes(): Array<Extract<Packet, { cmd: 'publish' }>> {
    return this.packets.filter((packet): packet is Extract<Packet, { cmd: 'publish' }> => packet.cmd === 'publish');
  }

  async subscribe(clientId: string, topic: string): Promise<void> {
    this.socket.send(generate(connectPacket({ clientId })));
    this.socket.send(generate({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic, qos: 0 }] }));
    await waitFor(() => this.packets.some((packet) => packet.cmd === 'suback'), 'a SUBACK');
  }
}

describe('WebSocket framing', () => {
  it('sends every packet whole, at most one frame per message when messages come one at a time', async () => {
    const { broker } = await h.startBroker();
    const subscriber = await FrameRecorder.open(broker.urls.ws);
    h.defer(() => subscriber.socket.terminate());
    // Not ASCII: topics are written into frames as UTF-8 text.
    const topic = 'frames/ação/温度';
    await subscriber.subscribe('frames-one', topic);
    const publisher = await h.connect(broker.urls.tcp);
    const before = subscriber.frames.length;
    for (let i = 0; i < 50; i++) await publisher.publishAsync(topic, 'x'.repeat(10));
    await waitFor(() => subscriber.publishes().length >= 50, '50 messages');
    await sleep(100);
    expect(subscriber.publishes().map((packet) => packet.topic)).toEqual(Array(50).fill(topic));
    // Before, mqtt-packet's pieces (header, topic, payload) each became a frame: five per message.
    expect(subscriber.frames.length - before).toBeLessThanOrEqual(50);
    expect(subscriber.split).toEqual([]);
  });

  it('gathers a burst into few frames, in order, none larger than the bound', async () => {
    const { broker } = await h.startBroker();
    const subscriber = await FrameRecorder.open(broker.urls.ws);
    h.defer(() => subscriber.socket.terminate());
    await subscriber.subscribe('frames-burst', 'burst');
    const publisher = await h.connect(broker.urls.tcp);
    const before = subscriber.frames.length;
    const count = 2000;
    for (let i = 0; i < count; i++) publisher.publish('burst', `${i}:${'y'.repeat(100)}`);
    await waitFor(() => subscriber.publishes().length >= count, `${count} messages`, 10_000);
    const texts = subscriber.publishes().map((packet) => packet.payload.toString().split(':')[0]);
    expect(texts).toEqual(Array.from({ length: count }, (_, i) => String(i)));
    const frames = subscriber.frames.slice(before);
    // Each message alone in its frame would be 2000 frames; loaded or idle, a burst shares them.
    expect(frames.length).toBeLessThan(count / 4);
    expect(Math.max(...frames.map((frame) => frame.length))).toBeLessThanOrEqual(MAX_COALESCED_BYTES);
    expect(subscriber.split).toEqual([]);
  });

  it('delivers a refusing CONNACK before closing the connection (as over TCP)', async () => {
    const { broker } = await h.startBroker({ profiles: defaultProfiles('right'), allowAnonymous: false });
    expect((await h.refusal(broker.urls.ws, { username: 'admin', password: 'wrong' })).code).toBe(4);
    expect((await h.refusal(broker.urls.ws)).code).toBe(5);
  });
});

describe('WebSocket backpressure', () => {
  it('holds a bounded amount for a subscriber that stops reading, then delivers everything in order', async () => {
    const { broker } = await h.startBroker();
    const slow = await FrameRecorder.open(broker.urls.ws);
    h.defer(() => slow.socket.terminate());
    await slow.subscribe('slow-reader', 'flood');
    slow.socket.pause(); // stops reading its TCP socket: the kernel buffers fill, then the broker's

    const publisher = await h.connect(broker.urls.tcp);
    const count = 4000;
    const payload = 'z'.repeat(4096); // 16 MB in all, far beyond what loopback's kernel buffers hold
    for (let i = 0; i < count; i++) publisher.publish('flood', `${i}:${payload}`);

    // What the broker holds for this one connection: the stream's buffer and the socket's.
    // aedes' typings leave out its client table and a client's conn and req.
    type Held = { conn: { writableLength: number; writableNeedDrain: boolean }; req: { socket: { writableLength: number } } };
    const client = (broker.aedes as unknown as { clients: Record<string, Held> }).clients['slow-reader']!;
    let most = 0;
    let pushedBack = false;
    let last = -1;
    let steady = 0;
    // Sample until the broker has been told to wait for 'drain' and then sat still for half a
    // second, or 10 s pass (a stream that never pushes back lets the whole flood pile up).
    for (let i = 0; i < 1000 && !(pushedBack && steady >= 50); i++) {
      const held = client.conn.writableLength + client.req.socket.writableLength;
      most = Math.max(most, held);
      pushedBack ||= client.conn.writableNeedDrain;
      steady = held === last ? steady + 1 : 0;
      last = held;
      await sleep(10);
    }
    expect(most, `held ${(most / 2 ** 20).toFixed(2)} MB for one stalled subscriber`).toBeLessThan(1 << 20);
    expect(pushedBack, 'the stream told aedes to wait for drain').toBe(true);

    slow.socket.resume();
    await waitFor(() => slow.publishes().length >= count, `${count} messages after resuming`, 30_000);
    const order = slow.publishes().map((packet) => Number(packet.payload.toString().split(':')[0]));
    expect(order).toEqual(Array.from({ length: count }, (_, i) => i));
    expect(slow.split).toEqual([]);
  }, 60_000);
});
