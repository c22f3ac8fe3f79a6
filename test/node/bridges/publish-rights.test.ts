// The HTTP bridge answers 403 for a publish its login may not make, because the kit's
// broker acknowledges such a publish and drops it (a 204 would be a lie). Anonymous
// requests log in as the `public` profile, which may not publish to $SYS.
import { afterEach, describe, expect, it } from 'vitest';
import mqtt from 'mqtt';
import { createBroker, defaultProfiles, type RunningBroker } from '../../../src/node/broker/index.js';
import { startHttpBridge, type RunningHttpBridge } from '../../../src/node/bridges/http.js';
import { mayPublish } from '../../../src/node/bridges/publish-rights.js';
import { collect, waitFor } from '../broker/harness.js';

const ADMIN = 'admin-secret';
const profiles = defaultProfiles(ADMIN);

describe('publish rights of an anonymous request', () => {
  const cleanups: (() => unknown)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('an anonymous HTTP publish to $SYS/x is 403, and nothing reaches $SYS', async () => {
    const broker: RunningBroker = await createBroker({ tcpPort: 0, wsPort: 0, profiles, logLevel: 'quiet' });
    cleanups.push(() => broker.close());
    // The bridge logs in anonymously, as npm start's bridge does.
    const bridge: RunningHttpBridge = await startHttpBridge({ url: broker.urls.tcp, port: 0, known: profiles, logLevel: 'quiet' });
    cleanups.push(() => bridge.close());
    const admin = await mqtt.connectAsync(broker.urls.tcp, { username: 'admin', password: ADMIN });
    cleanups.push(() => admin.endAsync(true));
    const seen = collect(admin);
    await admin.subscribeAsync(['$SYS/x', 'hello'], { qos: 1 });

    const response = await fetch(`${bridge.url}/publish/%24SYS/x`, { method: 'POST', body: 'spoofed' });
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({ error: "the bridge’s own login may not publish to '$SYS/x' (its profile does not allow it)" });
    expect((await fetch(`${bridge.url}/publish/hello`, { method: 'POST', body: 'sentinel' })).status).toBe(204);
    await waitFor(() => seen.some((m) => m.text === 'sentinel'), 'the sentinel');
    expect(seen.map((m) => m.topic)).toEqual(['hello']);
  });

  it('mayPublish: no user name means the public profile', () => {
    expect(mayPublish(profiles, undefined, '$SYS/x')).toBe(false);
    expect(mayPublish(profiles, undefined, 'hello')).toBe(true);
    expect(mayPublish(profiles, 'nobody', 'hello')).toBeUndefined();
  });
});
