import { describe, expect, it } from 'vitest';
import { collect, grantedQos, useHarness, waitFor } from './harness.js';
import { defaultProfiles, type Profile } from '../../../src/node/broker/index.js';

const h = useHarness();
const ADMIN = 'admin-secret';
const profiles = defaultProfiles(ADMIN);

describe('profiles and permissions', () => {
  it("drops a viewer's publish without disconnecting it, and lets it subscribe", async () => {
    const { broker, logs } = await h.startBroker({ profiles });
    const watcher = await h.connect(broker.urls.tcp, { username: 'public', password: 'public' });
    const seen = collect(watcher);
    await watcher.subscribeAsync('room/#', { qos: 1 });

    const viewer = await h.connect(broker.urls.tcp, { clientId: 'eye', username: 'viewer', password: 'viewer' });
    const viewerSeen = collect(viewer);
    const [grant] = await viewer.subscribeAsync('room/#');
    expect(grant?.qos).toBe(0);
    // QoS 1: the PUBACK arrives once the broker has decided, so the marker below comes after.
    await viewer.publishAsync('room/light', 'from viewer', { qos: 1 });
    await viewer.publishAsync('room/light', 'viewer retained', { qos: 0, retain: true });
    await watcher.publishAsync('room/light', 'marker', { qos: 1 });

    await waitFor(() => seen.some((m) => m.text === 'marker') && viewerSeen.some((m) => m.text === 'marker'), 'the marker');
    expect(seen.map((m) => m.text)).toEqual(['marker']);
    expect(viewer.connected).toBe(true);
    expect(logs).toContain("denied: 'eye' (viewer) may not publish to 'room/light'");
    // The retained publish was dropped too: a later subscriber finds no retained message.
    const late = await h.connect(broker.urls.tcp);
    const lateSeen = collect(late);
    await late.subscribeAsync('room/#');
    await late.publishAsync('room/end', 'end');
    await waitFor(() => lateSeen.some((m) => m.text === 'end'), 'the end marker');
    expect(lateSeen.map((m) => m.text)).toEqual(['end']);
  });

  it('refuses a wrong password or an unknown user with CONNACK 4, and anonymous with 5 when not allowed', async () => {
    const { broker, logs } = await h.startBroker({ profiles, allowAnonymous: false });
    expect((await h.refusal(broker.urls.tcp, { clientId: 'x', username: 'admin', password: 'guess' })).code).toBe(4);
    expect((await h.refusal(broker.urls.tcp, { username: 'nobody', password: 'x' })).code).toBe(4);
    expect((await h.refusal(broker.urls.tcp)).code).toBe(5);
    expect(logs).toContain("refused 'x' from 127.0.0.1: wrong password for 'admin'");
    expect(logs.join('\n')).not.toContain('guess');
    await h.connect(broker.urls.tcp, { username: 'admin', password: ADMIN });
  });

  it('treats anonymous connections as public', async () => {
    const { broker, logs } = await h.startBroker({ profiles });
    await h.connect(broker.urls.tcp, { clientId: 'bot' });
    expect(logs).toContain("connect 'bot' as public from 127.0.0.1");
  });

  it('shows $SYS to admin only; "#" and "+/…" never match $SYS topics', async () => {
    const { broker, logs } = await h.startBroker({ profiles, heartbeatIntervalMs: 50 });
    const pub = await h.connect(broker.urls.tcp, { clientId: 'pub' });
    const pubSeen = collect(pub);
    expect(await grantedQos(pub, { '#': { qos: 0 }, '+/+/heartbeat': { qos: 0 }, '$SYS/#': { qos: 0 } })).toEqual([0, 0, 128]);
    expect(logs).toContain("denied: 'pub' (public) may not subscribe to '$SYS/#'");

    const admin = await h.connect(broker.urls.tcp, { username: 'admin', password: ADMIN });
    const adminSeen = collect(admin);
    await admin.subscribeAsync('$SYS/#');
    await waitFor(() => adminSeen.filter((m) => m.topic.endsWith('/heartbeat')).length >= 2, 'two heartbeats');
    expect(pubSeen.filter((m) => m.topic.startsWith('$'))).toEqual([]);
  });

  it('lets a profile subscribe only to filters its own filters cover', async () => {
    const sensor: Profile = { username: 'sensor', password: 'pw', publish: ['sensors/#'], subscribe: ['sensors/#', 'cmd/+'] };
    const { broker } = await h.startBroker({ profiles: [sensor] });
    const client = await h.connect(broker.urls.tcp, { username: 'sensor', password: 'pw' });
    const grants = await grantedQos(client, {
      'sensors/+/temp': { qos: 1 }, 'sensors': { qos: 0 }, 'cmd/led': { qos: 0 }, 'cmd/#': { qos: 0 }, '#': { qos: 0 }, 'other': { qos: 0 },
    });
    expect(grants).toEqual([1, 0, 0, 128, 128, 128]);
    expect(client.connected).toBe(true);
  });

  it('applies the publish rules to wills', async () => {
    const { broker } = await h.startBroker({ profiles });
    const watcher = await h.connect(broker.urls.tcp);
    const seen = collect(watcher);
    await watcher.subscribeAsync('status/#');
    const viewer = await h.connect(broker.urls.tcp, { username: 'viewer', password: 'viewer', will: { topic: 'status/viewer', payload: Buffer.from('gone'), qos: 0, retain: false } });
    const anon = await h.connect(broker.urls.tcp, { will: { topic: 'status/anon', payload: Buffer.from('gone'), qos: 0, retain: false } });
    viewer.stream.destroy();
    anon.stream.destroy();
    await waitFor(() => seen.some((m) => m.topic === 'status/anon'), "the public client's will");
    expect(seen.map((m) => m.topic)).toEqual(['status/anon']);
  });
});
