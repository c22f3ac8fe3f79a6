import { afterAll, beforeAll, describe, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { startTestBroker, type TestBroker } from '../fixtures/aedes-broker.js';
import { hasChromium, launchChromium, recordProblems } from '../fixtures/chromium.js';
import { iconStatus, readHud, sleep, waitForHudStatus } from '../fixtures/page-harness.js';
import { startViteServer } from '../fixtures/vite-server.js';
import { findSketchPages } from '../../src/node/dev/sketch-pages.js';
import { KIT_PAGES, kitPagePath } from '../../src/node/dev/kit-pages.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const SHOTS = '/tmp/shots';

/** The kit's pages (gallery, inspector…) and every sketch, from the lists the gallery and the build use. */
const sketchPages = findSketchPages(root).map((p) => ({ name: p.name, path: `/${p.href}` }));
const pages = [...KIT_PAGES.map((p) => ({ name: p.name, path: kitPagePath(p) })), ...sketchPages];

/**
 * A page that logs a warning on load teaches students to ignore the console. Every page
 * must load with nothing in it: no errors, no warnings, no failed or 4xx/5xx request
 * (favicon included), also a moment after load, when late errors show up. On the dev
 * server, where pages are written; hello.test.ts holds the built hello page to the same.
 */
describe.skipIf(!hasChromium)('every page loads cleanly', () => {
  let broker: TestBroker;
  let site: Awaited<ReturnType<typeof startViteServer>>;
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    // No users: any sketch's credentials are accepted; this test is about the pages.
    broker = await startTestBroker();
    [site, browser] = await Promise.all([startViteServer({ P5_MQTT_WS_PORT: String(broker.wsPort) }), launchChromium()]);
  }, 20_000);

  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await broker?.close();
  });

  // Concurrently: most of each test is waiting for late errors.
  // 60 s: a dozen pages loading at once on 2 busy cores each wait their turn.
  it.concurrent.for(pages)('$name', { timeout: 60_000 }, async ({ name, path }, { expect }) => {
    const page = await browser.newPage({ viewport: { width: 1024, height: 640 } });
    try {
      const problems = recordProblems(page);
      const response = await page.goto(`${site.url}${path}`, { timeout: 20_000 });
      expect(response?.status()).toBe(200);
      expect(await iconStatus(page)).toBe(200);
      await sleep(1500);
      // A sketch that connects must manage it with a broker running (a loaded machine may
      // need longer than the 1.5 s; errors logged meanwhile are still recorded).
      if (await readHud(page)) await waitForHudStatus(page, 'connected', 10_000);
      if (name === 'gallery') {
        const links = await page.$$eval('#sketches a', (as) => as.map((a) => new URL((a as HTMLAnchorElement).href).pathname));
        expect(links).toEqual(sketchPages.map((p) => p.path));
      }
      await page.screenshot({ path: `${SHOTS}/${name}.png` });
      expect(problems).toEqual([]);
    } finally {
      await page.close();
    }
  });
});
