// Cluster nodes in processes of their own: the CLI, and a node killed as in a crash.
import { describe, expect, it } from 'vitest';
import mqtt from 'mqtt';
import { connect } from '../../../src/mqtt/connect.js';
import { createBroker, defaultProfiles, type BrokerOptions } from '../../../src/node/broker/index.js';
import { redisPath, useRedis } from '../../fixtures/redis.js';
import { runCli } from '../../fixtures/spawn-cli.js';
import { collect, useHarness, waitFor } from './harness.js';


describe.skipIf(!redisPath)('cluster nodes in their own processes', () => {
  const h = useHarness();
  // Said out loud when missing, never silently passed: CI installs redis-server.
  const redis = useRedis();

  async function inProcessNode(options: BrokerOptions = {}) {
    const broker = await createBroker({ tcpPort: 0, wsPort: 0, cluster: redis.server.url, profiles: defaultProfiles('admin-password'), logLevel: 'quiet', ...options });
    h.defer(() => broker.close());
    return broker;
  }

  it('npm run broker -- --cluster: says it joined (password masked), carries messages to another node, and stops on Ctrl-C', async () => {
    const url = redis.server.url.replace('redis://', 'redis://:unused@');
    const cli = runCli('src/node/cli/broker.ts', ['--cluster', url, '--tcp-port', '0', '--ws-port', '0']);
    h.defer(() => cli.kill('SIGKILL'));
    const [, tcp] = await cli.waitForOutput(/TCP\s+(mqtt:\/\/127\.0\.0\.1:\d+)/);
    await cli.waitForOutput(/Cluster\s+one node \([0-9a-f]{8}\) of the brokers sharing the Redis at redis:\/\/:\*\*\*\*@127\.0\.0\.1:\d+/);
    expect(cli.output()).not.toContain(':unused@');

    const other = await inProcessNode();
    const subscriber = await h.connect(other.urls.tcp, { clientId: 'cli-sub' });
    const received = collect(subscriber);
    await subscriber.subscribeAsync('hello', { qos: 1 });
    const publisher = await h.connect(tcp!, { clientId: 'cli-pub' });
    await publisher.publishAsync('hello', 'world', { qos: 1 });
    await waitFor(() => received.length === 1, 'the message from the CLI node');
    expect(received[0]).toMatchObject({ topic: 'hello', text: 'world', qos: 1 });

    await publisher.endAsync();
    cli.kill('SIGINT');
    expect(await cli.exited).toBe(0);
  });

  it('when a node is killed, the survivor publishes its clients\' wills, and a client given both nodes moves over and keeps receiving', async () => {
    const heartbeat = '250';
    const doomed = runCli('test/fixtures/cluster-node.ts', [redis.server.url, heartbeat]);
    h.defer(() => doomed.kill('SIGKILL'));
    const [, json] = await doomed.waitForOutput(/node ready (\{.*\})/);
    const doomedUrls = JSON.parse(json!) as { tcp: string; ws: string };
    const survivor = await inProcessNode({ heartbeatIntervalMs: Number(heartbeat) });

    const watcher = await h.connect(survivor.urls.tcp, { clientId: 'will-watcher' });
    const statuses = collect(watcher);
    await watcher.subscribeAsync('status/#', { qos: 1 });
    await h.connect(doomedUrls.tcp, { clientId: 'lamp', will: { topic: 'status/lamp', payload: Buffer.from('offline'), qos: 1, retain: false } });

    const sketch = connect([doomedUrls.ws, survivor.urls.ws], 'sketch', { deliver: 'immediate', reconnect: { min: 100, max: 400 } });
    h.defer(() => sketch.disconnect());
    const got: string[] = [];
    await sketch.subscribe('hello', (message) => got.push(message.text), { qos: 1 });
    expect(sketch.statusText).toContain(doomedUrls.ws.replace('ws://', ''));
    const publisher = await mqtt.connectAsync(survivor.urls.tcp, { clientId: 'kill-pub' });
    h.defer(() => publisher.endAsync(true));
    await publisher.publishAsync('hello', 'before', { qos: 1 });
    await waitFor(() => got.includes('before'), 'a message across processes');
    // Alive and beating: nobody publishes the lamp's will.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(statuses).toEqual([]);

    const killedAt = Date.now();
    doomed.kill('SIGKILL');
    await doomed.exited;
    await waitFor(() => sketch.status === 'connected' && sketch.statusText.includes(survivor.urls.ws.replace('ws://', '')), 'the sketch on the survivor', 5000);
    for (let tries = 0; tries < 20 && !got.includes('after'); tries++) {
      await publisher.publishAsync('hello', 'after', { qos: 1 });
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(got).toContain('after');
    // Dead after 3 missed heartbeats, checked every 4: about 1-2 s at 250 ms.
    await waitFor(() => statuses.length === 1, "the dead node's client's will, from the survivor", 5000);
    expect(statuses[0]).toMatchObject({ topic: 'status/lamp', text: 'offline' });
    expect(Date.now() - killedAt).toBeLessThan(5000);
  }, 30_000);
  it("never publishes a killed node's viewer's will on hello, while its public client's will goes out from the survivor", async () => {
    const heartbeat = '250';
    const doomed = runCli('test/fixtures/cluster-node.ts', [redis.server.url, heartbeat]);
    h.defer(() => doomed.kill('SIGKILL'));
    const [, json] = await doomed.waitForOutput(/node ready (\{.*\})/);
    const doomedUrls = JSON.parse(json!) as { tcp: string };
    const survivor = await inProcessNode({ heartbeatIntervalMs: Number(heartbeat) });
    const watcher = await h.connect(survivor.urls.tcp, { clientId: 'hello-watcher' });
    const seen = collect(watcher);
    await watcher.subscribeAsync(['hello', 'status/#'], { qos: 1 });
    const will = (topic: string, text: string) => ({ topic, payload: Buffer.from(text), qos: 1 as const, retain: false });
    // Viewers may not publish; a will is no way around that, even once its node is gone.
    await h.connect(doomedUrls.tcp, { clientId: 'viewer-sketch', username: 'viewer', password: 'viewer', will: will('hello', 'viewer left') });
    await h.connect(doomedUrls.tcp, { clientId: 'lamp', will: will('status/lamp', 'offline') });
    doomed.kill('SIGKILL');
    await doomed.exited;
    // The lamp's will is the sentinel: the survivor handles the dead node's wills in one pass.
    await waitFor(() => seen.some((m) => m.topic === 'status/lamp'), "the dead node's public client's will", 8000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(seen.map((m) => `${m.topic}=${m.text}`)).toEqual(['status/lamp=offline']);
  }, 30_000);
  it("checks a dead node's will against the profile that left it, even when its client id is back on the survivor under another login", async () => {
    const heartbeat = '250';
    const doomed = runCli('test/fixtures/cluster-node.ts', [redis.server.url, heartbeat]);
    h.defer(() => doomed.kill('SIGKILL'));
    const [, json] = await doomed.waitForOutput(/node ready (\{.*\})/);
    const doomedUrls = JSON.parse(json!) as { tcp: string };
    const survivor = await inProcessNode({ heartbeatIntervalMs: Number(heartbeat) });
    const watcher = await h.connect(survivor.urls.tcp, { clientId: 'status-watcher' });
    const seen = collect(watcher);
    await watcher.subscribeAsync('status/#', { qos: 1 });
    // A public lamp's will, allowed when it connected.
    await h.connect(doomedUrls.tcp, { clientId: 'lamp', will: { topic: 'status/lamp', payload: Buffer.from('offline'), qos: 1, retain: false } });
    doomed.kill('SIGKILL');
    await doomed.exited;
    // The id comes back on the survivor, as a viewer, before the dead node's wills are due:
    // aedes then hands the old will over with this connection, whose profile did not leave it.
    await h.connect(survivor.urls.tcp, { clientId: 'lamp', username: 'viewer', password: 'viewer' });
    await waitFor(() => seen.length === 1, "the dead node's will", 8000);
    expect(seen.map((m) => `${m.topic}=${m.text}`)).toEqual(['status/lamp=offline']);
  }, 30_000);
});
