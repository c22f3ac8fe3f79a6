import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { TestBroker } from '../fixtures/aedes-broker.js';
import { hasChromium } from '../fixtures/chromium.js';
import { startKitStack, type KitStack } from '../fixtures/kit-stack.js';
import { connectOutside, waitForHudStatus } from '../fixtures/page-harness.js';

interface AddonLog {
  keys: string[];
  received: { topic: string; message: unknown; type: string; number: number | undefined }[];
  handled: string[];
  frames: number;
  differentClients?: boolean;
}

const logOf = (page: Page) => page.evaluate(() => (window as unknown as { calls: AddonLog }).calls);
const clientStatus = (page: Page) => page.evaluate(() => (window as unknown as { client?: { status: string } }).client?.status);

/** The addon as sketches use it: what reaches messageReceived, keys, repeated connects, worker refusal. */
describe.skipIf(!hasChromium)('the p5 addon', () => {
  let kit: KitStack;
  let broker: TestBroker;
  let browser: Browser;

  beforeAll(async () => {
    kit = await startKitStack();
    ({ broker, browser } = kit);
  }, 30_000);

  afterAll(() => kit?.close());

  const open = (query: string) => kit.open(`/test/e2e/pages/addon.html${query}`);

  it('hands messageReceived the payload as text, and only what no per-topic handler took', async () => {
    const { page, problems } = await open('');
    try {
      await waitForHudStatus(page, 'connected', 15_000);
      const outside = await connectOutside(broker, []);
      await outside.client.publishAsync('claimed/a', 'for the handler', { qos: 1 });
      await outside.client.publishAsync('unclaimed/b', '21.5', { qos: 1 });
      await outside.close();
      await expect.poll(async () => (await logOf(page)).received.length, { timeout: 5000 }).toBe(1);
      const log = await logOf(page);
      expect(log.received).toEqual([{ topic: 'unclaimed/b', message: '21.5', type: 'string', number: 21.5 }]);
      expect(log.handled).toEqual(['for the handler']);
      expect(problems).toEqual([]);
    } finally {
      await page.close();
    }
  }, 30_000);

  it('takes the HUD key (Esc) only while there is a HUD: with { hud: false } the sketch gets it', async () => {
    const withHud = await open('?id=with-hud');
    const without = await open(`?id=no-hud&options=${encodeURIComponent(JSON.stringify({ hud: false }))}`);
    try {
      await waitForHudStatus(withHud.page, 'connected', 15_000);
      await expect.poll(() => clientStatus(without.page), { timeout: 15_000 }).toBe('connected');
      for (const { page } of [withHud, without]) {
        await page.locator('canvas').click();
        await page.keyboard.press('Escape');
        await page.keyboard.press('a');
      }
      await expect.poll(async () => (await logOf(without.page)).keys, { timeout: 3000 }).toEqual(['Escape', 'a']);
      expect((await logOf(withHud.page)).keys).toEqual(['a']);
      expect(await without.page.locator('.mqtt-hud').count()).toBe(0);
      expect(await withHud.page.locator('#mqtt-hud').isHidden()).toBe(true);
      expect([...withHud.problems, ...without.problems]).toEqual([]);
    } finally {
      await withHud.page.close();
      await without.page.close();
    }
  }, 30_000);

  it('delivers messages without a HUD too ({ hud: false })', async () => {
    const { page, problems } = await open(`?id=no-hud-messages&options=${encodeURIComponent(JSON.stringify({ hud: false }))}`);
    try {
      await expect.poll(() => clientStatus(page), { timeout: 15_000 }).toBe('connected');
      const outside = await connectOutside(broker, []);
      await outside.client.publishAsync('claimed/a', 'handled', { qos: 1 });
      await outside.client.publishAsync('unclaimed/b', 'received', { qos: 1 });
      await outside.close();
      await expect.poll(async () => (await logOf(page)).received.map((m) => m.message), { timeout: 5000 }).toEqual(['received']);
      expect((await logOf(page)).handled).toEqual(['handled']);
      expect(problems).toEqual([]);
    } finally {
      await page.close();
    }
  }, 30_000);

  it("'hidden' keeps the HUD and its key, starting hidden", async () => {
    const { page, problems } = await open(`?id=hidden-hud&options=${encodeURIComponent(JSON.stringify({ hud: 'hidden' }))}`);
    try {
      await waitForHudStatus(page, 'connected', 15_000);
      expect(await page.locator('#mqtt-hud').isHidden()).toBe(true);
      await page.locator('canvas').click();
      await page.keyboard.press('Escape');
      expect(await page.locator('#mqtt-hud').isVisible()).toBe(true);
      expect((await logOf(page)).keys).toEqual([]);
      expect(problems).toEqual([]);
    } finally {
      await page.close();
    }
  }, 30_000);

  it('connectMqtt() in draw() returns the same client every frame: one worker, one HUD, one warning', async () => {
    const { page, problems } = await open('?connectInDraw&id=in-draw');
    try {
      await waitForHudStatus(page, 'connected', 15_000);
      await expect.poll(async () => (await logOf(page)).frames, { timeout: 5000 }).toBeGreaterThan(30);
      const log = await logOf(page);
      expect(log.differentClients).toBeUndefined();
      expect(page.workers()).toHaveLength(1);
      expect(await page.locator('.mqtt-hud').count()).toBe(1);
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(/^console\.warning: \[mqtt\] connectMqtt\(\) was called again with the same arguments.*once, in setup\(\)/);
    } finally {
      await page.close();
    }
  }, 30_000);

  it('two connections get two HUDs with their own ids, one above the other', async () => {
    const { page, problems } = await open('?two&id=twice');
    try {
      await waitForHudStatus(page, 'connected', 15_000);
      await page.waitForSelector('#mqtt-hud-2[data-status="connected"]', { state: 'attached', timeout: 15_000 });
      const [first, second] = await Promise.all(['#mqtt-hud', '#mqtt-hud-2'].map((id) => page.locator(id).boundingBox()));
      expect(first && second && (first.y + first.height <= second.y || second.y + second.height <= first.y)).toBe(true);
      expect(problems).toEqual([]);
    } finally {
      await page.close();
    }
  }, 30_000);

  it('where a Content-Security-Policy refuses workers, connects from the page instead, with one warning', async () => {
    const { page, problems } = await open('?csp&id=no-workers');
    try {
      await waitForHudStatus(page, 'connected', 15_000);
      expect(page.workers()).toHaveLength(0);
      const outside = await connectOutside(broker, []);
      await outside.client.publishAsync('unclaimed/csp', 'still here', { qos: 1 });
      await outside.close();
      await expect.poll(async () => (await logOf(page)).received.map((r) => r.message), { timeout: 5000 }).toEqual(['still here']);
      const warnings = problems.filter((p) => /worker could not run/.test(p));
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(/^console\.warning: \[mqtt\] The MQTT worker could not run .*runs in the page instead/);
      expect(problems.filter((p) => !/worker could not run|Content Security Policy|worker-src/.test(p))).toEqual([]);
    } finally {
      await page.close();
    }
  }, 30_000);
});
