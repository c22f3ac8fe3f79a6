import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startTestBroker, type TestBroker } from '../fixtures/aedes-broker.js';
import { hasChromium, launchChromium, recordProblems } from '../fixtures/chromium.js';
import { connectOutside, waitForHudStatus } from '../fixtures/page-harness.js';
import { startBuiltSite, type StaticSite } from '../fixtures/static-server.js';

/**
 * The deploy story: `VITE_MQTT_URL=… npm run build`, the site on any static host. The shipped
 * sketches say `mqtt://…@localhost`; in the built site that means the broker it was built for,
 * here one on a port the kit would never pick by itself.
 */
describe.skipIf(!hasChromium)('a built site on a plain static host', () => {
  let broker: TestBroker;
  let site: StaticSite;
  let browser: Browser;

  beforeAll(async () => {
    broker = await startTestBroker({ public: 'public' });
    [site, browser] = await Promise.all([
      startBuiltSite({ VITE_MQTT_URL: `ws://127.0.0.1:${broker.wsPort}` }),
      launchChromium(),
    ]);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await broker?.close();
  });

  it('hello connects to VITE_MQTT_URL and talks through it', async () => {
    const page = await browser.newPage();
    const problems = recordProblems(page);
    try {
      await page.goto(`${site.url}/sketches/hello/`);
      const hud = await waitForHudStatus(page, 'connected', 15_000);
      expect(hud.text).toContain(`public:****@127.0.0.1:${broker.wsPort}`);
      const outside = await connectOutside(broker, ['hello']);
      await page.locator('canvas').click();
      await expect.poll(() => outside.received.length, { timeout: 5000 }).toBeGreaterThan(0);
      expect(outside.received[0]).toBe('hello=world');
      await outside.close();
      expect(problems).toEqual([]);
    } finally {
      await page.close();
    }
  }, 30_000);

  it('the gallery says where sketches really connect', async () => {
    const page = await browser.newPage();
    try {
      await page.goto(`${site.url}/`);
      await page.locator('#sketches a').first().waitFor();
      expect(await page.locator('#broker-current').textContent()).toBe(
        `Sketches connect to ws://127.0.0.1:${broker.wsPort}, the broker this site is set up for (VITE_MQTT_URL).`,
      );
    } finally {
      await page.close();
    }
  }, 30_000);

  it('the inspector starts from VITE_MQTT_URL and connects there', async () => {
    const page = await browser.newPage();
    const problems = recordProblems(page);
    try {
      await page.goto(`${site.url}/inspector/`);
      expect(await page.inputValue('#broker-url')).toBe(`ws://127.0.0.1:${broker.wsPort}`);
      await page.waitForSelector('#connection[data-status="connected"]', { timeout: 15_000 });
      expect(problems).toEqual([]);
    } finally {
      await page.close();
    }
  }, 30_000);
});
