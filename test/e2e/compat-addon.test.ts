import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { hasChromium } from '../fixtures/chromium.js';
import { startKitStack, type KitStack } from '../fixtures/kit-stack.js';
import { P5_BUILDS, p5VersionOf } from '../fixtures/lib-site.js';
import { connectOutside, waitForHudStatus } from '../fixtures/page-harness.js';

interface Recorded {
  connected: number;
  messages: { topic: string; message: unknown; type: string }[];
  draws: number;
}

const recorded = (page: Page) => page.evaluate(() => (window as unknown as { rec: Recorded }).rec);

/**
 * The addon from source through `registerOnP5(p5)` — the npm package's way for either major —
 * on a page the kit's Vite server serves, with every p5 the kit claims (compat-matrix.test.ts
 * does the same for the script-tag build, with many more shapes). Global mode with draw() is
 * the cell p5 1.x used to fail: its 'pre' hook runs with this = window.
 */
describe.skipIf(!hasChromium)('the addon through registerOnP5, every p5 the kit claims', () => {
  let kit: KitStack;

  beforeAll(async () => {
    kit = await startKitStack();
  }, 30_000);

  afterAll(() => kit?.close());

  for (const file of Object.keys(P5_BUILDS) as (keyof typeof P5_BUILDS)[]) {
    const alias = P5_BUILDS[file];
    for (const mode of ['global', 'instance'] as const) {
      it(`p5 ${p5VersionOf(file)}, ${mode} mode with draw(): connects once, publishes, receives text, and remove() leaves nothing`, async () => {
        const { page, problems } = await kit.open(`/test/e2e/pages/compat-addon.html?p5=${alias}&mode=${mode}`);
        const outside = await connectOutside(kit.broker, ['compat/key']);
        try {
          await waitForHudStatus(page, 'connected', 15_000);
          expect(await page.evaluate(() => (window as unknown as { registered: string }).registered)).toBe(`${file.startsWith('p5-1') ? '1' : '2'}.x`);
          await expect.poll(async () => (await recorded(page)).connected, { timeout: 5000 }).toBe(1);
          await page.locator('canvas').click();
          await page.keyboard.press('k');
          await expect.poll(() => outside.received, { timeout: 5000 }).toEqual(['compat/key=k']);
          await outside.client.publishAsync('compat/text', 'olá', { qos: 1 });
          await expect.poll(async () => (await recorded(page)).messages, { timeout: 5000 }).toEqual([
            { topic: 'compat/key', message: 'k', type: 'string' },
            { topic: 'compat/text', message: 'olá', type: 'string' },
          ]);
          expect((await recorded(page)).draws).toBeGreaterThan(1);
          await page.evaluate((m) => (m === 'instance' ? (window as unknown as { sketch: { remove(): void } }).sketch.remove() : (window as unknown as { remove(): void }).remove()), mode);
          await expect.poll(() => page.workers().length, { timeout: 5000 }).toBe(0);
          expect(await page.locator('#mqtt-hud').count()).toBe(0);
          expect((await recorded(page)).connected).toBe(1);
          expect(problems).toEqual([]);
        } finally {
          await outside.close();
          await page.close();
        }
      }, 40_000);
    }
  }
});
