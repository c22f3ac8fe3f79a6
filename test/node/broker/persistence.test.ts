import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { createBroker, defaultProfiles, type RunningBroker } from '../../../src/node/broker/index.js';
import { waitFor } from '../../fixtures/transports.js';

describe('--persist: sessions and queued messages survive a broker restart', () => {
  const cleanups: (() => Promise<unknown> | void)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  const start = (persistDir: string, ports = { tcpPort: 0, wsPort: 0 }): Promise<RunningBroker> =>
    createBroker({ ...ports, persistDir, profiles: defaultProfiles('x'), logLevel: 'quiet' });

  it('delivers QoS 1 messages queued for an offline persistent session after the broker restarted', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kit-persist-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    let broker = await start(dir);
    const ports = { tcpPort: broker.tcpPort, wsPort: broker.wsPort };

    // A persistent subscriber registers, then goes away.
    const first = await mqtt.connectAsync(broker.urls.tcp, { clientId: 'installation', clean: false });
    await first.subscribeAsync('data/#', { qos: 1 });
    await first.endAsync();
    const publisher = await mqtt.connectAsync(broker.urls.tcp, { clientId: 'sensor' });
    for (let i = 0; i < 50; i++) await publisher.publishAsync('data/x', String(i), { qos: 1 });
    await publisher.endAsync();

    await broker.close();
    broker = await start(dir, ports);
    cleanups.push(() => broker.close());

    const got: string[] = [];
    const back = await mqtt.connectAsync(broker.urls.tcp, { clientId: 'installation', clean: false });
    cleanups.push(() => back.endAsync(true));
    back.on('message', (_topic, payload) => got.push(payload.toString()));
    await waitFor(() => got.length >= 50, '50 queued messages', 10_000);
    expect(new Set(got)).toEqual(new Set(Array.from({ length: 50 }, (_, i) => String(i))));
  });

  it('says which folder it could not open, and why', async () => {
    await expect(start('/etc/hostname/data')).rejects.toThrow(/Could not open the broker's data folder '\/etc\/hostname\/data': ENOTDIR/);
    const dir = mkdtempSync(join(tmpdir(), 'kit-persist-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const holder = await start(dir);
    cleanups.push(() => holder.close());
    await expect(start(dir)).rejects.toThrow(/already held by process\. Is another broker using it\?/);
  });
});
