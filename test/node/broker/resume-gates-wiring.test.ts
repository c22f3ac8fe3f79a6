// createBroker holds each connection's deliveries until its CONNACK (ResumeGates, wired in
// broker.ts). The window ResumeGates closes — a live message arriving while aedes resumes
// a persistent session, between restoring its subscriptions and its CONNACK — is opened
// here on purpose, every time, instead of hoping a cluster's timing opens it.
import { describe, expect, it } from 'vitest';
import type { Client } from 'aedes';
import { defaultProfiles } from '../../../src/node/broker/index.js';
import { connectPacket, useHarness, waitFor } from './harness.js';

const h = useHarness();

describe("createBroker's resume gate", () => {
  it('sends a resuming session its CONNACK before a message published while aedes was restoring it, and that message once', async () => {
    const { broker } = await h.startBroker({ profiles: defaultProfiles('x') });
    const first = await h.connect(broker.urls.tcp, { clientId: 'resumer', clean: false });
    await first.subscribeAsync('show/cue', { qos: 1 });
    await first.endAsync();
    const publisher = await h.connect(broker.urls.tcp, { clientId: 'cue-desk' });
    await publisher.publishAsync('show/cue', 'queued', { qos: 1 });

    // aedes clears the session's old will after restoring its subscriptions and before its
    // CONNACK: a message published from there on reaches the session's restored subscription.
    const aedes = broker.aedes as unknown as { persistence: { delWill(client: Client): Promise<unknown> } };
    const store = aedes.persistence;
    aedes.persistence = new Proxy(store, {
      get(target, key) {
        if (key !== 'delWill') return Reflect.get(target, key);
        return async (client: Client) => {
          // Acknowledged once aedes has handed it to every subscriber, the resumer included.
          if (client.id === 'resumer') await publisher.publishAsync('show/cue', 'live', { qos: 1 });
          return target.delWill(client);
        };
      },
    });

    const raw = await h.raw(broker.tcpPort);
    raw.send(connectPacket({ clientId: 'resumer', clean: false }));
    const texts = () => raw.packets.flatMap((packet) => (packet.cmd === 'publish' ? [packet.payload.toString()] : []));
    await waitFor(() => texts().includes('live') && texts().includes('queued'), 'the queued and the live message', 3000);
    // A duplicate would follow right behind; a round trip makes sure it would have arrived.
    raw.send({ cmd: 'pingreq' });
    await raw.next('pingresp');
    expect(raw.packets[0]?.cmd).toBe('connack');
    expect(texts().sort()).toEqual(['live', 'queued']);
  });
});
