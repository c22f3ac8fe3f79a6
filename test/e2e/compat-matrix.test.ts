import { afterAll, beforeAll, describe, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startTestBroker } from '../fixtures/aedes-broker.js';
import { hasChromium, launchChromium, recordProblems } from '../fixtures/chromium.js';
import { SHAPES, shapePage, type SketchRecord } from '../fixtures/compat-shapes.js';
import { buildLib, p5VersionOf, startLibSite, type LibSite } from '../fixtures/lib-site.js';
import { connectOutside } from '../fixtures/page-harness.js';
import { slots } from '../fixtures/slots.js';

/**
 * The script-tag build against every p5 the kit claims — the oldest 1.x (1.9.0), the newest
 * 1.x, 2.0.0 and the newest 2.x — times the shapes sketches take (test/fixtures/compat-shapes.ts).
 * Every cell: clientConnected() once, a key press publishes, messageReceived(topic, message)
 * gets text, connectionLost() once the broker stops, and after remove() nothing is left: no
 * worker, no HUD, no canvas. A second sketch on the page removed while connected says
 * goodbye to the broker and leaves the first one receiving.
 */
const VERSIONS = [
  { file: 'p5-1.9.min.js', major: '1' },
  { file: 'p5-1.min.js', major: '1' },
  { file: 'p5-2.0.min.js', major: '2' },
  { file: 'p5-2.min.js', major: '2' },
] as const;

const records = (page: Page) => page.evaluate(() => (window as unknown as { rec: { [name: string]: SketchRecord } }).rec);

// Cells run two at a time: much of a cell is waiting on the page or the broker.
describe.skipIf(!hasChromium).concurrent('p5 versions × sketch shapes, from the script-tag build', () => {
  let lib: Awaited<ReturnType<typeof buildLib>>;
  let site: LibSite;
  let browser: Browser;
  // One context, so p5 is fetched and compiled once per version, not once per page.
  let context: BrowserContext;
  const inSlot = slots(2);

  beforeAll(async () => {
    [lib, browser] = await Promise.all([buildLib(), launchChromium()]);
    site = await startLibSite(lib.file);
    context = await browser.newContext({ viewport: { width: 400, height: 300 } });
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await site?.close();
    lib?.remove();
  });

  for (const { file, major } of VERSIONS) {
    describe(`p5 ${p5VersionOf(file)}`, () => {
      for (const shape of SHAPES.filter((each) => each.majors.includes(major))) {
        it(shape.name, ({ expect }) => inSlot(async () => {
          const broker = await startTestBroker();
          const disconnected: string[] = [];
          broker.aedes.on('clientDisconnect', (client) => disconnected.push(client.id));
          const name = `${file}-${shape.name}`.replace(/[^a-z0-9.]+/gi, '-');
          site.page(`${name}.html`, shapePage(shape, file, broker.wsUrl));
          for (const [path, text] of Object.entries(shape.files ?? {})) site.page(path, String(text));
          const page = await context.newPage();
          const problems = recordProblems(page);
          const outside = await connectOutside(broker, ['+/key']);
          let brokerOpen = true;
          try {
            await page.goto(`${site.url}/${name}.html`);
            const [first, second] = shape.sketches;
            await expect.poll(async () => Object.values(await records(page)).map((r) => r.connected), { timeout: 15_000 })
              .toEqual(shape.sketches.map(() => 1));
            expect(page.workers()).toHaveLength(shape.sketches.length);

            await page.locator('canvas').first().click();
            await page.keyboard.press('k');
            await expect.poll(() => [...outside.received].sort(), { timeout: 5000 }).toEqual(shape.sketches.map((s) => `${s}/key=k`).sort());

            const drawsBefore = (await records(page))[first!]!.draws;
            await outside.client.publishAsync('hello', 'olá 1', { qos: 1 });
            await expect.poll(async () => Object.values(await records(page)).map((r) => r.messages.at(-1)), { timeout: 5000 })
              .toEqual(shape.sketches.map(() => ({ topic: 'hello', message: 'olá 1', type: 'string' })));
            if (shape.redrawsOnMessage) expect((await records(page))[first!]!.draws).toBeGreaterThan(drawsBefore);

            if (shape.followsWindow) {
              await page.setViewportSize({ width: 520, height: 260 });
              await expect.poll(async () => (await records(page))[first!]!.width, { timeout: 5000 }).toBe(520);
              await outside.client.publishAsync('hello', 'after resizing', { qos: 1 });
              await expect.poll(async () => (await records(page))[first!]!.messages.at(-1)?.message, { timeout: 5000 }).toBe('after resizing');
            }

            if (second) {
              // Removed from inside its own messageReceived, while connected: a goodbye to the broker.
              const before = disconnected.length;
              await outside.client.publishAsync('hello', `bye ${second}`, { qos: 1 });
              await expect.poll(() => disconnected.length, { timeout: 5000 }).toBe(before + 1);
              await outside.client.publishAsync('hello', 'still here', { qos: 1 });
              await expect.poll(async () => (await records(page))[first!]!.messages.at(-1)?.message, { timeout: 5000 }).toBe('still here');
              expect((await records(page))[second]!.messages.at(-1)?.message).toBe(`bye ${second}`);
              expect(page.workers()).toHaveLength(1);
            }

            await outside.close();
            await broker.close();
            brokerOpen = false;
            await expect.poll(async () => (await records(page))[first!]!.lost, { timeout: 10_000 }).toBe(1);

            // 'q' makes the sketch call remove(): nothing of the connection may stay behind.
            await page.keyboard.press('q');
            await expect.poll(() => page.workers().length, { timeout: 5000 }).toBe(0);
            expect(await page.locator('#mqtt-hud').count()).toBe(0);
            expect(await page.locator('canvas').count()).toBe(0);
            const final = await records(page);
            expect(final[first!]!.connected).toBe(1);
            expect(final[first!]!.lost).toBe(1);
            expect(problems.filter((p) => /pageerror/.test(p))).toEqual([]);
          } finally {
            await page.close();
            if (brokerOpen) {
              await outside.close();
              await broker.close();
            }
          }
        }), 60_000);
      }
    });
  }
});
