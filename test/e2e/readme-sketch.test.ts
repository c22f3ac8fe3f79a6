import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { TestBroker } from '../fixtures/aedes-broker.js';
import { hasChromium, recordProblems } from '../fixtures/chromium.js';
import { startKitStack, type KitStack } from '../fixtures/kit-stack.js';
import { connectOutside, markCanvasWhenStill, waitForCanvasChange, waitForHudStatus } from '../fixtures/page-harness.js';

/** README's "Writing a sketch" example (sketches/_readme, kept equal by test/docs), run as a reader would. */
describe.skipIf(!hasChromium)("README's sketch example", () => {
  let kit: KitStack;
  let broker: TestBroker;
  let browser: Browser;

  beforeAll(async () => {
    kit = await startKitStack();
    ({ broker, browser } = kit);
  }, 30_000);

  afterAll(() => kit?.close());

  it('publishes world on a key, shows what arrives, and two tabs never clash over a client id', async () => {
    const pages = await Promise.all([browser.newPage(), browser.newPage()]);
    const problems = pages.map((page) => recordProblems(page));
    try {
      for (const page of pages) await page.goto(`${kit.url}/sketches/_readme/`);
      for (const page of pages) await waitForHudStatus(page, 'connected', 15_000);
      const outside = await connectOutside(broker, ['hello']);
      const [first] = pages;
      await markCanvasWhenStill(first!);
      await first!.locator('canvas').click();
      await first!.keyboard.press('a');
      await expect.poll(() => outside.received, { timeout: 5000 }).toEqual(['hello=world']);
      await waitForCanvasChange(first!, 200);
      const ids = await Promise.all(pages.map((page) => page.evaluate(() => document.getElementById('mqtt-hud')?.textContent)));
      expect(ids.every((text) => text?.includes('connected'))).toBe(true);
      await outside.close();
      expect(problems.flat().filter((p) => !/^console\.(log|info)/.test(p))).toEqual([]);
    } finally {
      for (const page of pages) await page.close();
    }
  }, 30_000);
});
