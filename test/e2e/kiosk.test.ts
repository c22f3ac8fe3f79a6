import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mqtt from 'mqtt';
import type { Page } from 'playwright-core';
import { startTestBroker } from '../fixtures/aedes-broker.js';
import { hasChromium, recordProblems } from '../fixtures/chromium.js';
import { startKitStack, type KitStack } from '../fixtures/kit-stack.js';
import { connectOutside, readHud, sleep, waitForHudStatus, type OutsideClient } from '../fixtures/page-harness.js';
import type { KioskStatus } from '../../src/kit/kiosk/index.js';

/** The kiosk test page with these query parameters (`options` as JSON). */
function kioskPage(query: Record<string, string | object>): string {
  const params = new URLSearchParams(Object.entries(query).map(([key, value]) => [key, typeof value === 'string' ? value : JSON.stringify(value)]));
  return `/test/e2e/pages/kiosk.html?${params}`;
}

/** Where the canvas is, how big the window is, and what the kiosk did to the page. */
function layoutOf(page: Page) {
  return page.evaluate(() => {
    const canvas = document.querySelector('canvas')!;
    const box = canvas.getBoundingClientRect();
    return {
      box: [box.left, box.top, box.width, box.height],
      window: [0, 0, innerWidth, innerHeight],
      cursor: [getComputedStyle(canvas).cursor, getComputedStyle(document.body).cursor],
      nav: document.querySelector('nav') && getComputedStyle(document.querySelector('nav')!).display,
    };
  });
}

describe.skipIf(!hasChromium)('kiosk pages', () => {
  let kit: KitStack;

  beforeAll(async () => {
    kit = await startKitStack();
  }, 30_000);

  afterAll(() => kit?.close());

  /** A page on its own, with its loads counted (the watchdog's reloads among them). */
  async function openCounting(path: string) {
    const page = await kit.browser.newPage();
    const problems = recordProblems(page);
    const counter = { loads: 0 };
    page.on('load', () => counter.loads++);
    await page.goto(`${kit.url}${path}`);
    return { page, problems, counter };
  }

  /** Status reports of one client id, oldest first. */
  async function watchStatus(clientId: string): Promise<OutsideClient & { states(): KioskStatus[] }> {
    const watcher = await connectOutside(kit.broker, [`kit/status/${clientId}`]);
    return Object.assign(watcher, { states: () => watcher.received.map((line) => JSON.parse(line.slice(line.indexOf('=') + 1)) as KioskStatus) });
  }

  it('?kiosk on a sketch page: canvas fills the window, no cursor, no page bar, HUD hidden while connected; the sketch still works', async () => {
    const outside = await connectOutside(kit.broker, ['hello']);
    const { page, problems } = await kit.open('/sketches/hello/?kiosk');
    try {
      await waitForHudStatus(page, 'connected', 15_000);
      expect(await readHud(page)).toMatchObject({ status: 'connected', visible: false });
      await expect.poll(async () => (await layoutOf(page)).box, { timeout: 5000 }).toEqual((await layoutOf(page)).window);
      expect(await layoutOf(page)).toMatchObject({ cursor: ['none', 'none'], nav: 'none' });

      // The window changes (a second screen, a rotated one): the canvas follows, over the sketch's own windowResized().
      await page.setViewportSize({ width: 640, height: 360 });
      await expect.poll(async () => (await layoutOf(page)).box, { timeout: 5000 }).toEqual([0, 0, 640, 360]);

      await page.keyboard.press('a');
      await expect.poll(() => outside.received, { timeout: 5000 }).toEqual(['hello=world']);
      expect(problems).toEqual([]);
    } finally {
      await page.close();
      await outside.close();
    }
  }, 40_000);

  it('shows the HUD on an error (a refused password, the one thing it does not retry)', async () => {
    const wrong = encodeURIComponent(`ws://public:nope@127.0.0.1:${kit.broker.wsPort}`);
    const { page } = await kit.open(`/sketches/hello/?kiosk&broker=${wrong}`);
    try {
      const hud = await waitForHudStatus(page, 'error', 15_000);
      expect(hud.visible).toBe(true);
      expect(hud.text).toMatch(/refused the user name or password/);
    } finally {
      await page.close();
    }
  }, 30_000);

  it('shows the HUD once the broker has been out of reach a while, and hides it when connected again', async () => {
    const own = await startTestBroker({ public: 'public' });
    const ports = { tcp: own.tcpPort, ws: own.wsPort };
    let again: Awaited<ReturnType<typeof startTestBroker>> | undefined;
    const { page } = await kit.open(kioskPage({ url: `ws://public:public@127.0.0.1:${ports.ws}`, id: 'outage', options: { kiosk: { showOfflineAfterMs: 500 } } }));
    try {
      await waitForHudStatus(page, 'connected', 15_000);
      expect((await readHud(page))?.visible).toBe(false);
      await own.close();
      await page.waitForSelector('#mqtt-hud', { state: 'visible', timeout: 10_000 });
      expect((await readHud(page))?.status).toBe('reconnecting');
      again = await startTestBroker({ public: 'public' }, ports);
      await waitForHudStatus(page, 'connected', 20_000);
      expect((await readHud(page))?.visible).toBe(false);
    } finally {
      await page.close();
      await again?.close();
    }
  }, 60_000);

  it('reloads a page that keeps throwing, says so on kit/status/<id> first, and stops after its limit', async () => {
    const watcher = await watchStatus('thrower');
    const { page, counter } = await openCounting(kioskPage({ id: 'thrower', throwEvery: '100', options: { kiosk: { maxErrors: 3, errorWindowMs: 2000, maxReloads: 2 } } }));
    try {
      await expect.poll(() => watcher.states().map((s) => s.state), { timeout: 40_000 }).toEqual(['running', 'reloading', 'running', 'reloading', 'running', 'stopped']);
      const states = watcher.states();
      expect(states[1]).toMatchObject({ page: '/test/e2e/pages/kiosk.html', reloads: 1 });
      expect(states[1]!.reason).toBe('3 uncaught errors within 2 s (the last: Error: a sketch bug)');
      // The page that came back says it runs, after how many reloads and why the last one.
      expect(states[2]).toMatchObject({ state: 'running', reloads: 1, lastReload: { reason: states[1]!.reason } });
      expect(states[5]).toMatchObject({ state: 'stopped', reloads: 2 });
      await expect.poll(() => page.locator('.mqtt-page-problem').textContent(), { timeout: 5000 }).toMatch(/already reloaded it 2 times within 60 s, so it stops here/);

      // Still throwing, but no reload loop.
      await sleep(1500);
      expect(counter.loads).toBe(3);
      expect(watcher.states()).toHaveLength(6);

      // The id was the sketch's own, so its latest word is retained for a monitor that looks later.
      const later = await mqtt.connectAsync(kit.broker.tcpUrl, { username: 'public', password: 'public', reconnectPeriod: 0 });
      const retained = new Promise<{ status: KioskStatus; retain: boolean }>((resolve) =>
        later.once('message', (_topic, payload, packet) => resolve({ status: JSON.parse(payload.toString()), retain: packet.retain })),
      );
      await later.subscribeAsync('kit/status/+');
      expect(await retained).toMatchObject({ status: { state: 'stopped' }, retain: true });
      await later.endAsync();
    } finally {
      await page.close();
      await watcher.close();
    }
  }, 60_000);

  it('reloads a page whose draw loop stalls, and not one without draw()', async () => {
    const watcher = await watchStatus('staller');
    const stalled = await openCounting(kioskPage({ id: 'staller', stall: '', options: { kiosk: { stallMs: 1500, maxReloads: 1 } } }));
    const noDraw = await openCounting(kioskPage({ id: 'no-draw', noDraw: '', options: { kiosk: { stallMs: 1000 } } }));
    try {
      await expect.poll(() => watcher.states().map((s) => s.state), { timeout: 30_000 }).toEqual(['running', 'reloading', 'running', 'stopped']);
      // The exception that stopped the frames, not only the silence after it.
      expect(watcher.states()[1]!.reason).toMatch(/^no frame drawn for (1\.[5-9]|2(\.\d)?) s, since Error: draw\(\) broke$/);
      expect(stalled.counter.loads).toBe(2);

      // By now the page without draw() has been up for several stall times, its messages handed over on animation frames.
      expect(noDraw.counter.loads).toBe(1);
      expect(await noDraw.page.evaluate(() => (window as unknown as { client: { status: string } }).client.status)).toBe('connected');
      expect(noDraw.problems).toEqual([]);
    } finally {
      await stalled.page.close();
      await noDraw.page.close();
      await watcher.close();
    }
  }, 60_000);
});
