import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { TestBroker } from '../fixtures/aedes-broker.js';
import { hasChromium, recordProblems } from '../fixtures/chromium.js';
import { startKitStack, type KitStack } from '../fixtures/kit-stack.js';
import { freePort } from '../fixtures/mosquitto.js';
import { connectOutside, readHud, waitForHudStatus } from '../fixtures/page-harness.js';

/**
 * A classroom: the teacher's kit serves pages and broker at an address that is not the
 * student's own machine. The name teacher-laptop.local (resolved by this Chromium alone, to
 * 127.0.0.2) stands in for the teacher's LAN address: nothing of the kit listens on
 * 127.0.0.1, so a sketch that took `localhost` literally would find no broker.
 */
describe.skipIf(!hasChromium)('sketches opened from another machine', () => {
  const TEACHER = '127.0.0.2';
  const NAME = 'teacher-laptop.local';
  let kit: KitStack;
  let broker: TestBroker;
  let browser: Browser;
  const pageUrl = (path: string) => `${kit.url.replace(TEACHER, NAME)}${path}`;

  beforeAll(async () => {
    kit = await startKitStack({ host: TEACHER, chromiumArgs: [`--host-resolver-rules=MAP ${NAME} ${TEACHER}`] });
    ({ broker, browser } = kit);
  }, 30_000);

  afterAll(() => kit?.close());

  it("hello's mqtt://…@localhost reaches the teacher's broker, at the address the page came from", async () => {
    const page = await browser.newPage();
    const problems = recordProblems(page);
    try {
      await page.goto(pageUrl('/sketches/hello/'));
      const hud = await waitForHudStatus(page, 'connected', 15_000);
      expect(hud.text).toContain(`public:****@${NAME}:${broker.wsPort}`);
      const outside = await connectOutside(broker, ['hello']);
      await page.locator('canvas').click();
      await expect.poll(() => outside.received, { timeout: 5000 }).toEqual(['hello=world']);
      await outside.close();
      expect(problems).toEqual([]);
    } finally {
      await page.close();
    }
  }, 30_000);

  it("when the teacher's broker is down, the HUD points at the teacher's machine, not at npm start here", async () => {
    const page = await browser.newPage();
    // The server announces a port nobody listens on: the teacher's broker is down.
    const dead = await freePort(TEACHER);
    process.env['P5_MQTT_WS_PORT'] = String(dead);
    try {
      await page.goto(pageUrl('/sketches/hello/'));
      await expect.poll(async () => (await readHud(page))?.text ?? '', { timeout: 15_000 }).toMatch(new RegExp(`Could not connect to ws://public:\\*{4}@teacher-laptop\\.local:${dead}\\. Is the broker running\\? It runs beside this page's server on teacher-laptop\\.local`));
      expect((await readHud(page))?.text).not.toMatch(/Try: npm start/);
    } finally {
      process.env['P5_MQTT_WS_PORT'] = String(broker.wsPort);
      await page.close();
    }
  }, 40_000);
});

