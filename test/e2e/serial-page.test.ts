import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mqtt from 'mqtt';
import { hasChromium, recordProblems } from '../fixtures/chromium.js';
import { startKitStack, type KitStack } from '../fixtures/kit-stack.js';
import { collect, waitFor } from '../node/broker/harness.js';

/**
 * Stands in for Web Serial before the page runs: one port that prints `window.boardPrints`
 * (chunks cut mid-line, as USB delivers them) and then stays open until cancelled.
 */
function fakeWebSerial(chunks: string[]): void {
  const encoder = new TextEncoder();
  const port = {
    opened: 0,
    readable: null as ReadableStream<Uint8Array> | null,
    async open(options: { baudRate: number }) {
      (window as unknown as { openedAt: number }).openedAt = options.baudRate;
      this.readable = new ReadableStream({
        start(controller) {
          for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
        },
      });
    },
    async close() {},
  };
  Object.defineProperty(navigator, 'serial', { value: { requestPort: async () => port }, configurable: true });
}

describe.skipIf(!hasChromium)('the /serial/ page', () => {
  let stack: KitStack;

  beforeAll(async () => {
    stack = await startKitStack();
  }, 60_000);
  afterAll(async () => {
    await stack?.close();
  });

  it('publishes what the board prints, skips noise with a note, and shows the last lines', async () => {
    const watcher = await mqtt.connectAsync(stack.broker.tcpUrl, { username: 'public', password: 'public' });
    const received = collect(watcher);
    await watcher.subscribeAsync('#');
    const page = await stack.browser.newPage();
    try {
      await page.addInitScript(fakeWebSerial, ['# hello from the board\r\ntempera', 'tura:23.5\r\numidade 40\r\n\u0001\u0002\r\n', 'luz:7\r\n']);
      await page.goto(`${stack.url}/serial/`);
      await page.locator('#broker').filter({ hasText: /^connected to / }).waitFor();
      await page.locator('#baud').selectOption('115200');
      await page.getByRole('button', { name: /Choose the board’s port/ }).click();
      await waitFor(() => received.length === 3, 'three messages from the page', 10_000);
      expect(received.map((m) => [m.topic, m.text])).toEqual([['temperatura', '23.5'], ['umidade', '40'], ['luz', '7']]);
      expect(await page.evaluate(() => (window as unknown as { openedAt: number }).openedAt)).toBe(115200);
      await page.locator('#count').filter({ hasText: '3 lines' }).waitFor();
      expect(await page.locator('#lines li').allTextContents()).toEqual([
        'luz 7',
        expect.stringMatching(/^skipped '\\x01\\x02': not text \(binary noise/),
        'umidade 40',
        'temperatura 23.5',
      ]);
      expect(await page.locator('#board').textContent()).toBe('reading at 115200 baud');
      await page.getByRole('button', { name: 'Disconnect' }).click();
      await page.locator('#board').filter({ hasText: 'disconnected' }).waitFor();
    } finally {
      await page.close();
      await watcher.endAsync();
    }
  });

  it('says so where the browser has no Web Serial, and offers the Node bridge', async () => {
    const page = await stack.browser.newPage();
    const problems = recordProblems(page);
    try {
      // Headless Chromium has Web Serial; take it away as Firefox and Safari lack it — before
      // the first load, since a reload would abort the page's requests (its MQTT worker's).
      await page.addInitScript(() => Object.defineProperty(navigator, 'serial', { value: undefined, configurable: true }));
      await page.goto(`${stack.url}/serial/`);
      const note = page.getByRole('alert');
      await note.waitFor();
      expect(await note.textContent()).toMatch(/This browser has no Web Serial .* npm run bridge -- serial --port/);
      expect(await page.getByRole('button', { name: /Choose the board’s port/ }).isDisabled()).toBe(true);
      expect(problems).toEqual([]);
    } finally {
      await page.close();
    }
  });
});
