import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import mqtt, { type MqttClient } from 'mqtt';
import type { Browser, Page } from 'playwright-core';
import { createBroker, defaultProfiles, loadProfiles, type RunningBroker } from '../../src/node/broker/index.js';
import { hasChromium, launchChromium, recordProblems } from '../fixtures/chromium.js';
import { markCanvasWhenStill, sleep, waitForCanvasChange, waitForHudStatus } from '../fixtures/page-harness.js';
import { runCli, type CliRun } from '../fixtures/spawn-cli.js';
import { startViteServer } from '../fixtures/vite-server.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const VIEWPORT = { width: 900, height: 600 };
/** The canvas is the window less the 40 px bar: 900 × 560. */
const CANVAS = { width: 900, height: 560 };
type Box = { x0: number; y0: number; x1: number; y1: number };
type Rgb = [number, number, number];

/**
 * Each lesson in docs/lessons/ says what its sketch does; these check it does, in Chromium,
 * against the kit's own broker with its default profiles (plus the accounts of the lessons'
 * turma.json, for lesson 5's exercise) — one broker, one dev server, one browser for all.
 */
describe.skipIf(!hasChromium)('the lessons', () => {
  let broker: RunningBroker;
  const brokerLog: string[] = [];
  let site: Awaited<ReturnType<typeof startViteServer>>;
  let browser: Browser;
  /** A `public` client outside the browser, as mosquitto_sub or a second sketch would be. */
  let outside: MqttClient;
  /** `topic=payload` of everything `outside` received, oldest first. */
  const received: string[] = [];

  beforeAll(async () => {
    const defaults = defaultProfiles('admin-for-the-lessons');
    const turma = await loadProfiles(`${root}/docs/lessons/turma.json`);
    broker = await createBroker({
      tcpPort: 0,
      wsPort: 0,
      profiles: [...defaults, ...turma.filter((p) => !defaults.some((d) => d.username === p.username))],
      log: (line) => brokerLog.push(line),
    });
    [site, browser] = await Promise.all([startViteServer({ P5_MQTT_WS_PORT: String(broker.wsPort) }), launchChromium()]);
    outside = await mqtt.connectAsync(broker.urls.tcp, { username: 'public', password: 'public', reconnectPeriod: 0, connectTimeout: 3000 });
    outside.on('message', (topic, payload) => received.push(`${topic}=${payload.toString()}`));
    await outside.subscribeAsync(['hello/#', 'class/#', 'dado/#']);
  }, 60_000);

  afterAll(async () => {
    await outside?.endAsync(true);
    await browser?.close();
    await site?.close();
    await broker?.close();
  });

  /**
   * Opens a sketch page and returns once it is connected and the broker has its
   * subscriptions (a message published before that would be lost, as in any MQTT client).
   */
  async function open(path: string, filters: string[]): Promise<{ page: Page; problems: string[]; printed: string[] }> {
    const subscribed = new Set<string>();
    let onSubscribe: (subs: { topic: string }[]) => void = () => {};
    const ready = new Promise<void>((resolve) => {
      onSubscribe = (subs) => {
        for (const { topic } of subs) subscribed.add(topic);
        if (filters.every((f) => subscribed.has(f))) resolve();
      };
      broker.aedes.on('subscribe', onSubscribe);
    });
    const page = await browser.newPage({ viewport: VIEWPORT });
    const problems = recordProblems(page);
    const printed: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'log') printed.push(m.text());
    });
    try {
      await page.goto(`${site.url}${path}`);
      await waitForHudStatus(page, 'connected', 15_000);
      await Promise.race([ready, sleep(10_000).then(() => Promise.reject(new Error(`${path} did not subscribe to ${filters.join(', ')}`)))]);
    } finally {
      broker.aedes.off('subscribe', onSubscribe);
    }
    return { page, problems, printed };
  }

  /** Runs `body` on a sketch page opened as `open` does, then demands a clean console and closes it. */
  async function withSketch(path: string, filters: string[], body: (opened: { page: Page; printed: string[] }) => Promise<void>): Promise<void> {
    const { page, problems, printed } = await open(path, filters);
    try {
      await body({ page, printed });
      expect(problems).toEqual([]);
    } finally {
      await page.close();
    }
  }

  async function publish(topic: string, payload: string): Promise<void> {
    // QoS 1: the broker has it before this returns.
    await outside.publishAsync(topic, payload, { qos: 1 });
  }

  /** Waits until `outside` got a message `topic=payload` matching `pattern`; returns it. */
  async function receivedMatching(pattern: RegExp, ms = 5000): Promise<string> {
    await expect.poll(() => received.some((r) => pattern.test(r)), { timeout: ms }).toBe(true);
    return received.find((r) => pattern.test(r))!;
  }

  describe('lesson 1: connect and print messages', () => {
    it('prints and lists a message published from outside on hello', async () => {
      await withSketch('/sketches/lesson-1-connect/', ['hello'], async ({ page, printed }) => {
        await expect.poll(() => printed).toContain('connected!');
        await markCanvasWhenStill(page);
        await publish('hello', 'oi de fora');
        await expect.poll(() => printed).toContain('hello: oi de fora');
        expect(await waitForCanvasChange(page, 100)).toBeGreaterThanOrEqual(100);
      });
    }, 40_000);

    it('solution: also prints the sensor bot’s three topics', async () => {
      await withSketch('/sketches/_lesson-1-connect-solution/', ['hello', 'temperatura', 'umidade', 'luminosidade'], async ({ page, printed }) => {
        await markCanvasWhenStill(page);
        await publish('umidade', '55');
        await publish('luminosidade', '7');
        await expect.poll(() => printed).toEqual(expect.arrayContaining(['umidade: 55', 'luminosidade: 7']));
        expect(await waitForCanvasChange(page, 100)).toBeGreaterThanOrEqual(100);
      });
    }, 40_000);
  });

  describe('lesson 2: publish on key press and click', () => {
    it('a key publishes world on hello, a click its position on hello/click, and both come back', async () => {
      await withSketch('/sketches/lesson-2-publish/', ['hello', 'hello/click'], async ({ page }) => {
        received.length = 0;
        await markCanvasWhenStill(page);
        await page.keyboard.press('a');
        await receivedMatching(/^hello=world$/);
        await page.locator('canvas').click({ position: { x: 120, y: 80 } });
        const click = await receivedMatching(/^hello\/click=/);
        const [x, y] = click.split('=')[1]!.split(',').map(Number);
        expect(Math.abs(x! - 120)).toBeLessThanOrEqual(1);
        expect(Math.abs(y! - 80)).toBeLessThanOrEqual(1);
        // The count and the list of what came back changed on the canvas.
        expect(await waitForCanvasChange(page, 100)).toBeGreaterThanOrEqual(100);
        await sleep(300);
        expect(received).toHaveLength(2);
      });
    }, 40_000);

    it('solution: each key publishes itself, a click its half of the canvas', async () => {
      await withSketch('/sketches/_lesson-2-publish-solution/', ['hello', 'hello/click'], async ({ page }) => {
        received.length = 0;
        await page.keyboard.press('b');
        await receivedMatching(/^hello=b$/);
        await page.locator('canvas').click({ position: { x: 100, y: 100 } });
        await receivedMatching(/^hello\/click=left$/);
        await page.locator('canvas').click({ position: { x: 800, y: 100 } });
        await receivedMatching(/^hello\/click=right$/);
      });
    }, 40_000);
  });

  describe('lesson 3: draw a response to each message', () => {
    it('a message from outside draws on the canvas, and a key publishes world', async () => {
      await withSketch('/sketches/lesson-3-draw/', ['hello'], async ({ page }) => {
        await markCanvasWhenStill(page);
        await publish('hello', 'olá');
        // A growing ring and its text: hundreds of pixels within a few frames.
        expect(await waitForCanvasChange(page, 300)).toBeGreaterThanOrEqual(300);
        received.length = 0;
        await page.keyboard.press('x');
        await receivedMatching(/^hello=world$/);
      });
    }, 40_000);

    it('solution: a message on hello/click draws at that position, not elsewhere', async () => {
      await withSketch('/sketches/_lesson-3-draw-solution/', ['hello', 'hello/click'], async ({ page }) => {
        await markCanvasWhenStill(page);
        await publish('hello/click', '150,120');
        await expect.poll(() => changedIn(page, { x0: 0, y0: 0, x1: 320, y1: 290 }), { timeout: 5000 }).toBeGreaterThan(200);
        // Far from it (and from the hint in the middle, which goes away) nothing changed.
        expect(await changedIn(page, { x0: 620, y0: 380, x1: 900, y1: 560 })).toBe(0);
        // A click publishes where it was.
        received.length = 0;
        await page.locator('canvas').click({ position: { x: 700, y: 400 } });
        await receivedMatching(/^hello\/click=700,400$/);
        // Not two numbers: no circle, no error.
        await publish('hello/click', 'oi');
        await sleep(300);
      });
    }, 40_000);
  });

  describe('lesson 4: sensors — map, smooth, plot', () => {
    const TOP: Box = { x0: 0, y0: 0, x1: CANVAS.width, y1: Math.round(CANVAS.height * 0.65) };
    const PLOT: Box = { x0: 0, y0: Math.round(CANVAS.height * 0.68), x1: CANVAS.width, y1: CANVAS.height };

    it('maps temperatura to the size and colour of a circle, ignores non-numbers, and keeps a history', async () => {
      await withSketch('/sketches/lesson-4-sensors/', ['temperatura'], async ({ page }) => {
        await publish('temperatura', '10');
        await sleep(1500); // lerp() eases the circle to its new size over ~1 s
        const cool = await colourStats(page, TOP);
        await publish('temperatura', '90');
        await sleep(1500);
        const warm = await colourStats(page, TOP);
        // Size: 0–100 maps to a diameter of 20 … 280 px, so the disc's area grows ~30×.
        expect(warm.coloured).toBeGreaterThan(cool.coloured * 10);
        // Colour: blue at 10, red at 90.
        expect(cool.blueMinusRed).toBeGreaterThan(100);
        expect(warm.blueMinusRed).toBeLessThan(-100);

        // History: two readings are a line in the plot; two more make it longer.
        const twoReadings = await steady(() => yellowIn(page, PLOT));
        expect(twoReadings).toBeGreaterThan(20);
        await publish('temperatura', '50');
        await publish('temperatura', '70');
        const fourReadings = await steady(() => yellowIn(page, PLOT));
        expect(fourReadings).toBeGreaterThan(twoReadings + 20);
        await publish('temperatura', 'abc');
        await sleep(500);
        expect(await yellowIn(page, PLOT)).toBe(fourReadings);
      });
    }, 40_000);

    it('solution: luminosidade brightens the background', async () => {
      await withSketch('/sketches/_lesson-4-sensors-solution/', ['temperatura', 'luminosidade'], async ({ page }) => {
        expect((await pixelAt(page, 5, 5))[0]).toBeLessThan(10);
        await publish('luminosidade', '100');
        // 0–100 maps to a grey of 0–120, eased.
        await expect.poll(async () => (await pixelAt(page, 5, 5))[0], { timeout: 5000 }).toBeGreaterThan(110);
      });
    }, 40_000);
  });

  describe('lesson 5: profiles', () => {
    const FIRST_SQUARE = { x: 35, y: 85 };

    it("as viewer, a publish is acknowledged (true) but dropped: it never comes back, nobody gets it, the broker logs why", async () => {
      await withSketch('/sketches/lesson-5-profiles/', ['hello'], async ({ page, printed }) => {
        received.length = 0;
        await page.keyboard.press('a');
        await expect.poll(() => printed.find((line) => line.startsWith('publish '))).toMatch(/^publish p5-\w+ #1 → true$/);
        const clientId = /^publish (p5-\w+) #1/.exec(printed.find((line) => line.startsWith('publish '))!)![1]!;
        expect(brokerLog).toContain(`denied: '${clientId}' (viewer) may not publish to 'hello'`);
        // Grey while waiting, red after 2 s without coming back.
        await expect.poll(() => pixelAt(page, FIRST_SQUARE.x, FIRST_SQUARE.y), { timeout: 5000 }).toEqual([230, 70, 70]);
        expect(received).toEqual([]);
        expect(await readHudStatus(page)).toBe('connected');
      });
    }, 40_000);

    it('as public (what the page says to try next), the same publish comes back and is delivered', async () => {
      // ?broker= stands in for editing USER and PASSWORD to 'public' in sketch.ts.
      const broker_ = encodeURIComponent(`ws://public:public@127.0.0.1:${broker.wsPort}`);
      await withSketch(`/sketches/lesson-5-profiles/?broker=${broker_}`, ['hello'], async ({ page }) => {
        received.length = 0;
        await page.keyboard.press('a');
        await receivedMatching(/^hello=p5-\w+ #1$/);
        await expect.poll(() => pixelAt(page, FIRST_SQUARE.x, FIRST_SQUARE.y), { timeout: 5000 }).toEqual([60, 200, 120]);
      });
    }, 40_000);

    it('solution: ana from turma.json publishes under class/ana/ and it comes back', async () => {
      await withSketch('/sketches/_lesson-5-profiles-solution/', ['class/ana/oi'], async ({ page }) => {
        received.length = 0;
        await page.locator('canvas').click({ position: { x: 400, y: 400 } });
        await receivedMatching(/^class\/ana\/oi=p5-\w+ #1$/);
        await expect.poll(() => pixelAt(page, FIRST_SQUARE.x, FIRST_SQUARE.y), { timeout: 5000 }).toEqual([60, 200, 120]);
        expect(brokerLog.some((line) => /^connect 'p5-\w+' as ana from 127\.0\.0\.1$/.test(line))).toBe(true);
      });
    }, 40_000);
  });

  describe('lesson 6: your own bot', () => {
    const botUrl = () => `mqtt://public:public@127.0.0.1:${broker.tcpPort}`;

    async function stop(bot: CliRun): Promise<void> {
      if (bot.child.exitCode !== null) return;
      bot.kill('SIGINT');
      const code = await Promise.race([bot.exited, sleep(5000).then(() => 'still running')]);
      if (code === 'still running') {
        bot.kill('SIGKILL');
        await bot.exited;
      }
      expect(code).toBe(0);
    }

    it('the Node bot publishes rolls on dado, answers dado/pedido, and the page draws the die and asks for rolls', async () => {
      received.length = 0;
      const bot = runCli('sketches/lesson-6-bot/bot.ts', [botUrl()]);
      try {
        await bot.waitForOutput(/Connected to mqtt:\/\/public:\*\*\*\*@127\.0\.0\.1:\d+ as 'p5-\w+'/);
        // Every 3 s by itself, acknowledged by the broker.
        const [, value] = (await bot.waitForOutput(/published dado = (\d+)/, 8000));
        expect(Number(value)).toBeGreaterThanOrEqual(1);
        expect(Number(value)).toBeLessThanOrEqual(6);
        await receivedMatching(/^dado=[1-6]$/);

        await withSketch('/sketches/lesson-6-bot/', ['dado'], async ({ page }) => {
          // The next roll draws a white die of ~224 px in the middle.
          await expect.poll(() => nearWhiteIn(page, { x0: 0, y0: 0, x1: CANVAS.width, y1: CANVAS.height }), { timeout: 6000 }).toBeGreaterThan(20_000);
          const rollsBefore = bot.output().match(/published dado/g)!.length;
          await page.keyboard.press('r');
          await receivedMatching(/^dado\/pedido=rolar$/);
          await bot.waitForOutput(/received dado\/pedido: rolar/);
          await expect.poll(() => bot.output().match(/published dado/g)!.length).toBeGreaterThan(rollsBefore);
        });
      } finally {
        await stop(bot);
      }
    }, 40_000);

    it('solution: a number on dado/pedido asks for a die with that many sides', async () => {
      received.length = 0;
      const bot = runCli('sketches/_lesson-6-bot-solution/bot.ts', [botUrl()]);
      try {
        await bot.waitForOutput(/Connected to /);
        await sleep(200); // its subscription, sent right after connecting
        // A million sides: a roll of 7 or more says the request was heard (a six-sided roll never is).
        await publish('dado/pedido', '1000000');
        await bot.waitForOutput(/received dado\/pedido: 1000000/);
        await receivedMatching(/^dado=([7-9]|\d{2,})$/);
      } finally {
        await stop(bot);
      }
    }, 30_000);

    it.skipIf(!python)("the tutorial's Python bot (bot.py) publishes and receives on the kit's broker", async () => {
      const seen: string[] = [];
      const watcher = await mqtt.connectAsync(broker.urls.tcp, { username: 'public', password: 'public', reconnectPeriod: 0 });
      watcher.on('message', (topic, payload) => seen.push(`${topic}=${payload.toString()}`));
      await watcher.subscribeAsync(['temperatura', 'umidade', 'luminosidade']);
      const bot = runPython('sketches/lesson-6-bot/bot.py', [String(broker.tcpPort)]);
      try {
        await expect.poll(() => seen.length, { timeout: 8000 }).toBeGreaterThan(0);
        expect(seen[0]).toMatch(/^(temperatura|umidade|luminosidade)=\d{1,3}$/);
        await bot.waitForOutput(/data published/);
        await watcher.publishAsync('umidade', 'de fora', { qos: 1 });
        await bot.waitForOutput(/umidade: de fora/);
      } finally {
        await watcher.endAsync(true);
        await bot.stop();
      }
    }, 30_000);
  });
});

/** A value once two reads 400 ms apart agree (the page has drawn what it was sent). */
async function steady(read: () => Promise<number>, ms = 5000): Promise<number> {
  const deadline = Date.now() + ms;
  let last = await read();
  for (;;) {
    await sleep(400);
    const now = await read();
    if (now === last) return now;
    if (Date.now() > deadline) throw new Error(`still changing after ${ms} ms (${last} → ${now})`);
    last = now;
  }
}

/** The status the HUD shows. */
function readHudStatus(page: Page): Promise<string | undefined> {
  return page.evaluate(() => document.getElementById('mqtt-hud')?.dataset.status);
}

/**
 * A Python 3 with paho-mqtt (pip's paho-mqtt, or Debian's python3-paho-mqtt, which only the
 * system's python3 sees when pyenv or a venv comes first in PATH); not a kit requirement.
 */
const python = ['python3', '/usr/bin/python3'].find((command) => {
  try {
    execFileSync(command, ['-c', 'import paho.mqtt.client'], { stdio: 'ignore', timeout: 10_000 });
    return true;
  } catch {
    return false;
  }
});

/** A Python program with its output collected (and a way to wait for a line of it). */
function runPython(script: string, args: string[]): { output: () => string; waitForOutput(pattern: RegExp, ms?: number): Promise<void>; stop(): Promise<void> } {
  const child = spawn(python!, ['-u', `${root}/${script}`, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  return {
    output: () => text,
    async waitForOutput(pattern, ms = 8000) {
      await expect.poll(() => pattern.test(text), { timeout: ms, message: `${pattern} in:\n${text}` }).toBe(true);
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

/** What a region of the canvas holds, in one pass over its pixels (read through a copy, so Chromium never warns). */
interface RegionStats {
  /** Pixels that differ from the baseline markCanvasWhenStill took (0 without one). */
  changed: number;
  /** Clearly coloured pixels (not grey), and how much bluer than red they are on average. */
  coloured: number;
  blueMinusRed: number;
  /** Pixels of lesson 4's yellow plot line. */
  yellow: number;
  nearWhite: number;
  /** The region's top-left pixel. */
  first: Rgb;
}

function regionStats(page: Page, box: Box): Promise<RegionStats> {
  return page.evaluate((box) => {
    const canvas = document.querySelector('canvas')!;
    const copy = new OffscreenCanvas(canvas.width, canvas.height).getContext('2d', { willReadFrequently: true })!;
    copy.drawImage(canvas, 0, 0);
    const w = box.x1 - box.x0;
    const data = copy.getImageData(box.x0, box.y0, w, box.y1 - box.y0).data;
    const baseline = (window as unknown as { __baseline?: Uint8ClampedArray }).__baseline;
    const stats = { changed: 0, coloured: 0, blueMinusRed: 0, yellow: 0, nearWhite: 0, first: [data[0]!, data[1]!, data[2]!] as [number, number, number] };
    for (let i = 0; i < data.length; i += 4) {
      const r = data[i]!, g = data[i + 1]!, b = data[i + 2]!;
      if (baseline) {
        const p = i / 4;
        const j = ((box.y0 + Math.floor(p / w)) * canvas.width + box.x0 + (p % w)) * 4;
        if (Math.abs(r - baseline[j]!) + Math.abs(g - baseline[j + 1]!) + Math.abs(b - baseline[j + 2]!) > 48) stats.changed++;
      }
      if (Math.max(r, g, b) - Math.min(r, g, b) > 80) {
        stats.coloured++;
        stats.blueMinusRed += b - r;
      }
      if (r > 200 && g > 150 && b < 100) stats.yellow++;
      if (r > 235 && g > 235 && b > 235) stats.nearWhite++;
    }
    if (stats.coloured > 0) stats.blueMinusRed /= stats.coloured;
    return stats;
  }, box);
}

const changedIn = async (page: Page, box: Box) => (await regionStats(page, box)).changed;
const colourStats = (page: Page, box: Box) => regionStats(page, box);
const yellowIn = async (page: Page, box: Box) => (await regionStats(page, box)).yellow;
const nearWhiteIn = async (page: Page, box: Box) => (await regionStats(page, box)).nearWhite;
const pixelAt = async (page: Page, x: number, y: number) => (await regionStats(page, { x0: x, y0: y, x1: x + 1, y1: y + 1 })).first;
