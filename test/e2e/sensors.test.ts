import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mqtt, { type MqttClient } from 'mqtt';
import type { Browser, Page } from 'playwright-core';
import { startTestBroker, type TestBroker } from '../fixtures/aedes-broker.js';
import { hasChromium, launchChromium, recordProblems } from '../fixtures/chromium.js';
import { startViteServer } from '../fixtures/vite-server.js';

const TOPICS = ['temperatura', 'umidade', 'luminosidade'];
/** The canvas scaled down to this grid of grey levels: enough to see what changed, where. */
const GRID = { cols: 90, rows: 52 };
type Region = { x0: number; x1: number; y0: number; y1: number };
// At 900×560 the three cards sit side by side in the top half of the canvas.
const TEMPERATURE_CARD: Region = { x0: 0.02, x1: 0.31, y0: 0.04, y1: 0.46 };
const HUMIDITY_CARD: Region = { x0: 0.36, x1: 0.64, y0: 0.04, y1: 0.46 };

// The sensors sketch driven by an outside MQTT client, as the sensor bot would drive it.
describe.skipIf(!hasChromium)('sensors sketch in Chromium', () => {
  let broker: TestBroker;
  let vite: Awaited<ReturnType<typeof startViteServer>>;
  let browser: Browser;
  let page: Page;
  let problems: string[];
  let bot: MqttClient;
  const subscribed = new Set<string>();

  beforeAll(async () => {
    broker = await startTestBroker({ public: 'public' });
    // Publishing before the sketch subscribed would lose the message; the broker says when it did.
    const sketchSubscribed = new Promise<void>((resolve) => {
      broker.aedes.on('subscribe', (subscriptions) => {
        for (const { topic } of subscriptions) subscribed.add(topic);
        if (TOPICS.every((t) => subscribed.has(t))) resolve();
      });
    });
    vite = await startViteServer({ P5_MQTT_WS_PORT: String(broker.wsPort) });
    browser = await launchChromium();
    bot = await mqtt.connectAsync(broker.tcpUrl, { username: 'public', password: 'public' });
    page = await browser.newPage({ viewport: { width: 900, height: 560 } });
    problems = recordProblems(page);
    await page.goto(`${vite.url}/sketches/sensors/`);
    await sketchSubscribed;
  }, 60_000);

  afterAll(async () => {
    await bot?.endAsync();
    await browser?.close();
    await vite?.close();
    await broker?.close();
  });

  it('says what to check when no sensor data arrives', async () => {
    await expect
      .poll(() => readout(page), { timeout: 8000, interval: 250 })
      .toContain('waiting for sensor data — is the bot running? (npm run bot)');
    expect(await readout(page)).toContain('temperatura: no data yet');
  });

  it('draws a reading of 42 on temperatura and says "42"', async () => {
    const before = await snapshot(page);
    await bot.publishAsync('temperatura', '42');
    await expect.poll(() => readout(page)).toContain('temperatura: 42 °C');
    // The disc eases towards its new colour over a few frames; on a loaded machine the
    // first snapshot can catch it halfway, so wait for the change rather than sample once.
    let after = await snapshot(page);
    await expect
      .poll(async () => changedCells(before, (after = await snapshot(page)), TEMPERATURE_CARD), { timeout: 5000 })
      // The disc's new colour and the value change well over this many cells; an untouched
      // card changes 0, as the humidity check below shows.
      .toBeGreaterThan(40);
    expect(changedCells(before, after, HUMIDITY_CARD)).toBe(0);
    expect(await readout(page)).not.toContain('waiting');
  });

  it('shows non-numeric payloads as invalid, never NaN, and keeps drawing', async () => {
    await bot.publishAsync('temperatura', 'abc');
    await expect.poll(() => readout(page)).toContain("temperatura: invalid: 'abc' (last valid 42 °C)");
    // The plot scrolls with time, so a live sketch never draws the same frame twice a second apart.
    const first = await snapshot(page);
    await page.waitForTimeout(1200);
    expect(changedCells(first, await snapshot(page))).toBeGreaterThan(0);

    await bot.publishAsync('umidade', '250');
    await bot.publishAsync('luminosidade', 'NaN');
    await expect.poll(() => readout(page)).toContain("luminosidade: invalid: 'NaN'");
    expect(await readout(page)).toContain('umidade: 250 %');
    await bot.publishAsync('luminosidade', '');
    await expect.poll(() => readout(page)).toContain('luminosidade: invalid: empty message');
    await bot.publishAsync('umidade', '{"value":42}');
    await expect.poll(() => readout(page)).toContain(`umidade: invalid: '{"value":42}' (last valid 250 %)`);

    const again = await snapshot(page);
    await page.waitForTimeout(1200);
    expect(changedCells(again, await snapshot(page))).toBeGreaterThan(0);
    expect(await page.locator('#mqtt-hud').getAttribute('data-status')).toBe('connected');
  });

  it('logged no console errors or warnings and no failed requests', () => {
    expect(problems).toEqual([]);
  });
});

/** What the sketch mirrors for screen readers: one line per sensor, then any waiting notice. */
function readout(page: Page): Promise<string> {
  return page.locator('#readout').evaluate((list) => [...list.children].map((li) => li.textContent).join('\n'));
}

/** The canvas as a small grid of grey levels, scaled by the browser (no access to p5 needed). */
function snapshot(page: Page): Promise<number[]> {
  return page.evaluate(({ cols, rows }) => {
    const canvas = document.querySelector<HTMLCanvasElement>('#sketch canvas')!;
    const small = document.createElement('canvas');
    small.width = cols;
    small.height = rows;
    const context = small.getContext('2d', { willReadFrequently: true })!;
    context.drawImage(canvas, 0, 0, cols, rows);
    const { data } = context.getImageData(0, 0, cols, rows);
    return Array.from({ length: cols * rows }, (_, i) => (data[i * 4]! + data[i * 4 + 1]! + data[i * 4 + 2]!) / 3);
  }, GRID);
}

/** Cells of `region` (fractions of the canvas) whose grey level moved by more than a little. */
function changedCells(a: number[], b: number[], region: Region = { x0: 0, x1: 1, y0: 0, y1: 1 }): number {
  let count = 0;
  for (let row = Math.floor(region.y0 * GRID.rows); row < region.y1 * GRID.rows; row++) {
    for (let col = Math.floor(region.x0 * GRID.cols); col < region.x1 * GRID.cols; col++) {
      const i = row * GRID.cols + col;
      if (Math.abs(a[i]! - b[i]!) > 8) count++;
    }
  }
  return count;
}
