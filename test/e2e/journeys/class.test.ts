import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { hasChromium, launchChromium, recordProblems } from '../../fixtures/chromium.js';
import { freePort } from '../../fixtures/mosquitto.js';
import { readHud, waitForHudStatus } from '../../fixtures/page-harness.js';
import { runCli, type CliRun } from '../../fixtures/spawn-cli.js';
import { bannerPorts } from '../../fixtures/banner-ports.js';

const TEACHER_HOST = '127.0.0.2';
const NAME = 'teacher-laptop.local';

/** A student's card, read off the printed cards page as a student reads it. */
interface Card {
  user: string;
  password: string;
  link: string;
}

function cardsOf(html: string): { students: Card[]; teacher: { user: string; password: string } } {
  const students = [...html.matchAll(/<article class="card student" data-link="([^"]+)">[\s\S]*?<dd class="user">([^<]+)<\/dd>[\s\S]*?<dd class="password">([^<]+)<\/dd>/g)]
    .map((m) => ({ link: m[1]!.replace(/&#38;/g, '&'), user: m[2]!, password: m[3]! }));
  const teacher = /<article class="card teacher">[\s\S]*?<dd class="user">([^<]+)<\/dd>[\s\S]*?<dd class="password">([^<]+)<\/dd>/.exec(html)!;
  return { students, teacher: { user: teacher[1]!, password: teacher[2]! } };
}

/**
 * A class as README and docs/lessons tell it: `npm run class`, then
 * `npm start -- --lan --profiles turma.json`; three students on "other machines" (Chromium
 * resolving teacher-laptop.local to 127.0.0.2) open their cards' links, walk to lessons 1–6
 * from the gallery in the same tab and do each lesson's step; the teacher watches /class/
 * and /inspector/ with the teacher's account. Nothing is refused or denied on the way, but
 * lesson 5's viewer, which is that lesson's point.
 */
describe.skipIf(!hasChromium)('journey: a class with accounts', () => {
  let work: string;
  let kit: CliRun;
  let browser: Browser;
  let teacherClient: MqttClient;
  const seen: string[] = [];
  let cards: ReturnType<typeof cardsOf>;
  let pagePort: number;
  let tcpPort: number;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'kit-journey-class-'));
    pagePort = await freePort();
    // The cards point at the teacher's LAN name, on the port the pages will have.
    const made = runCli('src/node/cli/class.ts', ['--students', '3', '--out', join(work, 'turma.json'), '--url', `http://${NAME}:${pagePort}/sketches/hello/`]);
    expect(await made.exited).toBe(0);
    cards = cardsOf(readFileSync(join(work, 'turma-cards.html'), 'utf8'));
    expect(cards.students).toHaveLength(3);

    kit = runCli('src/node/cli/start.ts', ['--lan', '--profiles', join(work, 'turma.json'), '--tcp-port', '0', '--ws-port', '0', '--http-port', String(pagePort), '--bot-interval', '500']);
    [, browser] = await Promise.all([kit.waitForOutput(/^Ready: /m, 60_000), launchChromium([`--host-resolver-rules=MAP ${NAME} ${TEACHER_HOST}`])]);
    tcpPort = bannerPorts(kit.output()).tcp;
    teacherClient = await mqtt.connectAsync(`mqtt://127.0.0.1:${tcpPort}`, { username: cards.teacher.user, password: cards.teacher.password, reconnectPeriod: 0 });
    teacherClient.on('message', (topic, payload) => seen.push(`${topic}=${payload.toString()}`));
    await teacherClient.subscribeAsync(['hello/#', 'dado/#']);
  }, 120_000);

  afterAll(async () => {
    await teacherClient?.endAsync(true);
    await browser?.close();
    if (kit && kit.child.exitCode === null) {
      kit.kill('SIGINT');
      await kit.exited;
    }
    rmSync(work, { recursive: true, force: true });
  });

  /** Waits for the HUD to say connected, as `user` at the teacher's machine. */
  async function connectedAs(page: Page, user: string): Promise<void> {
    const hud = await waitForHudStatus(page, 'connected', 15_000);
    expect(hud.text).toContain(`${user}:****@${NAME}:`);
  }

  /** From the gallery (typed into the same tab, as a student does), the lesson's link. */
  async function walkTo(page: Page, lesson: string): Promise<void> {
    await page.goto(`http://${NAME}:${pagePort}/`);
    await page.locator(`#sketches a[href^="sketches/${lesson}/"]`).click();
    await page.waitForURL(new RegExp(`/sketches/${lesson}/`));
  }

  async function student(card: Card, index: number): Promise<string[]> {
    const context: BrowserContext = await browser.newContext({ viewport: { width: 900, height: 600 } });
    const page = await context.newPage();
    const problems = recordProblems(page);
    const printed: string[] = [];
    page.on('console', (m) => void (m.type() === 'log' && printed.push(m.text())));
    try {
      // The card's QR code: hello, logged in.
      await page.goto(card.link);
      await connectedAs(page, card.user);

      await walkTo(page, 'lesson-1-connect');
      await connectedAs(page, card.user);
      await expect.poll(() => printed, { timeout: 10_000 }).toContain('connected!');
      await teacherClient.publishAsync('hello', `oi ${card.user}`, { qos: 1 });
      await expect.poll(() => printed, { timeout: 5000 }).toContain(`hello: oi ${card.user}`);

      await walkTo(page, 'lesson-2-publish');
      await connectedAs(page, card.user);
      await page.locator('canvas').click({ position: { x: 100 + index * 10, y: 100 } });
      await expect.poll(() => seen, { timeout: 5000 }).toContain(`hello/click=${100 + index * 10},100`);

      await walkTo(page, 'lesson-3-draw');
      await connectedAs(page, card.user);
      const before = seen.filter((line) => line === 'hello=world').length;
      await page.keyboard.press('a');
      await expect.poll(() => seen.filter((line) => line === 'hello=world').length, { timeout: 5000 }).toBeGreaterThan(before);

      await walkTo(page, 'lesson-4-sensors');
      await connectedAs(page, card.user);

      // Lesson 5 logs in as viewer on purpose: its publishes are the ones the broker drops.
      await walkTo(page, 'lesson-5-profiles');
      await connectedAs(page, 'viewer');

      await walkTo(page, 'lesson-6-bot');
      await connectedAs(page, card.user);
      await page.keyboard.press('r');
      await expect.poll(() => seen, { timeout: 5000 }).toContain('dado/pedido=rolar');
      expect((await readHud(page))?.status).toBe('connected');
      return problems;
    } finally {
      await context.close();
    }
  }

  it('three students walk lessons 1–6 from their cards, and nothing of theirs is refused or denied', async () => {
    const problems = await Promise.all(cards.students.map((card, index) => student(card, index)));
    // A student clicking on while the gallery still loads its QR module aborts that request: a navigation, not a problem.
    expect(problems.flat().filter((p) => !/lesson-5|viewer/.test(p) && !/^requestfailed: .* net::ERR_ABORTED$/.test(p))).toEqual([]);
    // What the broker said while the class ran: the lines after the banner's Ready line.
    const log = kit.output().split(/^Ready: .*$/m)[1]!.split('\n');
    expect(log.filter((line) => /refused|denied/.test(line) && !/\(viewer\)/.test(line))).toEqual([]);
  }, 240_000);

  it("lesson 6's bot runs under a student's account on the teacher's broker, and its page shows the rolls", async () => {
    const [card] = cards.students;
    const bot = runCli('sketches/lesson-6-bot/bot.ts', [`mqtt://${card!.user}:${card!.password}@${TEACHER_HOST}:${tcpPort}`]);
    try {
      await bot.waitForOutput(/published dado = [1-6]/, 15_000);
      await expect.poll(() => seen.some((line) => /^dado=[1-6]$/.test(line)), { timeout: 5000 }).toBe(true);
    } finally {
      bot.kill('SIGINT');
      await bot.exited;
    }
  }, 60_000);

  it('the teacher watches the room on /class/ and /inspector/ with the teacher account', async () => {
    const page = await browser.newPage({ viewport: { width: 1024, height: 768 } });
    const problems = recordProblems(page);
    try {
      await page.goto(`http://127.0.0.1:${pagePort}/class/`);
      await page.fill('#login input[name="username"]', cards.teacher.user);
      await page.fill('#login input[name="password"]', cards.teacher.password);
      await page.click('#login button[type="submit"]');
      await expect.poll(() => page.locator('#login').isHidden(), { timeout: 15_000 }).toBe(true);
      await expect.poll(async () => (await page.evaluate(() => window.classGraph?.summary().clients.map((c) => c.profile) ?? [])), { timeout: 10_000 })
        .toContain(cards.teacher.user);

      await page.goto(`http://127.0.0.1:${pagePort}/inspector/`);
      await page.fill('#broker-user', cards.teacher.user);
      await page.fill('#broker-password', cards.teacher.password);
      await page.locator('#login button[type="submit"]').click();
      await expect.poll(() => page.locator('#connection').textContent(), { timeout: 15_000 }).toMatch(new RegExp(`${cards.teacher.user}:\\*{4}@`));
      await expect.poll(() => page.locator('#topic-tree').textContent(), { timeout: 10_000 }).toContain('temperatura');
      expect(problems).toEqual([]);
    } finally {
      await page.close();
    }
  }, 60_000);
});
