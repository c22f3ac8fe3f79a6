// A real browser visiting a page on another site (evil.example, resolved by this Chromium
// alone to 127.0.0.2) while the HTTP bridge runs on this computer: the page tries every way
// a page has to publish through it, and reads a public event stream, as the p5 web editor
// would. The bridge must refuse the first and allow the second; --allow-origin opens
// publishing to the site it names.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import mqtt from 'mqtt';
import { createBroker, defaultProfiles, type RunningBroker } from '../../src/node/broker/index.js';
import { startHttpBridge, type RunningHttpBridge } from '../../src/node/bridges/http.js';
import { hasChromium, launchChromium } from '../fixtures/chromium.js';
import { collect, waitFor } from '../node/broker/harness.js';

const SITE = 'evil.example';

describe.skipIf(!hasChromium)('the HTTP bridge and pages from other sites, in Chromium', () => {
  let broker: RunningBroker;
  let site: Server;
  let origin: string;
  let browser: Browser;
  const bridges: RunningHttpBridge[] = [];

  beforeAll(async () => {
    broker = await createBroker({ tcpPort: 0, wsPort: 0, profiles: defaultProfiles('x'), logLevel: 'quiet' });
    site = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html' });
      response.end('<!doctype html><title>a page</title><iframe name="sink"></iframe>');
    });
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.2', resolve));
    origin = `http://${SITE}:${(site.address() as AddressInfo).port}`;
    browser = await launchChromium([`--host-resolver-rules=MAP ${SITE} 127.0.0.2`]);
  }, 30_000);
  afterAll(async () => {
    await browser?.close();
    for (const bridge of bridges) await bridge.close();
    await new Promise((resolve) => site?.close(resolve));
    await broker?.close();
  });

  async function bridge(allowOrigins?: string[]): Promise<string> {
    const started = await startHttpBridge({ url: broker.urls.tcp, port: 0, known: defaultProfiles('x'), logLevel: 'quiet', ...(allowOrigins ? { allowOrigins } : {}) });
    bridges.push(started);
    return started.url;
  }

  async function watch() {
    const client = await mqtt.connectAsync(broker.urls.tcp, { username: 'public', password: 'public' });
    const received = collect(client);
    await client.subscribeAsync('hello', { qos: 1 });
    return { received, close: () => client.endAsync(true) };
  }

  it('a page on another site cannot publish through the bridge by fetch, a no-cors fetch or a form, but can read its public stream', async () => {
    const url = await bridge();
    const watcher = await watch();
    const page = await browser.newPage();
    try {
      await page.goto(`${origin}/`);
      const attempts = await page.evaluate(async (bridgeUrl) => {
        const results: string[] = [];
        try {
          const response = await fetch(`${bridgeUrl}/publish/hello`, { method: 'POST', body: 'by fetch' });
          results.push(`fetch ${response.status}`);
        } catch {
          results.push('fetch blocked');
        }
        await fetch(`${bridgeUrl}/publish/hello`, { method: 'POST', body: 'by no-cors fetch', mode: 'no-cors' }).catch(() => {});
        const form = Object.assign(document.createElement('form'), { method: 'POST', action: `${bridgeUrl}/publish/hello`, target: 'sink', enctype: 'text/plain' });
        const field = Object.assign(document.createElement('input'), { name: 'by a form', value: '' });
        form.append(field);
        document.body.append(form);
        const loaded = new Promise((resolve) => document.querySelector('iframe')!.addEventListener('load', resolve, { once: true }));
        form.submit();
        // A 204 would not load the frame at all; the message (if any) is out by then anyway.
        await Promise.race([loaded, new Promise((resolve) => setTimeout(resolve, 2000))]);
        return results;
      }, url);
      // The page cannot even read the 403 (no CORS grant): the browser calls it a network error.
      expect(attempts).toEqual(['fetch blocked']);

      const events = page.evaluate((bridgeUrl) => new Promise<string>((resolve, reject) => {
        const source = new EventSource(`${bridgeUrl}/subscribe?topic=hello`);
        // The bridge answers the stream's headers once its subscription is granted.
        source.addEventListener('open', () => ((window as unknown as { streamOpen: boolean }).streamOpen = true));
        source.addEventListener('message', (event) => {
          source.close();
          resolve((JSON.parse((event as MessageEvent<string>).data) as { payload: string }).payload);
        });
        setTimeout(() => reject(new Error('no event in 10 s')), 10_000);
      }), url);
      await expect.poll(() => page.evaluate(() => (window as unknown as { streamOpen?: boolean }).streamOpen === true), { timeout: 10_000 }).toBe(true);
      expect((await fetch(`${url}/publish/hello`, { method: 'POST', body: 'sentinel' })).status).toBe(204);
      expect(await events).toBe('sentinel');
      await waitFor(() => watcher.received.some((m) => m.text === 'sentinel'), 'the sentinel');
      expect(watcher.received.map((m) => m.text)).toEqual(['sentinel']);
    } finally {
      await page.close();
      await watcher.close();
    }
  }, 40_000);

  it('with --allow-origin naming that site, its page publishes and reads the answer', async () => {
    const url = await bridge([origin]);
    const watcher = await watch();
    const page = await browser.newPage();
    try {
      await page.goto(`${origin}/`);
      const status = await page.evaluate(async (bridgeUrl) => (await fetch(`${bridgeUrl}/publish/hello`, { method: 'POST', body: 'allowed page' })).status, url);
      expect(status).toBe(204);
      await waitFor(() => watcher.received.length === 1, 'the allowed message');
      expect(watcher.received.map((m) => m.text)).toEqual(['allowed page']);
    } finally {
      await page.close();
      await watcher.close();
    }
  }, 40_000);
});
