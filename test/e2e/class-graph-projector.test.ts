// The class graph (/class/) as a class sees it on a 1024×768 projector: the accounts of
// `npm run class` (professor, aluno01…aluno28, each its own profile) plus the kit's public
// and viewer, 30 clients in all with this page. Every label must be drawn, inside the canvas,
// clear of every other label, of the legend and of the status line. Loopback only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mqtt, { type MqttClient } from 'mqtt';
import type { Browser } from 'playwright-core';
import { createBroker, defaultProfiles, type RunningBroker } from '../../src/node/broker/index.js';
import { classProfiles, makeClassAccounts, type ClassAccount } from '../../src/node/classroom/class-accounts.js';
import { hasChromium, launchChromium, recordProblems } from '../fixtures/chromium.js';
import { startViteServer } from '../fixtures/vite-server.js';

type Box = { x: number; y: number; w: number; h: number; text: string; kind: string };
type Summary = { clients: { id: string; profile: string }[]; topics: { name: string }[]; labels: Box[]; canvas: { width: number; height: number } };

/** Where the screenshot goes: SCREENSHOT=docs/screenshots/class-graph-1024.png to refresh the docs' picture. */
const SCREENSHOT = process.env.SCREENSHOT;

describe.skipIf(!hasChromium)('the class graph on a 1024×768 projector', () => {
  let broker: RunningBroker;
  let vite: Awaited<ReturnType<typeof startViteServer>>;
  let browser: Browser;
  let accounts: ClassAccount[];
  const clients: MqttClient[] = [];

  beforeAll(async () => {
    accounts = makeClassAccounts({ students: 28, prefix: 'aluno', teacher: 'professor' });
    const kit = defaultProfiles('unused-admin-password').filter((profile) => profile.username === 'public');
    broker = await createBroker({ tcpPort: 0, wsPort: 0, profiles: [...(await classProfiles(accounts)), ...kit], logLevel: 'quiet' });
    [vite, browser] = await Promise.all([startViteServer({ P5_MQTT_WS_PORT: String(broker.wsPort) }), launchChromium()]);
  }, 60_000);

  afterAll(async () => {
    await Promise.all(clients.map((client) => client.endAsync(true)));
    await browser?.close();
    await vite?.close();
    await broker?.close();
  });

  async function join(clientId: string, username: string, password: string, subscribe: string[], publish?: string): Promise<void> {
    const client = await mqtt.connectAsync(broker.urls.tcp, { clientId, username, password, reconnectPeriod: 0, connectTimeout: 20_000 });
    clients.push(client);
    if (subscribe.length > 0) await client.subscribeAsync(subscribe);
    if (publish) await client.publishAsync(publish, 'oi');
  }

  it('draws every label inside the canvas, none over another or over the legend and status line', async () => {
    const students = accounts.filter((account) => account.role === 'student');
    const teacher = accounts.find((account) => account.role === 'teacher')!;
    // As a lesson has them: each student's sketch on hello/#, some on the sensors, and a
    // student's own topic here and there; public (a bot) and viewer (lesson 5) from the kit.
    // One after another: each login checks a password hash, which is slow on purpose.
    for (const [i, s] of students.entries()) {
      await join(`${s.username}-hello-${i.toString(36)}x7`, s.username, s.password, i % 3 === 0 ? ['hello/#', 'temperatura'] : ['hello/#'], i % 4 === 0 ? `class/${s.username}/cor` : 'hello/click');
    }
    await join('sensor-bot', 'public', 'public', [], 'temperatura');
    await join('p5-viewer-lesson5', 'viewer', 'viewer', ['temperatura', 'umidade']);

    const page = await browser.newPage({ viewport: { width: 1024, height: 768 } });
    const problems = recordProblems(page);
    try {
      await page.goto(`${vite.url}/class/`);
      await page.fill('#login input[name="username"]', teacher.username);
      await page.fill('#login input[name="password"]', teacher.password);
      await page.click('#login button[type="submit"]');
      await page.locator('#login').waitFor({ state: 'hidden', timeout: 10_000 });
      const read = () => page.evaluate(() => (window as unknown as { classGraph: { summary(): unknown } }).classGraph.summary() as Summary);
      await expect.poll(async () => (await read()).clients.length, { timeout: 10_000 }).toBe(31);
      // The nodes glide to their places in about half a second.
      await page.waitForTimeout(1500);
      const summary = await read();
      if (SCREENSHOT) await page.screenshot({ path: SCREENSHOT });

      const { width, height } = summary.canvas;
      expect([width, height]).toEqual([1024, 768]);
      const labels = summary.labels;
      // Every client's name, every topic's, this page's own, the legend's entries and the status line.
      const clientLabels = labels.filter((label) => label.kind === 'client');
      expect(clientLabels.map((label) => label.text).sort()).toEqual(summary.clients.map((c) => c.id).sort().map((id) => expect.stringContaining(id)));
      expect(labels.filter((label) => label.kind === 'topic')).toHaveLength(summary.topics.length);
      expect(labels.some((label) => label.kind === 'client' && label.text.includes('this page'))).toBe(true);
      expect(labels.some((label) => label.kind === 'status')).toBe(true);
      const outside = labels.filter((b) => b.x < 0 || b.y < 0 || b.x + b.w > width || b.y + b.h > height);
      expect(outside).toEqual([]);
      const overlaps: string[] = [];
      labels.forEach((a, i) => labels.slice(i + 1).forEach((b) => {
        if (a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h) overlaps.push(`${a.kind} '${a.text}' × ${b.kind} '${b.text}'`);
      }));
      expect(overlaps).toEqual([]);
      expect(problems).toEqual([]);
    } finally {
      await page.close();
    }
  }, 90_000);
});
