import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startTestBroker, type TestBroker } from '../fixtures/aedes-broker.js';
import { hasChromium, launchChromium, recordProblems } from '../fixtures/chromium.js';
import { connectOutside, readHud, waitForHudStatus } from '../fixtures/page-harness.js';
import { startViteServer } from '../fixtures/vite-server.js';

/** A callback as test/e2e/pages/global-mode.html records it. */
interface Call {
  frameCount: number;
  lastDrawnFrame: number;
  stack: string;
}

/** What global mode and the page put on `window`. */
interface GlobalSketch {
  calls: { setups: number; lastDrawnFrame: number; connected: Call[]; messages: (Call & { topic: string; text: string })[] };
  client: { status: string; clientId: string };
  remove(): Promise<void>;
}

/**
 * Most classroom sketches are global mode: `function setup() { … }` at the top level. The
 * addon must find `messageReceived` and friends on window there, call them between frames
 * like Processing does, and close the connection when the sketch is removed.
 */
describe.skipIf(!hasChromium)('the addon in p5 global mode', () => {
  let broker: TestBroker;
  let vite: Awaited<ReturnType<typeof startViteServer>>;
  let browser: Browser;
  const disconnected: string[] = [];

  beforeAll(async () => {
    broker = await startTestBroker({ public: 'public' });
    broker.aedes.on('clientDisconnect', (client) => disconnected.push(client.id));
    [vite, browser] = await Promise.all([startViteServer({ P5_MQTT_WS_PORT: String(broker.wsPort) }), launchChromium()]);
  }, 20_000);

  afterAll(async () => {
    await browser?.close();
    await vite?.close();
    await broker?.close();
  });

  async function open(query: string): Promise<{ page: Page; problems: string[] }> {
    const page = await browser.newPage();
    const problems = recordProblems(page);
    await page.goto(`${vite.url}/test/e2e/pages/global-mode.html${query}`);
    return { page, problems };
  }

  it('calls clientConnected and messageReceived(topic, message) between frames, and remove() disconnects', async () => {
    const { page, problems } = await open('');
    try {
      await waitForHudStatus(page, 'connected', 15_000);
      await page.waitForFunction(() => (window as unknown as GlobalSketch).calls.connected.length > 0, undefined, { timeout: 5000 });

      const outside = await connectOutside(broker, []);
      // QoS 1: acknowledged by the broker before the outside client closes.
      await outside.client.publishAsync('global/greeting', 'olá, mundo', { qos: 1 });
      await outside.close();
      await page.waitForFunction(() => (window as unknown as GlobalSketch).calls.messages.length > 0, undefined, { timeout: 5000 });

      const calls = await page.evaluate(() => (window as unknown as GlobalSketch).calls);
      expect(calls.setups).toBe(1);
      expect(calls.connected).toHaveLength(1);
      expect(calls.messages.map(({ topic, text }) => ({ topic, text }))).toEqual([{ topic: 'global/greeting', text: 'olá, mundo' }]);
      // Each ran at the start of a frame: frameCount already counts that frame, whose draw()
      // has not run yet, and p5's frame (its predraw hooks) is on the stack, not a socket event.
      for (const call of [...calls.connected, ...calls.messages]) {
        expect(call.frameCount).toBe(call.lastDrawnFrame + 1);
        expect(call.stack).toMatch(/lifecycles\.predraw[^]*_runLifecycleHook[^]*redraw/);
        expect(call.stack).not.toMatch(/#receive|onmessage|MessagePort/);
      }
      expect(await page.locator('canvas').count()).toBe(1);

      const id = await page.evaluate(() => (window as unknown as GlobalSketch).client.clientId);
      expect(id).toBe('global-mode-new');
      expect(disconnected).not.toContain(id);
      await page.evaluate(() => (window as unknown as GlobalSketch).remove());
      await expect.poll(() => disconnected.includes(id), { timeout: 3000 }).toBe(true);
      expect(await page.evaluate(() => (window as unknown as GlobalSketch).client.status)).toBe('offline');
      // The MQTT worker is gone too, not left running with a closed connection.
      await expect.poll(() => page.workers().length, { timeout: 3000 }).toBe(0);
      expect(await readHud(page)).toBeUndefined();
      expect(await page.locator('canvas').count()).toBe(0);
      expect(problems).toEqual([]);
    } finally {
      await page.close();
    }
  }, 30_000);

  it('starts by itself on window load when the page only defines window.setup and draw', async () => {
    const { page, problems } = await open('?start=auto');
    try {
      await waitForHudStatus(page, 'connected', 15_000);
      await page.waitForFunction(() => (window as unknown as GlobalSketch).calls.connected.length > 0, undefined, { timeout: 5000 });
      const calls = await page.evaluate(() => (window as unknown as GlobalSketch).calls);
      expect(calls.setups).toBe(1);
      expect(calls.lastDrawnFrame).toBeGreaterThan(0);
      expect(await page.locator('canvas').count()).toBe(1);
      expect(problems).toEqual([]);
    } finally {
      await page.close();
    }
  }, 30_000);
});
