import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { hasChromium, launchChromium, recordProblems } from '../fixtures/chromium.js';
import { startViteServer } from '../fixtures/vite-server.js';

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

  it('p5-text: text() is the real one', async () => {
    const { calls, problems } = await callsWith('text');
    expect(calls['text']).toBe('ok');
    expect(calls['createButton']).toMatch(/dom module/);
    expect(problems).toEqual([]);
  }, 30_000);
});
