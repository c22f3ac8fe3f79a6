// Wills are checked against the profile when their client connects, and checked again
// wherever aedes publishes one with no client left to ask: a killed --persist broker's
// wills published by the next process, a dead cluster node's by a survivor (the
// cluster case is in cluster-process.test.ts). A refused will is dropped and the
// connection stays, as mosquitto does with an acl_file: compared side by side here.
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Level } from 'level';
import { createRequire } from 'node:module';
import { createBroker, defaultProfiles, loadProfiles } from '../../../src/node/broker/index.js';
import { WILL_PROFILE } from '../../../src/node/broker/will-guard.js';
import { MOSQUITTO_MISSING, mosquittoPath, startMosquitto } from '../../fixtures/mosquitto.js';
import { runCli } from '../../fixtures/spawn-cli.js';
import { collect, useHarness, waitFor } from './harness.js';

const h = useHarness();

async function tempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  h.defer(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

const CLASS = {
  profiles: [
    { username: 'public', password: 'public', publish: ['#'], subscribe: ['#'] },
    { username: 'viewer', password: 'viewer', publish: [], subscribe: ['#'] },
  ],
};

/**
 * What a student sees when a viewer's sketch sets a will on `hello`: the connection is
 * accepted and works, the will never arrives, and a public client's will still does
 * (the sentinel: both wills are due at the same moment).
 */
async function viewerWillOnHello(url: string, onViewerConnected = () => {}): Promise<{ returnCode: number; received: string[]; viewerGotMessage: boolean }> {
  const watcher = await h.connect(url, { username: 'public', password: 'public', clientId: 'watcher' });
  const seen = collect(watcher);
  await watcher.subscribeAsync(['hello', 'status/#'], { qos: 1 });
  const viewer = h.open(url, { username: 'viewer', password: 'viewer', clientId: 'student-viewer', will: { topic: 'hello', payload: Buffer.from('viewer left'), qos: 1, retain: false } });
  const connack = await new Promise<{ returnCode?: number }>((resolve, reject) => {
    viewer.once('connect', resolve);
    viewer.once('error', reject);
  });
  onViewerConnected();
  // The connection is a working one: it may still read what it is allowed to.
  const viewerSeen = collect(viewer);
  await viewer.subscribeAsync('status/#', { qos: 1 });
  await watcher.publishAsync('status/ping', 'ping', { qos: 1 });
  await waitFor(() => viewerSeen.length === 1, 'a message for the viewer');
  const lamp = await h.connect(url, { username: 'public', password: 'public', clientId: 'lamp', will: { topic: 'status/lamp', payload: Buffer.from('lamp left'), qos: 1, retain: false } });
  // Both dropped without DISCONNECT, the viewer first: its will, if any, would come first.
  viewer.stream.destroy();
  await new Promise((resolve) => setTimeout(resolve, 50));
  lamp.stream.destroy();
  await waitFor(() => seen.some((m) => m.text === 'lamp left'), "the public client's will", 5000);
  return { returnCode: connack.returnCode ?? 0, received: seen.map((m) => `${m.topic}=${m.text}`), viewerGotMessage: viewerSeen.length === 1 };
}

describe('a will the profile may not publish, at CONNECT', () => {
  it('the kit keeps the connection, drops the will, and says so in the log when the client connects', async () => {
    const { broker, logs } = await h.startBroker({ profiles: CLASS.profiles });
    let atConnect: string[] = [];
    const result = await viewerWillOnHello(broker.urls.tcp, () => (atConnect = [...logs]));
    expect(result).toEqual({ returnCode: 0, received: ['status/ping=ping', 'status/lamp=lamp left'], viewerGotMessage: true });
    const line = "kept 'student-viewer' (viewer) connected without its will: viewer may not publish to 'hello', so the will would never be sent";
    // Said at CONNECT, before the connection went away, not only when the will fell due.
    expect(atConnect).toContain(line);
  });

  it.skipIf(!mosquittoPath)('mosquitto with an acl_file does the same: CONNACK 0, no will', async () => {
    const dir = await tempDir('kit-mosquitto-acl-');
    // mosquitto started as root reads its files as the mosquitto user.
    await chmod(dir, 0o755);
    const acl = join(dir, 'acl');
    // Anonymous with a user name: mosquitto applies the acl_file by name without a password file.
    await writeFile(acl, 'user public\ntopic readwrite #\n\nuser viewer\ntopic read #\n', { mode: 0o644 });
    const mosquitto = await startMosquitto(`acl_file ${acl}`);
    h.defer(() => mosquitto.stop());
    const result = await viewerWillOnHello(mosquitto.tcpUrl);
    expect(result).toEqual({ returnCode: 0, received: ['status/ping=ping', 'status/lamp=lamp left'], viewerGotMessage: true });
  });
  if (!mosquittoPath) it.skip(MOSQUITTO_MISSING, () => {});
});

describe('--persist: wills left by a killed broker, published by the next one', () => {
  it("publishes a will only if the profiles in use now still allow it", async () => {
    const dir = await tempDir('kit-persist-wills-');
    const rights = (lampPublishes: string[]) => ({
      profiles: [
        { username: 'watcher', password: 'w', publish: ['#'], subscribe: ['#'] },
        { username: 'lamp', password: 'l', publish: lampPublishes, subscribe: [] },
        { username: 'ghost', password: 'g', publish: ['status/#'], subscribe: [] },
      ],
    });
    const before = join(dir, 'before.json');
    const after = join(dir, 'after.json');
    await writeFile(before, JSON.stringify(rights(['status/#'])));
    // The teacher took status/ away from the lamp before starting the broker again.
    await writeFile(after, JSON.stringify(rights(['sensors/#'])));
    const data = join(dir, 'data');

    const first = runCli('test/fixtures/persist-node.ts', [data, before]);
    h.defer(() => first.kill('SIGKILL'));
    const [, json] = await first.waitForOutput(/node ready (\{.*\})/);
    const urls = JSON.parse(json!) as { tcp: string };
    const will = (topic: string) => ({ topic, payload: Buffer.from('offline'), qos: 1 as const, retain: false });
    await h.connect(urls.tcp, { username: 'lamp', password: 'l', clientId: 'lamp', will: will('status/lamp') });
    await h.connect(urls.tcp, { username: 'ghost', password: 'g', clientId: 'ghost', will: will('status/ghost') });
    first.kill('SIGKILL');
    await first.exited;

    const logs: string[] = [];
    const second = await createBroker({ tcpPort: 0, wsPort: 0, persistDir: data, profiles: await loadProfiles(after), heartbeatIntervalMs: 300, log: (line) => logs.push(line) });
    h.defer(() => second.close());
    const watcher = await h.connect(second.urls.tcp, { username: 'watcher', password: 'w' });
    const seen = collect(watcher);
    await watcher.subscribeAsync('status/#', { qos: 1 });
    // The ghost's will is the sentinel: both are published, or not, in the same pass.
    await waitFor(() => seen.length > 0 && logs.some((l) => l.startsWith("did not publish the will of 'lamp'")), 'the wills of the killed broker', 8000);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(seen.map((m) => `${m.topic}=${m.text}`)).toEqual(['status/ghost=offline']);
    expect(logs).toContain("did not publish the will of 'lamp' on 'status/lamp', left by a broker that stopped: lamp may not publish to 'status/lamp'");
  }, 30_000);

  it('does not publish a will stored without the profile it was checked against (an older kit), and says so', async () => {
    const data = join(await tempDir('kit-persist-old-wills-'), 'data');
    // What an older kit, killed, left in its folder: wills as aedes stores them.
    const AsyncLevelPersistence = createRequire(import.meta.url)('aedes-persistence-level/asyncPersistence.js') as new (db: Level<string, Buffer>) => {
      setup(broker: { id: string }): Promise<void>;
      putWill(client: { id: string }, packet: object): Promise<void>;
    };
    const db = new Level<string, Buffer>(data);
    const old = new AsyncLevelPersistence(db);
    await old.setup({ id: 'a-killed-broker' });
    const will = (topic: string) => ({ cmd: 'publish', topic, payload: Buffer.from('offline'), qos: 1, retain: false });
    await old.putWill({ id: 'relic' }, will('status/relic'));
    await old.putWill({ id: 'lamp' }, { ...will('status/lamp'), [WILL_PROFILE]: 'public' });
    await db.close();

    const logs: string[] = [];
    const broker = await createBroker({ tcpPort: 0, wsPort: 0, persistDir: data, profiles: defaultProfiles('x'), heartbeatIntervalMs: 300, log: (line) => logs.push(line) });
    h.defer(() => broker.close());
    const watcher = await h.connect(broker.urls.tcp);
    const seen = collect(watcher);
    await watcher.subscribeAsync('status/#', { qos: 1 });
    await waitFor(() => seen.length > 0 && logs.some((l) => l.startsWith("did not publish the will of 'relic'")), 'the wills of the killed broker', 8000);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(seen.map((m) => `${m.topic}=${m.text}`)).toEqual(['status/lamp=offline']);
    expect(logs).toContain("did not publish the will of 'relic' on 'status/relic', left by a broker that stopped: it was stored without the profile it was checked against (by an older version of the kit)");
  }, 30_000);
});
