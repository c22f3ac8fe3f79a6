import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { TestBroker } from '../fixtures/aedes-broker.js';
import { hasChromium, recordProblems } from '../fixtures/chromium.js';
import { startKitStack, type KitStack } from '../fixtures/kit-stack.js';
import { connectOutside, readHud, waitForHudStatus } from '../fixtures/page-harness.js';

/** A callback as test/e2e/pages/global-mode.html records it. */
interface Call {
  frameCount: number;
  lastDrawnFrame: number;
  stack: string;
}

/** What global mode and the page put on `window`. */
interface GlobalSketch {
  calls: {
    setups: number;
    lastDrawnFrame: number;
    connected: Call[];
    messages: (Call & { topic: string; text: string; isString: boolean; viewText: string; number: number; parts: string[] })[];
  };
  client: { status: string; clientId: string };
  remove(): Promise<void>;
}

/**
 * Most classroom sketches are global mode: `function setup() { … }` at the top level. The
 * addon must find `messageReceived` and friends on window there, call them between frames
 * like Processing does, and close the connection when the sketch is removed.
 */
describe.skipIf(!hasChromium)('the addon in p5 global mode', () => {
  let kit: KitStack;
  let broker: TestBroker;
  let browser: Browser;
  const disconnected: string[] = [];

  beforeAll(async () => {
    kit = await startKitStack();
    ({ broker, browser } = kit);
    broker.aedes.on('clientDisconnect', (client) => disconnected.push(client.id));
  }, 30_000);

  afterAll(() => kit?.close());

  const open = (query: string) => kit.open(`/test/e2e/pages/global-mode.html${query}`);

  it('calls clientConnected and messageReceived(topic, message) between frames, and remove() disconnects', async () => {
    const { page, problems } = await open('');
    try {
      await waitForHudStatus(page, 'connected', 15_000);
      await page.waitForFunction(() => (window as unknown as GlobalSketch).calls.connected.length > 0, undefined, { timeout: 5000 });

      const outside = await connectOutside(broker, []);
      // QoS 1: acknowledged by the broker before the outside client closes.
      await outside.client.publishAsync('global/greeting', 'olá, mundo', { qos: 1 });
      await outside.client.publishAsync('global/reading', '42,7', { qos: 1 });
      await outside.close();
      await page.waitForFunction(() => (window as unknown as GlobalSketch).calls.messages.length > 1, undefined, { timeout: 5000 });

      const calls = await page.evaluate(() => (window as unknown as GlobalSketch).calls);
      expect(calls.setups).toBe(1);
      expect(calls.connected).toHaveLength(1);
      // The payload arrives as text, as in Processing: p5's int() and splitTokens() work on it
      // as written in a beginner's sketch, and the full view comes third.
      expect(calls.messages.map(({ topic, text, isString, viewText, number, parts }) => ({ topic, text, isString, viewText, number, parts }))).toEqual([
        { topic: 'global/greeting', text: 'olá, mundo', isString: true, viewText: 'olá, mundo', number: NaN, parts: ['olá', ' mundo'] },
        { topic: 'global/reading', text: '42,7', isString: true, viewText: '42,7', number: 42, parts: ['42', '7'] },
      ]);
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

  it.each([
    ['', /found no setup\(\) or draw\(\).*Object\.assign\(window, \{ setup, draw, messageReceived \}\); new p5\(\);/],
    ['?onWindow', /window\.setup and window\.draw exist.*Add `new p5\(\);`/],
  ])('a page%s where no sketch starts says so in the console and on the page, once', async (query, wording) => {
    const page = await browser.newPage();
    const problems = recordProblems(page);
    try {
      await page.goto(`${kit.url}/test/e2e/pages/silent.html${query}`);
      const alert = page.getByRole('alert');
      await alert.waitFor({ timeout: 10_000 });
      expect(await alert.textContent()).toMatch(wording);
      await page.waitForTimeout(500);
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(/^console\.error: \[mqtt\] No p5 sketch started/);
    } finally {
      await page.close();
    }
  }, 30_000);

  it('the global-mode template runs: a click publishes and every window draws the mark', async () => {
    const page = await browser.newPage();
    const problems = recordProblems(page);
    try {
      await page.goto(`${kit.url}/sketches/_template-global/`);
      await waitForHudStatus(page, 'connected', 15_000);
      const outside = await connectOutside(broker, ['my-sketch/#']);
      await page.locator('canvas').click({ position: { x: 50, y: 60 } });
      await expect.poll(() => outside.received.length, { timeout: 5000 }).toBe(1);
      expect(JSON.parse(outside.received[0]!.split('=')[1]!)).toMatchObject({ x: expect.any(Number), y: expect.any(Number) });
      await outside.client.publishAsync('my-sketch/click', JSON.stringify({ x: 0.5, y: 0.5 }), { qos: 1 });
      await outside.close();
      // The mark from outside, drawn where it says: the middle of the canvas is the mark's colour.
      await expect
        .poll(() => page.evaluate(() => {
          const canvas = document.querySelector('canvas')!;
          const copy = new OffscreenCanvas(canvas.width, canvas.height).getContext('2d')!;
          copy.drawImage(canvas, 0, 0);
          return [...copy.getImageData(canvas.width / 2, canvas.height / 2, 1, 1).data.slice(0, 3)];
        }), { timeout: 5000 })
        .toEqual([0x5f, 0xd3, 0xff]);
      expect(problems).toEqual([]);
    } finally {
      await page.close();
    }
  }, 30_000);
});
