import { afterEach, describe, expect, it } from 'vitest';
import { startTestBroker, type TestBroker } from '../fixtures/aedes-broker.js';
import { connectVia, waitFor, type TransportName } from '../fixtures/transports.js';
import { MAX_HELD_PUBLISHES } from '../../src/mqtt/defaults.js';
import type { MqttClient } from '../../src/mqtt/client.js';

/**
 * The held-publish bound counts QoS 1 messages still waiting for the broker, not every one
 * ever sent: an installation that has published for days (thousands acknowledged) must still
 * hold its publishes through the next outage. The worker runs the same DirectTransport behind
 * the message port, so both ways are checked.
 */
const VIA: TransportName[] = ['direct/tcp', 'worker/ws'];

let brokers: TestBroker[] = [];
const clients: MqttClient[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.disconnect()));
  await Promise.all(brokers.splice(0).map((broker) => broker.close()));
});

describe.each(VIA)('the held-publish bound after a long healthy run, over %s', (via) => {
  it(`holds the first QoS 1 publish of an outage after ${MAX_HELD_PUBLISHES} acknowledged ones`, async () => {
    const first = await startTestBroker();
    brokers.push(first);
    const ports = { tcp: first.tcpPort, ws: first.wsPort };
    const publisher = connectVia(via, first, `acked-${via.replace('/', '-')}`, { reconnect: { min: 50, max: 200 } });
    clients.push(publisher);
    const errors: string[] = [];
    publisher.on('error', (error) => errors.push(error.message));
    await waitFor(() => publisher.connected, 'the publisher connected');

    // A long, healthy run: every one acknowledged by the broker.
    const acked = await Promise.all(Array.from({ length: MAX_HELD_PUBLISHES }, (_, i) => publisher.publish('piece/day', String(i), { qos: 1 })));
    expect(acked.every(Boolean)).toBe(true);

    await first.close();
    brokers = [];
    await waitFor(() => !publisher.connected, 'the publisher noticing the broker went away');
    const held = publisher.publish('piece/night', 'during the outage', { qos: 1 });

    const second = await startTestBroker(undefined, ports);
    brokers.push(second);
    const arrived: string[] = [];
    second.aedes.on('publish', (packet, client) => {
      if (client && packet.topic === 'piece/night') arrived.push(packet.payload.toString());
    });
    expect(await held).toBe(true);
    expect(arrived).toEqual(['during the outage']);
    expect(publisher.stats.unsent).toBe(0);
    expect(errors.filter((text) => text.includes('already wait for the broker'))).toEqual([]);
  }, 20_000);
});
