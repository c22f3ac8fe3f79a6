import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { hasChromium, launchChromium, recordProblems } from '../fixtures/chromium.js';
import { startViteServer } from '../fixtures/vite-server.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** The kit's light p5 leaves modules out; a sketch calling their functions is told which import to change. */
describe.skipIf(!hasChromium)('the kit\'s light p5 builds', () => {
  let vite: Awaited<ReturnType<typeof startViteServer>>;
  let browser: Browser;

  beforeAll(async () => {
    [vite, browser] = await Promise.all([startViteServer(), launchChromium()]);
  }, 30_000);

  afterAll(async () => {
    await browser?.close();
    await vite?.close();
  });

  async function callsWith(which: '2d' | 'text'): Promise<{ calls: Record<string, string>; problems: string[] }> {
    const page = await browser.newPage();
    const problems = recordProblems(page);
    try {
      await page.goto(`${vite.url}/test/e2e/pages/modules.html?p5=${which}`);
      await page.waitForFunction(() => (window as unknown as { calls?: { done?: boolean } }).calls?.done === true, undefined, { timeout: 15_000 });
      return { calls: await page.evaluate(() => (window as unknown as { calls: Record<string, string> }).calls), problems };
    } finally {
      await page.close();
    }
  }

  it('p5-2d: text(), loadImage() and createButton() throw an error naming the import to change', async () => {
    const { calls, problems } = await callsWith('2d');
    expect(calls['text']).toMatch(/^TypeError: text\(\) is in p5's type module.*import p5 from '\.\.\/\.\.\/src\/p5\/p5-text\.js'/);
    expect(calls['createButton']).toMatch(/^TypeError: createButton\(\) is in p5's dom module.*import p5 from 'p5'.*import dom from 'p5\/dom'/);
    expect(problems).toEqual([]);
  }, 30_000);

  // A sketch made while `npm start` runs, reaching for a p5 module no other page uses, must
  // load the first time: no "new dependencies optimized, reloading" that aborts its requests.
  it('a new sketch using p5/image, on a running dev server with an empty cache, loads once', async () => {
    const cache = mkdtempSync(join(tmpdir(), 'kit-vite-cold-'));
    const fresh = await startViteServer({}, '127.0.0.1', cache);
    // Made after the server's first scan; '_' keeps it out of the gallery and the build.
    const folder = join(root, 'sketches', `_new-${process.pid}`);
    const page = await browser.newPage();
    const problems = recordProblems(page);
    let navigations = 0;
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) navigations++;
    });
    try {
      await page.goto(`${fresh.url}/`);
      await page.locator('#sketches a').first().waitFor({ timeout: 30_000 });
      mkdirSync(folder);
      writeFileSync(join(folder, 'index.html'), '<!doctype html><title>new</title><link rel="icon" href="/favicon.svg"><script type="module" src="./sketch.ts"></script>');
      writeFileSync(
        join(folder, 'sketch.ts'),
        "import p5 from '../../src/p5/p5-2d.js';\nimport image from 'p5/image';\nimage(p5);\n(window as unknown as { ready: string }).ready = typeof p5.prototype.loadImage;\n",
      );
      navigations = 0;
      await page.goto(`${fresh.url}/sketches/_new-${process.pid}/`);
      await page.waitForFunction(() => (window as unknown as { ready?: string }).ready === 'function', undefined, { timeout: 30_000 });
      await page.waitForTimeout(1500);
      expect(navigations).toBe(1);
      expect(problems).toEqual([]);
    } finally {
      await page.close();
      await fresh.close();
      rmSync(folder, { recursive: true, force: true });
      rmSync(cache, { recursive: true, force: true });
    }
  }, 60_000);

  it('p5-text: text() is the real one', async () => {
    const { calls, problems } = await callsWith('text');
    expect(calls['text']).toBe('ok');
    expect(calls['createButton']).toMatch(/dom module/);
    expect(problems).toEqual([]);
  }, 30_000);
});
