import { afterEach, describe, expect, it } from 'vitest';
import { startTestBroker, type TestBroker } from '../fixtures/aedes-broker.js';
import { connectVia, waitFor, type TransportName } from '../fixtures/transports.js';
import { MAX_HELD_PUBLISHES } from '../../src/mqtt/defaults.js';
import type { MqttClient } from '../../src/mqtt/client.js';

/**
 * A piece left running publishes QoS 1 through a broker outage: MQTT.js would hold every
 * message in memory until the broker is back. The kit holds `MAX_HELD_PUBLISHES`, refuses
 * the rest with a reason, and sends the held ones, in order, after reconnecting.
 */
const VIA: TransportName[] = ['direct/tcp', 'worker/ws'];
const EXTRA = 3;

let brokers: TestBroker[] = [];
const clients: MqttClient[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.disconnect()));
  await Promise.all(brokers.splice(0).map((broker) => broker.close()));
});

describe.each(VIA)('QoS 1 publishes while the broker is away, over %s', (via) => {
  it(`holds ${MAX_HELD_PUBLISHES}, refuses the rest with a reason, and sends the held ones in order once it is back`, async () => {
    const first = await startTestBroker();
    brokers.push(first);
    const ports = { tcp: first.tcpPort, ws: first.wsPort };
    const publisher = connectVia(via, first, 'held-publisher', { reconnect: { min: 50, max: 200 } });
    clients.push(publisher);
    const errors: string[] = [];
    publisher.on('error', (error) => errors.push(error.message));
    await waitFor(() => publisher.connected, 'the publisher connected');

    await first.close();
    brokers = [];
    await waitFor(() => !publisher.connected, 'the publisher noticing the broker went away');

    const results = Array.from({ length: MAX_HELD_PUBLISHES + EXTRA }, (_, i) => publisher.publish('piece/seq', String(i), { qos: 1 }));
    // The refused ones answer at once, while the held ones wait for the broker.
    const refused = await Promise.all(results.slice(MAX_HELD_PUBLISHES));
    expect(refused).toEqual(Array(EXTRA).fill(false));
    expect(publisher.stats.unsent).toBe(EXTRA);
    // One error event per refused message (a console without listeners says it once).
    expect(errors).toEqual(Array(EXTRA).fill(expect.stringMatching(new RegExp(`^Not connected, and ${MAX_HELD_PUBLISHES} messages with QoS 1 or 2 already wait for the broker, so the one on 'piece/seq' was dropped`))));

    const second = await startTestBroker(undefined, ports);
    brokers.push(second);
    const arrived: string[] = [];
    second.aedes.on('publish', (packet, client) => {
      if (client && packet.topic === 'piece/seq') arrived.push(packet.payload.toString());
    });
    expect(await Promise.all(results.slice(0, MAX_HELD_PUBLISHES))).toEqual(Array(MAX_HELD_PUBLISHES).fill(true));
    expect(arrived).toEqual(Array.from({ length: MAX_HELD_PUBLISHES }, (_, i) => String(i)));

    // Back online, the limit is about waiting, not about sending: more than it go out at once.
    const online = await Promise.all(Array.from({ length: MAX_HELD_PUBLISHES + EXTRA }, (_, i) => publisher.publish('piece/more', String(i), { qos: 1 })));
    expect(online.every(Boolean)).toBe(true);
    expect(publisher.stats.unsent).toBe(EXTRA);
  }, 30_000);
});
