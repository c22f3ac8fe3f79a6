// The live class graph (/class/) against the kit's real broker (its $SYS/kit/ feed and the
// default profiles, with a known admin password) and the kit's dev server. Loopback only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mqtt, { type MqttClient } from 'mqtt';
import type { Browser, Page } from 'playwright-core';
import { createBroker, defaultProfiles, type RunningBroker } from '../../src/node/broker/index.js';
import { hasChromium, launchChromium, recordProblems } from '../fixtures/chromium.js';
import { markCanvasWhenStill, waitForCanvasChange } from '../fixtures/page-harness.js';
import { startViteServer } from '../fixtures/vite-server.js';

const ADMIN = 'Cl4ss-Gr4ph!';
const REFUSAL = "The class graph needs an account that may read $SYS: admin (its password is printed by npm start) or, in a class, the teacher's account from npm run class (professor unless you named another).";

type Summary = {
  ownId?: string;
  status: string;
  clients: { id: string; profile: string; subscriptions: string[]; sentPerSecond: number; receivedPerSecond: number }[];
  topics: { name: string }[];
  publishLinks: { clientId: string; topic: string }[];
  dotsDrawn: number;
};

describe.skipIf(!hasChromium)('the class graph in Chromium', () => {
  let broker: RunningBroker;
  let vite: Awaited<ReturnType<typeof startViteServer>>;
  let browser: Browser;
  const clients: MqttClient[] = [];

  beforeAll(async () => {
    broker = await createBroker({ tcpPort: 0, wsPort: 0, profiles: defaultProfiles(ADMIN), logLevel: 'quiet' });
    [vite, browser] = await Promise.all([startViteServer({ P5_MQTT_WS_PORT: String(broker.wsPort) }), launchChromium()]);
  }, 60_000);

  afterAll(async () => {
    await Promise.all(clients.map((client) => client.endAsync(true)));
    await browser?.close();
    await vite?.close();
    await broker?.close();
  });

  async function open(query = ''): Promise<{ page: Page; problems: string[] }> {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    const problems = recordProblems(page);
    await page.goto(`${vite.url}/class/${query}`);
    await page.locator('#login input[name="password"]').waitFor();
    return { page, problems };
  }

  async function logIn(page: Page, username: string, password: string): Promise<void> {
    await page.fill('#login input[name="username"]', username);
    await page.fill('#login input[name="password"]', password);
    await page.click('#login button[type="submit"]');
  }

  /** Logs in as admin and waits for the graph to take over from the form. */
  async function logInAsAdmin(page: Page): Promise<void> {
    await logIn(page, 'admin', ADMIN);
    await page.locator('#login').waitFor({ state: 'hidden', timeout: 10_000 });
  }

  const summary = (page: Page) => page.evaluate(() => (window as unknown as { classGraph: { summary(): unknown } }).classGraph.summary() as Summary);

  async function outside(clientId: string, login = { username: 'public', password: 'public' }): Promise<MqttClient> {
    const client = await mqtt.connectAsync(broker.urls.tcp, { clientId, ...login, reconnectPeriod: 0, connectTimeout: 3000 });
    clients.push(client);
    return client;
  }

  it('shows two connected clients and a message between them, as lines and a travelling dot', async () => {
    const { page, problems } = await open();
    try {
      await logInAsAdmin(page);
      await expect.poll(async () => (await summary(page)).clients.map((c) => c.id), { timeout: 5000 }).toEqual([(await summary(page)).ownId]);
      await markCanvasWhenStill(page, 8000);

      const alice = await outside('alice');
      await alice.subscribeAsync('room/hello');
      const bob = await outside('bob', { username: 'viewer', password: 'viewer' });
      await bob.subscribeAsync('room/#');
      await expect.poll(async () => (await summary(page)).clients.map((c) => `${c.id} (${c.profile}) ${c.subscriptions.join(',')}`).slice(1), { timeout: 5000 }).toEqual([
        'alice (public) room/hello',
        'bob (viewer) room/#',
      ]);
      // A line to each subscription and two new nodes with labels.
      await waitForCanvasChange(page, 500);

      // alice → room/hello → alice and (through room/#) bob; dots are drawn while they travel.
      let maxDots = 0;
      await expect.poll(async () => {
        await alice.publishAsync('room/hello', 'hi');
        const now = await summary(page);
        maxDots = Math.max(maxDots, now.dotsDrawn);
        return now.publishLinks.some((l) => l.clientId === 'alice' && l.topic === 'room/hello') && maxDots > 0;
      }, { timeout: 8000, interval: 200 }).toBe(true);
      const after = await summary(page);
      expect(after.topics.map((t) => t.name).sort()).toEqual(['room/#', 'room/hello']);
      const byId = Object.fromEntries(after.clients.map((c) => [c.id, c]));
      expect(byId.alice!.sentPerSecond).toBeGreaterThan(0);
      expect(byId.bob!.receivedPerSecond).toBeGreaterThan(0);
      expect(byId.bob!.sentPerSecond).toBe(0);

      await bob.endAsync();
      await expect.poll(async () => (await summary(page)).clients.map((c) => c.id), { timeout: 5000 }).not.toContain('bob');
      expect(problems).toEqual([]);
    } finally {
      await page.close();
    }
  }, 60_000);

  it('reads the kit’s own broker even when the gallery chose another', async () => {
    const { page, problems } = await open(`?broker=${encodeURIComponent('wss://public:public@broker.invalid')}`);
    try {
      await expect.poll(() => page.locator('#login [data-role="status"]').textContent()).toContain('does not apply here');
      expect(new URL(page.url()).search).toBe('');
      await logInAsAdmin(page);
      expect(problems).toEqual([]);
    } finally {
      await page.close();
    }
  }, 60_000);

  it('refuses a non-admin profile in words, and a wrong password with what to check', async () => {
    const { page, problems } = await open();
    try {
      await logIn(page, 'public', 'public');
      await expect.poll(() => page.locator('#login [role="alert"]').textContent(), { timeout: 10_000 }).toContain(REFUSAL);
      expect(await page.locator('#login').isVisible()).toBe(true);
      expect((await summary(page)).clients).toEqual([]);

      await logIn(page, 'admin', 'not-the-password');
      // The rights refusal above mentions a password too: wait for the broker's own refusal.
      await expect.poll(() => page.locator('#login [role="alert"]').textContent(), { timeout: 10_000 }).toMatch(/refused the user name or password \(connecting as user 'admin'\)/);
      const refused = await page.locator('#login [role="alert"]').textContent();
      expect(refused).not.toContain('not-the-password');
      // The login was typed into fields: the fields are what to check, not a URL nobody wrote.
      expect(refused).toContain('Check the User and Password fields.');
      expect(refused).not.toContain('mqtt://user:password@host');

      // And the right one still works from the same form.
      await logInAsAdmin(page);
      expect(problems).toEqual([]);
    } finally {
      await page.close();
    }
  }, 60_000);
});
