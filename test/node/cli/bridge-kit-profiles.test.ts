// `npm run bridge -- http --url …` pointed at an `npm start` running here answers 403 for a
// publish that kit's broker would drop, as README promises: it learns the kit's profiles
// (their names and publish rights, never passwords) from the kit's note.
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import mqtt from 'mqtt';
import { defaultProfiles } from '../../../src/node/broker/index.js';
import { brokerUrlReachesKit, knownProfilesOf } from '../../../src/node/cli/kit-for-url.js';
import { announceRunningKit, findRunningKit, type RunningKit } from '../../../src/node/cli/running-kit.js';
import { runCli, type CliRun } from '../../fixtures/spawn-cli.js';
import { collect, waitFor } from '../broker/harness.js';

const viewer = { authorization: `Basic ${Buffer.from('viewer:viewer').toString('base64')}` };

describe('the HTTP bridge and a running kit', () => {
  const runs: CliRun[] = [];
  afterEach(async () => {
    for (const run of runs.splice(0).reverse()) {
      if (run.child.exitCode === null) {
        run.kill('SIGKILL');
        await run.exited;
      }
    }
  });

  it("--url mqtt://public:public@127.0.0.1:<npm start's port> answers a viewer's publish 403, and nothing is published", async () => {
    const kit = runCli('src/node/cli/start.ts', ['--tcp-port', '0', '--ws-port', '0', '--http-port', '0', '--no-bot']);
    runs.push(kit);
    await kit.waitForOutput(/^Ready: /m, 30_000);
    const tcpPort = kit.output().match(/TCP\s+mqtt:\/\/127\.0\.0\.1:(\d+)/)![1];
    const bridge = runCli('src/node/cli/bridge.ts', ['http', '--url', `mqtt://public:public@127.0.0.1:${tcpPort}`, '--port', '0']);
    runs.push(bridge);
    const [, bridgeUrl] = await bridge.waitForOutput(/http bridge: (http:\/\/127\.0\.0\.1:\d+)/);

    const watcher = await mqtt.connectAsync(`mqtt://127.0.0.1:${tcpPort}`, { username: 'public', password: 'public' });
    const seen = collect(watcher);
    await watcher.subscribeAsync('hello', { qos: 1 });
    const refused = await fetch(`${bridgeUrl}/publish/hello`, { method: 'POST', body: 'from a viewer', headers: viewer });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toEqual({ error: "'viewer' may not publish to 'hello' (its profile does not allow it)" });
    expect((await fetch(`${bridgeUrl}/publish/hello`, { method: 'POST', body: 'sentinel' })).status).toBe(204);
    await waitFor(() => seen.some((m) => m.text === 'sentinel'), 'the sentinel', 5000);
    expect(seen.map((m) => m.text)).toEqual(['sentinel']);
    await watcher.endAsync();
    expect(bridge.output()).toContain(`The broker at --url is npm start's (pid ${kit.child.pid}): using its profiles.`);
  }, 60_000);

  it('a kit with a profiles file announces who may publish where, without passwords, readable by this user only', async () => {
    const dir = join(await mkdtemp(join(tmpdir(), 'kit-')), 'running');
    try {
      const classroom = [
        { username: 'public', password: 'public', publish: ['#'], subscribe: ['#'] },
        { username: 'sensor', password: 's3cret', publish: ['sensors/#'], subscribe: [] },
      ];
      const kit: RunningKit = {
        pid: process.pid, startedAt: 1, tcpPort: 1884, wsPort: 9002, pagePort: 5173, defaultProfiles: false,
        publishRights: classroom.map(({ username, publish }) => ({ username, publish })),
      };
      await announceRunningKit(dir, kit);
      expect((await stat(join(dir, `${process.pid}.json`))).mode & 0o777).toBe(0o600);
      const found = await findRunningKit(dir, { processAlive: () => true, portOpen: async () => true, portHolder: async () => process.pid });
      expect(JSON.stringify(found)).not.toContain('s3cret');
      expect(knownProfilesOf(found!)).toEqual([{ username: 'public', publish: ['#'] }, { username: 'sensor', publish: ['sensors/#'] }]);
    } finally {
      await rm(join(dir, '..'), { recursive: true, force: true });
    }
    // A note from before rights were announced: the defaults, when the kit used them.
    expect(knownProfilesOf({ defaultProfiles: true })).toEqual(defaultProfiles(''));
    expect(knownProfilesOf({ defaultProfiles: false })).toBeUndefined();
  });

  it('tells a URL that reaches the kit from one that does not', () => {
    const kit = { tcpPort: 1884, wsPort: 9002 };
    const here = ['192.168.0.12'];
    for (const url of ['mqtt://public:public@127.0.0.1:1884', 'mqtt://localhost:1884', 'ws://127.0.0.1:9002', 'mqtt://192.168.0.12:1884', 'mqtt://[::1]:1884']) {
      expect(brokerUrlReachesKit(url, kit, here), url).toBe(true);
    }
    for (const url of ['mqtt://127.0.0.1:1883', 'ws://127.0.0.1:1884', 'mqtt://192.168.0.99:1884', 'mqtt://broker.example:1884', 'not a url']) {
      expect(brokerUrlReachesKit(url, kit, here), url).toBe(false);
    }
  });
});
