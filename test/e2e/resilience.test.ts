import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startTestBroker, type TestBroker } from '../fixtures/aedes-broker.js';
import { hasChromium, launchChromium, recordProblems } from '../fixtures/chromium.js';
import {
  connectOutside, markCanvasWhenStill, readHud, sleep, waitForCanvasChange, waitForHudStatus,
} from '../fixtures/page-harness.js';
import { waitFor } from '../fixtures/transports.js';
import { startViteServer } from '../fixtures/vite-server.js';

const users = { public: 'public' };

/**
 * What a classroom meets: the broker restarts mid-lesson, someone mistypes the password.
 * The hello sketch must say so on its HUD, recover by itself, and not hammer the broker.
 */
describe.skipIf(!hasChromium)('hello sketch when things go wrong', () => {
  let broker: TestBroker;
  let vite: Awaited<ReturnType<typeof startViteServer>>;
  let browser: Browser;
  const pages: Page[] = [];

  beforeAll(async () => {
    broker = await startTestBroker(users);
    [vite, browser] = await Promise.all([startViteServer({ P5_MQTT_WS_PORT: String(broker.wsPort) }), launchChromium()]);
  }, 20_000);

  afterAll(async () => {
    await browser?.close();
    await vite?.close();
    await broker?.close();
  });

  async function openHello(query = ''): Promise<{ page: Page; problems: string[] }> {
    const page = await browser.newPage();
    pages.push(page);
    const problems = recordProblems(page);
    await page.goto(`${vite.url}/sketches/hello/${query}`);
    return { page, problems };
  }

  it('shows reconnecting while the broker is down, and works again once it is back on the same ports', async () => {
    const { page, problems } = await openHello();
    await waitForHudStatus(page, 'connected', 15_000);
    const ports = { tcp: broker.tcpPort, ws: broker.wsPort };

    await broker.close();
    const down = await waitForHudStatus(page, 'reconnecting', 5000);
    expect(down.text).toMatch(/reconnecting|retrying/i);
    // Let it fail an attempt or two against the closed port before the broker returns.
    await sleep(1500);

    broker = await startTestBroker(users, ports);
    await waitForHudStatus(page, 'connected', 10_000);

    // Messages flow both ways again (MQTT.js resubscribed the sketch to `hello`).
    const outside = await connectOutside(broker, ['hello']);
    try {
      await markCanvasWhenStill(page);
      await outside.client.publishAsync('hello', 'after the restart');
      await waitForCanvasChange(page, 500);
      outside.received.length = 0;
      await page.keyboard.press('k');
      await waitFor(() => outside.received.includes('hello=world'), 'hello=world after the restart', 5000);
    } finally {
      await outside.close();
    }
    // The outage is told once in the console, not once per reconnection attempt; nothing else.
    const outage = /^console\.error: \[mqtt\] Cannot reach ws:\/\/public:\*{4}@127\.0\.0\.1:\d+ again yet; retrying…$/;
    expect(problems.filter((p) => outage.test(p)).length).toBeLessThanOrEqual(1);
    expect(problems.filter((p) => !outage.test(p))).toEqual([]);
    await page.close();
  }, 40_000);

  let refusedProblems: string[] = [];

  it('shows a readable error for a wrong password from ?broker=, and does not retry', async () => {
    const before = broker.connectAttempts;
    const { page, problems } = await openHello('?broker=mqtt://public:wrong@localhost');
    refusedProblems = problems;
    const hud = await waitForHudStatus(page, 'error', 10_000);
    expect(hud.visible).toBe(true);
    expect(hud.text).toMatch(/user name or password/);
    expect(hud.text).toContain("'public'");
    // Readable, and not leaking what was typed as the password.
    expect(hud.text).not.toContain('wrong');

    await sleep(3000);
    const attempts = broker.connectAttempts - before;
    expect(attempts).toBeGreaterThanOrEqual(1);
    expect(attempts).toBeLessThanOrEqual(2);
    expect(await readHud(page)).toMatchObject({ status: 'error' });
    // In the console: the refusal, never the password, and no line repeated.
    expect(problems.some((p) => /^console\.error: \[mqtt\] ws:\/\/public:\*{4}@127\.0\.0\.1:\d+ refused the user name or password/.test(p))).toBe(true);
    expect(problems.join('\n')).not.toContain('wrong');
    expect(new Set(problems).size).toBe(problems.length);
    await page.close();
  }, 30_000);

  // One console line per problem: the refusal must not come back as a failed subscribe.
  it('says the refusal in the console once, not again as a failed subscribe', () => {
    expect(refusedProblems.filter((p) => /user name or password/.test(p))).toHaveLength(1);
  });
});
