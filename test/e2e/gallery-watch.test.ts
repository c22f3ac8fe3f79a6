import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type ViteDevServer } from 'vite';
import type { Browser, Page } from 'playwright-core';
import { kitPlugin } from '../../src/node/dev/kit-plugin.js';
import { hasChromium, launchChromium, recordProblems } from '../fixtures/chromium.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

/**
 * `npm start` keeps running while a class adds sketches: the gallery (the real one) follows the
 * sketch folders — here a temporary folder standing in for sketches/, so nothing of the
 * project's own is touched — without a restart or a reload by hand.
 */
describe.skipIf(!hasChromium)('the running gallery', () => {
  let sketches: string;
  let server: ViteDevServer;
  let browser: Browser;
  let page: Page;
  let problems: string[];

  const addSketch = (name: string, title: string) => {
    mkdirSync(join(sketches, name));
    writeFileSync(join(sketches, name, 'index.html'), `<!doctype html><title>${title}</title><meta name="description" content="about ${title}">`);
  };
  const titles = () => page.locator('#sketches strong').allTextContents();

  beforeAll(async () => {
    sketches = mkdtempSync(join(tmpdir(), 'kit-sketches-'));
    addSketch('first', 'First sketch');
    server = await createServer({
      root,
      configFile: false,
      logLevel: 'silent',
      cacheDir: join(tmpdir(), `kit-vite-cache-watch-${process.pid}`),
      plugins: [kitPlugin({ root, sketchesDir: sketches })],
      server: { host: '127.0.0.1', port: 0 },
    });
    await server.listen();
    browser = await launchChromium();
    page = await browser.newPage();
    problems = recordProblems(page);
    await page.goto(`http://127.0.0.1:${(server.httpServer!.address() as AddressInfo).port}/`);
    await page.locator('#sketches strong').first().waitFor({ timeout: 15_000 });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    rmSync(sketches, { recursive: true, force: true });
  });

  it('lists a new sketch folder as soon as it has an index.html', async () => {
    expect(await titles()).toEqual(['First sketch']);
    addSketch('second', 'Second sketch');
    await expect.poll(titles, { timeout: 10_000 }).toEqual(['First sketch', 'Second sketch']);
  }, 20_000);

  it('drops a sketch folder that is removed, and follows a changed title', async () => {
    rmSync(join(sketches, 'first'), { recursive: true });
    writeFileSync(join(sketches, 'second', 'index.html'), '<!doctype html><title>Renamed</title>');
    await expect.poll(titles, { timeout: 10_000 }).toEqual(['Renamed']);
    expect(problems.filter((p) => !/\[vite\]/.test(p))).toEqual([]);
  }, 20_000);
});
