import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mqtt from 'mqtt';
import type { Browser, Page } from 'playwright-core';
import { startTestBroker, type TestBroker } from '../fixtures/aedes-broker.js';
import { hasChromium, launchChromium, recordProblems } from '../fixtures/chromium.js';
import { startViteServer } from '../fixtures/vite-server.js';

type Kit = typeof import('../../src/index.js') & typeof import('../../src/kit/index.js');
declare global {
  interface Window {
    kit: Kit;
    kitReady: boolean;
    seen: string[];
    client: ReturnType<Kit['connect']>;
  }
}

// The browser transport for real: MQTT.js inside a Web Worker, the page holding the proxy.
describe.skipIf(!hasChromium)('client in Chromium (Web Worker transport)', () => {
  let broker: TestBroker;
  let vite: Awaited<ReturnType<typeof startViteServer>>;
  let browser: Browser;
  let page: Page;
  let problems: string[];

  beforeAll(async () => {
    broker = await startTestBroker({ public: 'public' });
    vite = await startViteServer({ P5_MQTT_WS_PORT: String(broker.wsPort) });
    browser = await launchChromium();
    page = await browser.newPage();
    problems = recordProblems(page);
    await page.goto(`${vite.url}/test/e2e/pages/client.html`);
    await page.waitForFunction(() => window.kitReady === true, undefined, { timeout: 15_000 });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await vite?.close();
    await broker?.close();
  });

  it('translates mqtt://localhost to the WebSocket port the server announced, and talks through a worker', async () => {
    await page.evaluate(async () => {
      window.seen = [];
      window.client = window.kit.connectInPage('mqtt://public:public@localhost', 'chromium-test', { deliver: 'drain' });
      await window.client.subscribe('browser/#', (m) => window.seen.push(`${m.topic}=${m.text}`));
    });
    expect(page.workers().length).toBe(1);
    expect(await page.evaluate(() => window.client.target)).toBe(`ws://public:****@127.0.0.1:${broker.wsPort}`);
    expect(await page.evaluate(() => window.client.status)).toBe('connected');

    const outside = await mqtt.connectAsync(broker.tcpUrl, { username: 'public', password: 'public' });
    const received: string[] = [];
    outside.on('message', (topic, payload) => received.push(`${topic}=${payload.toString()}`));
    await outside.subscribeAsync('from-browser');
    expect(await page.evaluate(() => window.client.publish('from-browser', { hello: 'world' }, { qos: 1 }))).toBe(true);
    for (let i = 0; i < 50; i++) await outside.publishAsync('browser/seq', String(i));
    await outside.publishAsync('browser/bytes', Buffer.from([0xff, 0x41]));

    // Asked to wait for drain() (as a sketch's frame loop does): nothing reaches handlers until then.
    await page.waitForFunction(() => window.client.queued === 51, undefined, { timeout: 5000 });
    expect(await page.evaluate(() => window.seen.length)).toBe(0);
    const seen = await page.evaluate(() => {
      window.client.drain();
      return window.seen;
    });
    expect(seen.slice(0, 50)).toEqual(Array.from({ length: 50 }, (_, i) => `browser/seq=${i}`));
    expect(seen[50]).toBe('browser/bytes=\uFFFDA');
    expect(received).toEqual(['from-browser={"hello":"world"}']);
    await outside.endAsync();
  });

  it('shows a readable error for a refused password and does not retry', async () => {
    const before = broker.connectAttempts;
    const text = await page.evaluate(async () => {
      const bad = window.kit.connectInPage('mqtt://public:wrong@localhost', 'chromium-bad');
      await new Promise<void>((resolve) => {
        const stop = bad.on('status', (s) => s.status === 'error' && (stop(), resolve()));
      });
      await new Promise((resolve) => setTimeout(resolve, 2500));
      return `${bad.status}: ${bad.statusText}`;
    });
    expect(text).toMatch(/^error: .*refused the user name or password.*user 'public'/);
    expect(broker.connectAttempts - before).toBe(1);
  });

  it('disconnects cleanly: the worker goes away and no console errors were logged', async () => {
    await page.evaluate(() => window.client.disconnect());
    expect(await page.evaluate(() => window.client.status)).toBe('offline');
    await expect.poll(() => page.workers().length <= 1).toBe(true);
    // The refused client in the previous test logs its one error; nothing else may.
    expect(problems.filter((p) => !/refused the user name or password/.test(p))).toEqual([]);
  });
});
