// The sensors and hello pages fed hostile payloads by an outside MQTT client, as anyone on a
// classroom broker could: broken UTF-8, 60 KB strings, "NaN", JSON built to hurt, floods of
// random bytes. The pages must keep drawing, log no errors, and say "invalid" for what is
// not a number. Also: the HUD never shows a password that differs from the user name.
import fc from 'fast-check';
import mqtt, { type MqttClient } from 'mqtt';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMessage } from '../../src/mqtt/payload.js';
import { startTestBroker, type TestBroker } from '../fixtures/aedes-broker.js';
import { hasChromium, launchChromium, recordProblems } from '../fixtures/chromium.js';
import { HOSTILE_PAYLOADS, utf8 } from '../fixtures/hostile-payloads.js';
import { waitForHudStatus } from '../fixtures/page-harness.js';
import { startViteServer } from '../fixtures/vite-server.js';

const SENSORS = ['temperatura', 'umidade', 'luminosidade'] as const;
const STUDENT = { username: 'student', password: 'S3cret-Pw-42' };

/** Counts animation frames actually run, so a test can tell a live sketch from a stuck one. */
const COUNT_FRAMES = `(() => {
  window.__frames = 0;
  const raf = window.requestAnimationFrame.bind(window);
  window.requestAnimationFrame = (callback) => raf((time) => { window.__frames++; callback(time); });
})();`;

const frames = (page: Page) => page.evaluate(() => (window as unknown as { __frames: number }).__frames);

/** The canvas as 64×36 grey levels, to see whether anything moved. */
function snapshot(page: Page): Promise<number[]> {
  return page.evaluate(() => {
    const canvas = document.querySelector<HTMLCanvasElement>('#sketch canvas')!;
    const small = new OffscreenCanvas(64, 36).getContext('2d', { willReadFrequently: true })!;
    small.drawImage(canvas, 0, 0, 64, 36);
    const { data } = small.getImageData(0, 0, 64, 36);
    return Array.from({ length: 64 * 36 }, (_, i) => (data[i * 4]! + data[i * 4 + 1]! + data[i * 4 + 2]!) / 3);
  });
}

const changed = (a: number[], b: number[]) => a.filter((v, i) => Math.abs(v - b[i]!) > 8).length;

/** Asserts the page is alive: frames advance and the canvas changes within `ms`. */
async function expectDrawing(page: Page, ms = 1500): Promise<void> {
  const [before, picture] = [await frames(page), await snapshot(page)];
  await page.waitForTimeout(ms);
  const after = await frames(page);
  // A third of a 60 Hz display's frame rate is plenty to call it alive, even on a loaded machine.
  expect(after - before).toBeGreaterThan((ms / 1000) * 20);
  expect(changed(picture, await snapshot(page))).toBeGreaterThan(0);
}

function readoutLine(page: Page, topic: string): Promise<string> {
  return page.locator('#readout').evaluate((list, t) => [...list.children].map((li) => li.textContent ?? '').find((line) => line.startsWith(`${t}:`)) ?? '', topic);
}

async function pageHealth(page: Page): Promise<{ polluted: boolean; hud: string | undefined }> {
  return page.evaluate(() => ({
    polluted: ({} as Record<string, unknown>).polluted !== undefined || 'polluted' in Object.prototype,
    hud: document.getElementById('mqtt-hud')?.dataset.status,
  }));
}

describe.skipIf(!hasChromium)('pages fed hostile payloads', () => {
  let broker: TestBroker;
  let vite: Awaited<ReturnType<typeof startViteServer>>;
  let browser: Browser;
  let outside: MqttClient;

  beforeAll(async () => {
    broker = await startTestBroker({ public: 'public', [STUDENT.username]: STUDENT.password });
    [vite, browser, outside] = await Promise.all([
      startViteServer({ P5_MQTT_WS_PORT: String(broker.wsPort) }),
      launchChromium(),
      mqtt.connectAsync(broker.tcpUrl, { username: 'public', password: 'public', reconnectPeriod: 0 }),
    ]);
  }, 60_000);

  afterAll(async () => {
    await outside?.endAsync(true);
    await browser?.close();
    await vite?.close();
    await broker?.close();
  });

  /** Opens a sketch page and waits until the broker has seen it subscribe to `topics`. */
  async function open(path: string, topics: readonly string[]): Promise<{ page: Page; problems: string[] }> {
    const seen = new Set<string>();
    const subscribed = new Promise<void>((resolve) => {
      const onSubscribe = (subscriptions: Array<{ topic: string }>) => {
        for (const { topic } of subscriptions) seen.add(topic);
        if (topics.every((t) => seen.has(t))) {
          broker.aedes.off('subscribe', onSubscribe);
          resolve();
        }
      };
      broker.aedes.on('subscribe', onSubscribe);
    });
    const page = await browser.newPage({ viewport: { width: 900, height: 560 } });
    await page.addInitScript(COUNT_FRAMES);
    const problems = recordProblems(page);
    await page.goto(`${vite.url}${path}`);
    await subscribed;
    return { page, problems };
  }

  // Both pages are opened once (a first page load costs seconds), in parallel, and shared.
  let sensors: { page: Page; problems: string[] };
  let hello: { page: Page; problems: string[] };
  beforeAll(async () => {
    const helloBroker = `mqtt://${STUDENT.username}:${STUDENT.password}@localhost`;
    [sensors, hello] = await Promise.all([
      open('/sketches/sensors/', SENSORS),
      open(`/sketches/hello/?broker=${encodeURIComponent(helloBroker)}`, ['hello']),
    ]);
  }, 60_000);

  it('hello: the HUD and the console show the user with **** for a password unlike the user name', async () => {
    const hud = await waitForHudStatus(hello.page, 'connected', 10_000);
    expect(hud.text).toContain(`${STUDENT.username}:****@127.0.0.1:${broker.wsPort}`);
    const everything = await hello.page.evaluate(() => document.documentElement.outerHTML + document.body.innerText);
    expect(everything).not.toContain(STUDENT.password);
    expect(hello.problems.join('\n')).not.toContain(STUDENT.password);
    expect(hello.problems).toEqual([]);
  });

  it('sensors: says "invalid" for every non-number, reads the numbers, keeps drawing, logs nothing', async () => {
    const { page, problems } = sensors;
    // Each topic takes a third of the payloads; before each, a fresh valid reading, so the
    // readout visibly moves from it to what the payload must show.
    let sentinel = 10;
    const feed = async (topic: string, index: number) => {
      const payloads = HOSTILE_PAYLOADS.filter((_, i) => i % SENSORS.length === index);
      for (const payload of payloads) {
        const valid = ++sentinel;
        await outside.publishAsync(topic, String(valid));
        await expect.poll(() => readoutLine(page, topic), { timeout: 10_000, interval: 30 }).toMatch(new RegExp(`^${topic}: ${valid} `));
        await outside.publishAsync(topic, Buffer.from(payload.bytes));
        const isNumber = createMessage(topic, payload.bytes).number !== undefined;
        await expect
          .poll(() => readoutLine(page, topic), { timeout: 10_000, interval: 30, message: `${topic} after ${payload.name}` })
          .not.toMatch(new RegExp(`^${topic}: ${valid} `));
        const line = await readoutLine(page, topic);
        if (isNumber) expect(line, payload.name).not.toContain('invalid');
        else expect(line, payload.name).toMatch(new RegExp(`^${topic}: invalid: .* \\(last valid ${valid} `));
        // Never NaN or Infinity as a reading (a quoted payload may say so, as text); one short line.
        expect(line.replace(/'.*'/s, "'…'"), payload.name).not.toMatch(/NaN|Infinity|undefined/);
        expect(line.length, payload.name).toBeLessThan(120);
      }
    };
    await Promise.all(SENSORS.map((topic, i) => feed(topic, i)));
    await expectDrawing(page);
    expect(await pageHealth(page)).toEqual({ polluted: false, hud: 'connected' });
    expect(problems).toEqual([]);
  }, 60_000);

  it('sensors and hello: a flood of random payloads on every topic leaves both drawing, without errors', async () => {
    const random = fc.sample(fc.oneof(fc.uint8Array({ maxLength: 300 }), fc.string({ unit: 'binary', maxLength: 80 }).map(utf8)), { seed: 99, numRuns: 300 });
    const topics = [...SENSORS, 'hello'];
    const startFrames = [await frames(sensors.page), await frames(hello.page)];
    random.forEach((bytes, i) => outside.publish(topics[i % topics.length]!, Buffer.from(bytes)));
    for (const payload of HOSTILE_PAYLOADS) outside.publish('hello', Buffer.from(payload.bytes));
    // A last, known message on each topic tells when everything before it was handled.
    for (const topic of SENSORS) outside.publish(topic, '42');
    await outside.publishAsync('hello', 'the end', { qos: 1 });
    for (const topic of SENSORS) await expect.poll(() => readoutLine(sensors.page, topic), { timeout: 10_000 }).toMatch(new RegExp(`^${topic}: 42 `));
    await expectDrawing(sensors.page);
    // hello only moves when messages arrive: keep a trickle coming while watching it.
    const trickle = setInterval(() => outside.publish('hello', `still there ${Date.now()}`), 200);
    try {
      await expectDrawing(hello.page);
    } finally {
      clearInterval(trickle);
    }
    expect(await frames(sensors.page)).toBeGreaterThan(startFrames[0]! + 30);
    expect(await frames(hello.page)).toBeGreaterThan(startFrames[1]! + 30);
    for (const { page, problems } of [sensors, hello]) {
      expect(await pageHealth(page)).toEqual({ polluted: false, hud: 'connected' });
      expect(problems).toEqual([]);
    }
  }, 60_000);
});
