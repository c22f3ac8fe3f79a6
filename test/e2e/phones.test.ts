import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { createBroker, type RunningBroker } from '../../src/node/broker/index.js';
import { classProfiles, makeClassAccounts } from '../../src/node/classroom/class-accounts.js';
import { loginLink } from '../../src/node/classroom/class-cards.js';
import { qrSvg } from '../../src/kit/qr-code.js';
import { hasChromium, launchChromium, recordProblems } from '../fixtures/chromium.js';
import { readHud, sleep, waitForHudStatus } from '../fixtures/page-harness.js';
import { startViteServer } from '../fixtures/vite-server.js';

/**
 * A class joining from phones: the gallery shows its network address as a QR code when
 * `npm start -- --lan` announced one, a student's card link logs the phone in with the
 * account `npm run class` made, and hello publishes on a tap. The kit's real broker, with a
 * class's profiles (no `public` account), on loopback.
 */
describe.skipIf(!hasChromium)('phones in the classroom', () => {
  const accounts = makeClassAccounts({ students: 2, prefix: 'aluno', teacher: 'professor' });
  const [teacher, student] = accounts;
  let broker: RunningBroker;
  let vite: { url: string; close(): Promise<void> };
  let browser: Browser;
  let watcher: MqttClient;
  const received: string[] = [];

  beforeAll(async () => {
    broker = await createBroker({ tcpPort: 0, wsPort: 0, profiles: await classProfiles(accounts), logLevel: 'quiet', log: () => {} });
    [vite, browser, watcher] = await Promise.all([
      startViteServer({ P5_MQTT_WS_PORT: String(broker.wsPort) }),
      launchChromium(),
      mqtt.connectAsync(`mqtt://127.0.0.1:${broker.tcpPort}`, { username: teacher!.username, password: teacher!.password, reconnectPeriod: 0 }),
    ]);
    watcher.on('message', (topic, payload) => received.push(`${topic}=${payload}`));
    await watcher.subscribeAsync('hello');
  }, 30_000);

  afterAll(async () => {
    delete process.env.P5_MQTT_LAN_URL;
    await watcher?.endAsync(true);
    await browser?.close();
    await vite?.close();
    await broker?.close();
  });

  it("shows the gallery's network address as a QR code made in the page, only when the kit announced one", async () => {
    const lanUrl = 'http://192.0.2.77:5173/';
    const page = await browser.newPage();
    const problems = recordProblems(page);
    try {
      process.env.P5_MQTT_LAN_URL = lanUrl;
      await page.goto(`${vite.url}/`);
      const figure = page.locator('#lan-qr');
      await figure.locator('svg').waitFor({ timeout: 10_000 });
      expect(await figure.locator('figcaption').textContent()).toBe(`Phones and other computers on this network: ${lanUrl}`);
      // The very code uqr makes of that address: same grid, same dark modules.
      const expected = qrSvg(lanUrl);
      expect(await figure.locator('svg').getAttribute('viewBox')).toBe(/viewBox="([^"]+)"/.exec(expected)![1]);
      expect(await figure.locator('svg path').getAttribute('d')).toBe(/ d="([^"]+)"/.exec(expected)![1]);
      expect((await figure.boundingBox())!.width).toBeGreaterThan(100);

      delete process.env.P5_MQTT_LAN_URL;
      await page.reload();
      await page.locator('#sketches li').first().waitFor({ timeout: 10_000 });
      await sleep(300);
      expect(await page.locator('#lan-qr').count()).toBe(0);
      expect(problems).toEqual([]);
    } finally {
      await page.close();
    }
  }, 30_000);

  it("a card's link logs a phone in as that student, and hello publishes on a tap, once", async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, hasTouch: true, isMobile: true });
    const page = await context.newPage();
    const problems = recordProblems(page);
    try {
      await page.goto(loginLink(`${vite.url}/sketches/hello/`, student!));
      const hud = await waitForHudStatus(page, 'connected', 15_000);
      expect(hud.text).toContain(`${student!.username}:****@127.0.0.1:${broker.wsPort}`);
      expect(hud.text).not.toContain(student!.password);
      const canvas = page.locator('canvas');
      const box = (await canvas.boundingBox())!;
      expect(box.width).toBeLessThanOrEqual(390);
      received.length = 0;
      await canvas.tap({ position: { x: box.width / 2, y: box.height / 2 } });
      await expect.poll(() => received, { timeout: 5000 }).toEqual(['hello=world']);
      // A tap is one touch: the mouse events a browser makes up after it publish nothing more.
      await sleep(500);
      expect(received).toEqual(['hello=world']);
      expect((await readHud(page))?.status).toBe('connected');
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  }, 30_000);
});
