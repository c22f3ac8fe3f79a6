import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startTestBroker, type TestBroker } from '../fixtures/aedes-broker.js';
import { hasChromium, launchChromium, recordProblems } from '../fixtures/chromium.js';
import {
  connectOutside, iconStatus, markCanvasWhenStill, readHud, sleep, waitForCanvasChange, waitForHudStatus, type OutsideClient,
} from '../fixtures/page-harness.js';
import { startBuiltSite } from '../fixtures/static-server.js';
import { waitFor } from '../fixtures/transports.js';
import { startViteServer } from '../fixtures/vite-server.js';

/**
 * The hello sketch end to end, as a person uses it, both as `npm start` serves it and as
 * `npm run build` ships it: the same checks against each, because the built page learns
 * the broker's port differently (baked in at build time) and bundles the worker.
 */
const servers = [
  { name: 'Vite dev server', short: 'dev', start: (wsPort: number) => startViteServer({ P5_MQTT_WS_PORT: String(wsPort) }) },
  { name: 'vite build, served statically', short: 'built', start: (wsPort: number) => startBuiltSite({ P5_MQTT_WS_PORT: String(wsPort) }) },
];

describe.skipIf(!hasChromium)('hello sketch in Chromium', () => {
  let broker: TestBroker;
  let browser: Browser;
  let outside: OutsideClient;

  beforeAll(async () => {
    broker = await startTestBroker({ public: 'public' });
    [browser, outside] = await Promise.all([launchChromium(), connectOutside(broker, ['hello'])]);
  }, 20_000);

  afterAll(async () => {
    await outside?.close();
    await browser?.close();
    await broker?.close();
  });

  describe.each(servers)('$name', ({ short, start }) => {
    let server: { url: string; close(): Promise<void> };
    let page: Page;
    let problems: string[];

    beforeAll(async () => {
      server = await start(broker.wsPort);
      mkdirSync('/tmp/shots', { recursive: true });
      page = await browser.newPage();
      problems = recordProblems(page);
      await page.goto(`${server.url}/sketches/hello/`);
      await waitForHudStatus(page, 'connected', 15_000);
    }, 30_000);

    afterAll(async () => {
      await page?.close();
      await server?.close();
    });

    it.runIf(short === 'built')('serves the build as a plain host would: content types, 404s, the port baked in', async () => {
      const html = await fetch(`${server.url}/sketches/hello/`);
      expect(html.headers.get('content-type')).toMatch(/^text\/html/);
      const text = await html.text();
      expect(text).toContain(`<meta name="p5-mqtt-ws-port" content="${broker.wsPort}">`);
      const script = /<script[^>]+src="([^"]+\.js)"/.exec(text)?.[1];
      const style = /<link[^>]+href="([^"]+\.css)"/.exec(text)?.[1];
      const types = await Promise.all(
        [script, style, '/favicon.svg'].map(async (path) => (await fetch(new URL(path!, `${server.url}/sketches/hello/`))).headers.get('content-type')),
      );
      expect(types).toEqual([expect.stringMatching(/^text\/javascript/), expect.stringMatching(/^text\/css/), 'image/svg+xml']);
      expect((await fetch(`${server.url}/nothing-here.js`)).status).toBe(404);
      expect((await fetch(`${server.url}/sketches/hello/../../../../etc/passwd`)).status).toBe(404);
      const folder = await fetch(`${server.url}/sketches/hello`, { redirect: 'manual' });
      expect([folder.status, folder.headers.get('location')]).toEqual([301, '/sketches/hello/']);
    });

    it('shows on the HUD that it is connected, to which broker, and the message rate', async () => {
      const hud = await readHud(page);
      expect(hud).toMatchObject({ status: 'connected', visible: true });
      expect(hud?.text).toContain('connected');
      expect(hud?.text).toContain(`127.0.0.1:${broker.wsPort}`);
      expect(hud?.text).toMatch(/\d+ msg\/s/);
      // The password is masked on screen.
      expect(hud?.text).not.toContain('public:public');
    });

    it('draws a response when a message arrives from outside', async () => {
      await markCanvasWhenStill(page);
      await outside.client.publishAsync('hello', 'from outside');
      // A ripple plus a line of text: thousands of pixels on a 1280×680 canvas.
      expect(await waitForCanvasChange(page, 500)).toBeGreaterThanOrEqual(500);
      await page.screenshot({ path: `/tmp/shots/hello-message-${short}.png` });
    });

    it('publishes world on hello when a key is pressed, once per press', async () => {
      outside.received.length = 0;
      await page.keyboard.press('a');
      await waitFor(() => outside.received.length > 0, 'hello=world at the outside client', 5000);
      await sleep(300);
      expect(outside.received).toEqual(['hello=world']);
    });

    it('hides and shows the HUD with Escape, which the sketch never sees (nothing published)', async () => {
      outside.received.length = 0;
      await page.keyboard.press('Escape');
      await page.waitForSelector('#mqtt-hud', { state: 'hidden', timeout: 2000 });
      await sleep(500);
      expect(outside.received).toEqual([]);

      await page.keyboard.press('Escape');
      await page.waitForSelector('#mqtt-hud', { state: 'visible', timeout: 2000 });
      await sleep(500);
      expect(outside.received).toEqual([]);
      expect(await readHud(page)).toMatchObject({ status: 'connected', visible: true });
    });

    it('logged no console errors or warnings and had no failed requests, favicon included', async () => {
      expect(await iconStatus(page)).toBe(200);
      expect(problems).toEqual([]);
    });
  });
});
