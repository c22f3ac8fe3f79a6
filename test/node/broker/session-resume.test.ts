import { afterEach, describe, expect, it } from 'vitest';
import { connect as connectSocket, createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { Aedes, type Client } from 'aedes';
import memoryPersistence from 'aedes-persistence';
import mqtt from 'mqtt';
import { ResumeGates } from '../../../src/node/broker/session-resume.js';
import { connectPacket, RawClient, waitFor } from './harness.js';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/**
 * aedes with the memory store, in which a persistent session that reconnects as 'resumer'
 * has messages published to it while aedes is between restoring its subscriptions and its
 * CONNACK (aedes clears the session's old will there): the window a cluster opens by
 * itself, where a message queued on another node reaches the bus some Redis round trips
 * later.
 */
async function brokerWithWindow(gated: boolean) {
  const gates = new ResumeGates();
  const store = memoryPersistence() as unknown as { delWill(client: Client): Promise<unknown> };
  const delWill = store.delWill.bind(store);
  let aedes: Aedes;
  let publishing = false;
  store.delWill = async (client) => {
    if (client.id === 'resumer' && publishing) {
      for (const n of ['3', '4']) await new Promise((resolve) => aedes.publish({ cmd: 'publish', topic: 'show/cue', payload: Buffer.from(n), qos: 1, retain: false, dup: false }, resolve));
    }
    return delWill(client);
  };
  aedes = await Aedes.createBroker({ persistence: (gated ? gates.persistence(store) : store) as never });
  const server = createServer((socket) => {
    const client = aedes.handle(socket);
    if (gated) gates.hold(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise<void>((resolve) => aedes.close(() => server.close(() => resolve()))));
  const port = (server.address() as AddressInfo).port;
  return { aedes, port, publishDuringNextResume: () => (publishing = true) };
}

async function resume(port: number) {
  const socket = connectSocket(port, '127.0.0.1');
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  cleanups.push(() => socket.destroy());
  const raw = new RawClient(socket);
  raw.send(connectPacket({ clientId: 'resumer', clean: false }));
  return raw;
}

describe('ResumeGates: a resuming session gets its CONNACK first and each message once', () => {
  for (const gated of [true, false]) {
    it(gated ? 'holds live messages until the CONNACK and the stored queue are out' : 'without it, aedes writes a PUBLISH before the CONNACK (the trap it fixes)', async () => {
      const { aedes, port, publishDuringNextResume } = await brokerWithWindow(gated);
      const url = `mqtt://127.0.0.1:${port}`;
      const first = await mqtt.connectAsync(url, { clientId: 'resumer', clean: false, reconnectPeriod: 0 });
      await first.subscribeAsync('show/cue', { qos: 1 });
      await first.endAsync();
      // Queued while the session is away.
      for (const n of ['0', '1', '2']) await new Promise((resolve) => aedes.publish({ cmd: 'publish', topic: 'show/cue', payload: Buffer.from(n), qos: 1, retain: false, dup: false }, resolve));

      publishDuringNextResume();
      const raw = await resume(port);
      const publishes = () => raw.packets.filter((packet) => packet.cmd === 'publish');
      await waitFor(() => publishes().length >= 5, 'five messages', 3000);
      await new Promise((resolve) => setTimeout(resolve, 100));

      const order = raw.packets.map((packet) => (packet.cmd === 'publish' ? `publish ${packet.payload.toString()}` : packet.cmd));
      if (!gated) {
        expect(order[0]).toBe('publish 3');
        return;
      }
      expect(order[0]).toBe('connack');
      expect(publishes().map((packet) => (packet.cmd === 'publish' ? packet.payload.toString() : ''))).toEqual(['0', '1', '2', '3', '4']);
    });
  }
});
