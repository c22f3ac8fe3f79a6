// Which web pages may use the HTTP bridge. Any site the user visits can send requests to
// http://127.0.0.1:8080 from their browser; it must not publish as the bridge's login.
// Requests are made here as browsers make them: with the Origin (and Sec-Fetch-Site)
// headers a page cannot leave out.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import mqtt from 'mqtt';
import { createBroker, defaultProfiles, type RunningBroker } from '../../../src/node/broker/index.js';
import { parseBridgeFlags } from '../../../src/node/bridges/flags.js';
import { startHttpBridge, type RunningHttpBridge } from '../../../src/node/bridges/http.js';
import { FlagError } from '../../../src/node/broker/flags.js';
import { openSse } from '../../fixtures/sse-client.js';
import { collect, waitFor } from '../broker/harness.js';

const EVIL = 'http://evil.example';
const EDITOR = 'https://editor.p5js.org';
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe('HTTP bridge: web pages from other sites', () => {
  let broker: RunningBroker;
  let bridge: RunningHttpBridge | undefined;
  let logs: string[];
  const cleanups: (() => unknown)[] = [];

  const start = async (allowOrigins?: string[]) => {
    bridge = await startHttpBridge({
      url: `mqtt://127.0.0.1:${broker.tcpPort}`, port: 0, known: defaultProfiles('x'), log: (line) => logs.push(line), ...(allowOrigins ? { allowOrigins } : {}),
    });
    return bridge;
  };
  const watch = async () => {
    const client = await mqtt.connectAsync(broker.urls.tcp, { username: 'public', password: 'public' });
    cleanups.push(() => client.endAsync(true));
    const received = collect(client);
    await client.subscribeAsync('hello', { qos: 1 });
    return received;
  };
  /** curl's publish, from no page: after it arrives, anything published before it has too. */
  const sentinel = async (url: string, received: { text: string }[]) => {
    expect((await fetch(`${url}/publish/hello`, { method: 'POST', body: 'sentinel' })).status).toBe(204);
    await waitFor(() => received.some((m) => m.text === 'sentinel'), 'the sentinel');
  };

  beforeEach(async () => {
    logs = [];
    broker = await createBroker({ tcpPort: 0, wsPort: 0, profiles: defaultProfiles('x'), logLevel: 'quiet' });
  });
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    await bridge?.close();
    await broker.close();
  });

  it('refuses a publish from another site by default (403, nothing published), whether its page used fetch or a form', async () => {
    const { url } = await start();
    const received = await watch();
    // fetch() from the page: a "simple" request, sent without a preflight.
    const fromFetch = await fetch(`${url}/publish/hello`, { method: 'POST', body: 'from fetch', headers: { origin: EVIL, 'content-type': 'text/plain' } });
    expect(fromFetch.status).toBe(403);
    expect(fromFetch.headers.get('access-control-allow-origin')).toBeNull();
    expect((await fromFetch.json()) as { error: string }).toEqual({ error: `publishing from web pages is off, and ${EVIL} is not allowed (start the bridge with --allow-origin ${EVIL} to let that site publish)` });
    // A form posted from the page, as a browser that leaves Origin out would send it.
    const fromForm = await fetch(`${url}/publish/hello`, { method: 'POST', body: 'from a form', headers: { 'sec-fetch-site': 'cross-site', 'content-type': 'application/x-www-form-urlencoded' } });
    expect(fromForm.status).toBe(403);
    // A login of its own changes nothing: the page is the problem, not the profile.
    const withLogin = await fetch(`${url}/publish/hello`, { method: 'POST', body: 'with a login', headers: { origin: EVIL, authorization: basic('public', 'public') } });
    expect(withLogin.status).toBe(403);
    await sentinel(url, received);
    expect(received.map((m) => m.text)).toEqual(['sentinel']);
    // The terminal says who tried, once per origin.
    expect(logs.filter((line) => line.includes(`from ${EVIL}:`))).toEqual([
      `http: refused POST /publish/hello from ${EVIL}: publishing from web pages is off, and ${EVIL} is not allowed (start the bridge with --allow-origin ${EVIL} to let that site publish)`,
    ]);
  });

  it('refuses the preflight of a publish from another site, Private Network Access included', async () => {
    const { url } = await start();
    const response = await fetch(`${url}/publish/hello`, {
      method: 'OPTIONS',
      headers: { origin: EVIL, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization', 'access-control-request-private-network': 'true' },
    });
    expect(response.status).toBe(403);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    expect(response.headers.get('access-control-allow-private-network')).toBeNull();
    // Nor for the bridge's other paths: the grant is for the streams anyone may read.
    const usage = await fetch(`${url}/`, { method: 'OPTIONS', headers: { origin: EVIL, 'access-control-request-method': 'GET', 'access-control-request-private-network': 'true' } });
    expect(usage.headers.get('access-control-allow-private-network')).toBeNull();
  });

  it("lets every page read the event streams of the bridge's own login (the p5 web editor), but not open one with a login of its own", async () => {
    const { url } = await start();
    const preflight = await fetch(`${url}/subscribe?topic=hello`, {
      method: 'OPTIONS', headers: { origin: EDITOR, 'access-control-request-method': 'GET', 'access-control-request-private-network': 'true' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(preflight.headers.get('access-control-allow-private-network')).toBe('true');
    expect(preflight.headers.get('access-control-allow-headers')).not.toMatch(/authorization/i);

    const stream = await openSse(`${url}/subscribe?topic=hello`, { origin: EDITOR });
    cleanups.push(() => stream.close());
    expect(stream.status).toBe(200);
    expect(stream.headers['access-control-allow-origin']).toBe('*');
    await fetch(`${url}/publish/hello`, { method: 'POST', body: 'public news' });
    expect((await stream.waitForEvents(1))[0]!.data).toContain('public news');

    const withLogin = await openSse(`${url}/subscribe?topic=hello`, { origin: EDITOR, authorization: basic('admin', 'x') });
    cleanups.push(() => withLogin.close());
    expect(withLogin.status).toBe(403);
    const preflightWithLogin = await fetch(`${url}/subscribe?topic=hello`, {
      method: 'OPTIONS', headers: { origin: EDITOR, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
    });
    expect(preflightWithLogin.status).toBe(403);
  });

  it('--allow-origin opens publishing to that origin only, and the answer is readable by it alone', async () => {
    const { url } = await start([EDITOR]);
    const received = await watch();
    const preflight = await fetch(`${url}/publish/hello`, {
      method: 'OPTIONS', headers: { origin: EDITOR, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization', 'access-control-request-private-network': 'true' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(EDITOR);
    expect(preflight.headers.get('access-control-allow-private-network')).toBe('true');
    const allowed = await fetch(`${url}/publish/hello`, { method: 'POST', body: 'from the editor', headers: { origin: EDITOR } });
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(EDITOR);
    expect(allowed.headers.get('vary')).toBe('Origin');
    expect((await fetch(`${url}/publish/hello`, { method: 'POST', body: 'from evil', headers: { origin: EVIL } })).status).toBe(403);
    // An allowed page may log in as a profile of its own; the profile still decides.
    const viewer = await fetch(`${url}/publish/hello`, { method: 'POST', body: 'viewer', headers: { origin: EDITOR, authorization: basic('viewer', 'viewer') } });
    expect(viewer.status).toBe(403);
    await sentinel(url, received);
    expect(received.map((m) => m.text)).toEqual(['from the editor', 'sentinel']);
  });

  it('npm run bridge -- http --allow-origin: repeatable, normalised, and a path or another scheme is an error', () => {
    const flags = parseBridgeFlags(['http', '--allow-origin', 'https://editor.p5js.org/', '--allow-origin', 'http://192.168.0.12:5173']);
    expect(flags).toMatchObject({ kind: 'http', allowOrigins: ['https://editor.p5js.org', 'http://192.168.0.12:5173'] });
    expect(parseBridgeFlags(['http'])).not.toHaveProperty('allowOrigins');
    for (const bad of ['editor.p5js.org', 'https://editor.p5js.org/sketches', 'file:///tmp/x.html', '*']) {
      expect(() => parseBridgeFlags(['http', '--allow-origin', bad])).toThrow(FlagError);
    }
    expect(() => parseBridgeFlags(['http', '--allow-origin', '*'])).toThrow(/--allow-origin expects a web origin like https:\/\/editor\.p5js\.org/);
  });
});
