// The HUD and the kit's pages speak Portuguese in a browser whose first language is
// Portuguese, English otherwise; the console stays English. Loopback only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startTestBroker, type TestBroker } from '../fixtures/aedes-broker.js';
import { hasChromium, launchChromium } from '../fixtures/chromium.js';
import { freePort } from '../fixtures/mosquitto.js';
import { waitForHudStatus } from '../fixtures/page-harness.js';
import { startViteServer } from '../fixtures/vite-server.js';

describe.skipIf(!hasChromium)('the kit’s words in the browser’s language', () => {
  let broker: TestBroker;
  let vite: Awaited<ReturnType<typeof startViteServer>>;
  let browser: Browser;

  beforeAll(async () => {
    broker = await startTestBroker({ public: 'public' });
    [vite, browser] = await Promise.all([startViteServer({ P5_MQTT_WS_PORT: String(broker.wsPort) }), launchChromium()]);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await vite?.close();
    await broker?.close();
  });

  async function open(locale: string, path: string): Promise<{ page: Page; console: string[]; close(): Promise<void> }> {
    const context = await browser.newContext({ locale });
    const page = await context.newPage();
    const console: string[] = [];
    page.on('console', (message) => console.push(message.text()));
    await page.goto(`${vite.url}${path}`);
    return { page, console, close: () => context.close() };
  }

  const hudText = (page: Page) => page.locator('#mqtt-hud').textContent();

  for (const [locale, words] of [
    ['pt-BR', { connected: '● conectado ·', unreachable: 'Não deu para conectar a ws://127.0.0.1:', tools: 'Ferramentas', local: 'o broker deste kit', current: 'Os sketches conectam a', classButton: 'Mostrar a turma' }],
    ['en-US', { connected: '● connected ·', unreachable: 'Could not connect to ws://127.0.0.1:', tools: 'Tools', local: 'this kit’s broker', current: 'Sketches connect to', classButton: 'Show the class' }],
  ] as const) {
    it(`${locale}: the HUD's status and its reasons, the gallery and the class graph`, async () => {
      const hello = await open(locale, '/sketches/hello/');
      try {
        await waitForHudStatus(hello.page, 'connected', 15_000);
        expect(await hudText(hello.page)).toContain(words.connected);
      } finally {
        await hello.close();
      }

      // Nothing listens there: the reason is worded on the page, in English in the console.
      const closed = await freePort();
      const lost = await open(locale, `/sketches/hello/?broker=${encodeURIComponent(`ws://127.0.0.1:${closed}`)}`);
      try {
        await expect.poll(() => hudText(lost.page), { timeout: 15_000 }).toContain(words.unreachable);
        await expect.poll(() => lost.console.join('\n'), { timeout: 15_000 }).toContain(`Could not connect to ws://127.0.0.1:${closed}`);
      } finally {
        await lost.close();
      }

      const gallery = await open(locale, '/');
      try {
        await expect.poll(() => gallery.page.locator('#kit-pages-heading').textContent()).toBe(words.tools);
        expect(await gallery.page.locator('[data-text="brokerLocal"]').textContent()).toBe(words.local);
        expect(await gallery.page.locator('#broker-current').textContent()).toContain(words.current);
        expect(await gallery.page.evaluate(() => document.documentElement.lang)).toBe(locale === 'pt-BR' ? 'pt-BR' : 'en');
      } finally {
        await gallery.close();
      }

      const graph = await open(locale, '/class/');
      try {
        await expect.poll(() => graph.page.locator('#login button[type="submit"]').textContent()).toBe(words.classButton);
      } finally {
        await graph.close();
      }
    }, 90_000);
  }
});
