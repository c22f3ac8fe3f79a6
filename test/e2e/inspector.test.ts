import { mkdirSync } from 'node:fs';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createBroker, defaultProfiles } from '../../src/node/broker/index.js';
import { hasChromium, launchChromium } from '../fixtures/chromium.js';
import { openPage } from '../fixtures/kit-stack.js';
import { sleep } from '../fixtures/page-harness.js';
import { startViteServer } from '../fixtures/vite-server.js';

const SHOTS = '/tmp/shots';

/**
 * The kit's own broker rather than the bare test broker: the inspector is a page of
 * `npm start`, and a flood should reach it the way that broker sends one (the bare one's
 * one WebSocket frame per message holds it to a fraction of 20k msg/s on this machine).
 */
async function startStack() {
  const broker = await createBroker({ tcpPort: 0, wsPort: 0, profiles: defaultProfiles('admin-pw'), logLevel: 'quiet' });
  const [vite, browser] = await Promise.all([startViteServer({ P5_MQTT_WS_PORT: String(broker.wsPort) }), launchChromium()]);
  return {
    broker,
    open: (path: string) => openPage(browser, vite.url, path),
    async close() {
      await browser.close();
      await vite.close();
      await broker.close();
    },
  };
}
type Stack = Awaited<ReturnType<typeof startStack>>;

/** An MQTT client outside the browser that records the retain flag of what it receives. */
async function outsideClient(kit: Stack, filters: string[] = []) {
  const client = await mqtt.connectAsync(kit.broker.urls.tcp, { username: 'public', password: 'public', reconnectPeriod: 0, connectTimeout: 3000 });
  const received: { topic: string; text: string; retain: boolean }[] = [];
  client.on('message', (topic, payload, packet) => received.push({ topic, text: payload.toString(), retain: packet.retain }));
  if (filters.length > 0) await client.subscribeAsync(filters);
  return { client, received };
}

const row = (page: Page, topic: string) => page.locator(`#topic-tree li[data-topic="${topic}"]`);
const payloadOf = (page: Page, topic: string) => row(page, topic).locator('.payload').textContent({ timeout: 10_000 });
const waitForConnected = (page: Page) => page.waitForSelector('#connection[data-status="connected"]', { timeout: 15_000 });

/** `topic → shown payload` of every row drawn now. */
function drawnRows(page: Page): Promise<[string, string][]> {
  return page.locator('#topic-tree li:not([hidden])').evaluateAll((items) =>
    items.map((item) => [(item as HTMLElement).dataset.topic ?? '', item.querySelector('.payload')?.textContent ?? '']),
  );
}

/** Every node in the document, text nodes included: what a page that grows per message would grow. */
function domNodes(page: Page): Promise<number> {
  return page.evaluate(() => {
    const walker = document.createTreeWalker(document, NodeFilter.SHOW_ALL);
    let count = 0;
    while (walker.nextNode()) count++;
    return count;
  });
}

describe.skipIf(!hasChromium)('message inspector in Chromium', () => {
  let kit: Stack;
  let outside: Awaited<ReturnType<typeof outsideClient>>;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    kit = await startStack();
    outside = await outsideClient(kit, ['from-inspector/#']);
    // Kept by the broker before the page exists: the page learns it only as a retained message.
    await outside.client.publishAsync('lab/door', 'open', { retain: true, qos: 1 });
  }, 60_000);

  afterAll(async () => {
    await outside?.client.endAsync(true);
    await kit?.close();
  });

  describe('one page, used as a person would', () => {
    let page: Page;
    let problems: string[];

    beforeAll(async () => {
      ({ page, problems } = await kit.open('/inspector/'));
      await page.setViewportSize({ width: 1280, height: 800 });
      await waitForConnected(page);
    }, 30_000);

    afterAll(async () => {
      await page?.close();
    });

    it('logs in to the kit’s broker as public/public and subscribes to # by itself', async () => {
      expect(await page.inputValue('#broker-url')).toBe(`ws://127.0.0.1:${kit.broker.wsPort}`);
      expect([await page.inputValue('#broker-user'), await page.inputValue('#broker-password')]).toEqual(['public', 'public']);
      expect(await page.locator('#connection').textContent()).toMatch(/public:\*{4}@127\.0\.0\.1/);
      await expect.poll(() => page.locator('#filters li').allInnerTexts()).toEqual([expect.stringMatching(/^#\s+QoS 0\s+Unsubscribe$/)]);
    });

    it('shows a message published from outside: its topic in the tree, its payload as text, JSON and hex', async () => {
      const json = '{"x":120,"tags":["a","b"]}';
      await outside.client.publishAsync('class/ana/position', json);
      await expect.poll(() => payloadOf(page, 'class/ana/position')).toBe(json);
      // Its branches are rows too, saying how many topics they hold.
      expect(await payloadOf(page, 'class')).toBe('1 topic');

      await row(page, 'class/ana/position').click();
      expect(await page.locator('#message-topic').textContent()).toBe('class/ana/position');
      expect(await page.locator('#message-meta').textContent()).toMatch(/^QoS 0 · not retained · 26 B · 1 message · /);
      expect(await page.locator('#payload').textContent()).toBe(json);
      await page.getByRole('radio', { name: 'JSON' }).check();
      expect(await page.locator('#payload').textContent()).toBe(JSON.stringify(JSON.parse(json), null, 2));
      await page.getByRole('radio', { name: 'hex' }).check();
      expect((await page.locator('#payload').textContent())?.split('\n')[0]).toBe('00000000  7b 22 78 22 3a 31 32 30  2c 22 74 61 67 73 22 3a  |{"x":120,"tags":|');
      await page.getByRole('radio', { name: 'text' }).check();

      // The selected topic follows new messages.
      await outside.client.publishAsync('class/ana/position', 'not json');
      await expect.poll(() => page.locator('#payload').textContent()).toBe('not json');
      expect(await page.locator('#message-meta').textContent()).toContain('2 messages');
    });

    it('marks a retained message, and only that one', async () => {
      expect(await payloadOf(page, 'lab/door')).toBe('open');
      expect(await row(page, 'lab/door').locator('.retained').isVisible()).toBe(true);
      expect(await row(page, 'class/ana/position').locator('.retained').isVisible()).toBe(false);
      await row(page, 'lab/door').click();
      expect(await page.locator('#message-meta').textContent()).toMatch(/^QoS \d · retained \(/);
    });

    it('publishes what an outside subscriber receives, and a retained message stays for the next one', async () => {
      await page.fill('#publish-topic', 'from-inspector/live');
      await page.fill('#publish-payload', 'hi there');
      await page.selectOption('#publish-qos', '1');
      await page.getByRole('button', { name: 'Publish' }).click();
      await expect.poll(() => outside.received.find((m) => m.topic === 'from-inspector/live')).toEqual({ topic: 'from-inspector/live', text: 'hi there', retain: false });
      await expect.poll(() => page.locator('#publish-result').textContent()).toBe('Published on from-inspector/live (QoS 1), acknowledged by the broker.');

      await page.fill('#publish-topic', 'from-inspector/kept');
      await page.fill('#publish-payload', 'still here');
      await page.check('#publish-retain');
      await page.getByRole('button', { name: 'Publish' }).click();
      await expect.poll(() => page.locator('#publish-result').textContent()).toBe('Published on from-inspector/kept (QoS 1, retained), acknowledged by the broker.');
      const later = await outsideClient(kit, ['from-inspector/kept']);
      try {
        await expect.poll(() => later.received).toEqual([{ topic: 'from-inspector/kept', text: 'still here', retain: true }]);
      } finally {
        await later.client.endAsync(true);
      }
      // A live message is not kept: a newcomer to its topic gets nothing.
      const newcomer = await outsideClient(kit, ['from-inspector/live']);
      await sleep(300);
      expect(newcomer.received).toEqual([]);
      await newcomer.client.endAsync(true);
    });

    it('refuses to publish on a topic with wildcards, saying why', async () => {
      await page.fill('#publish-topic', 'from-inspector/+/x');
      await page.getByRole('button', { name: 'Publish' }).click();
      expect(await page.locator('#publish-result').textContent()).toMatch(/wildcard/i);
      expect(await page.getAttribute('#publish-topic', 'aria-invalid')).toBe('true');
    });

    it('is usable from the keyboard: arrows move, Left/Right close and open a branch, Enter selects', async () => {
      await page.locator('#topic-tree li[tabindex="0"]').focus();
      await page.keyboard.press('Home');
      const focused = () => page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.topic);
      expect(await focused()).toBe('class');
      await page.keyboard.press('ArrowLeft');
      expect(await row(page, 'class').getAttribute('aria-expanded')).toBe('false');
      expect(await row(page, 'class/ana').count()).toBe(0);
      await page.keyboard.press('ArrowRight');
      await page.keyboard.press('ArrowRight');
      expect(await focused()).toBe('class/ana');
      await page.keyboard.press('ArrowDown');
      expect(await focused()).toBe('class/ana/position');
      await page.keyboard.press('Enter');
      expect(await page.locator('#message-topic').textContent()).toBe('class/ana/position');
      expect(await row(page, 'class/ana/position').getAttribute('aria-selected')).toBe('true');
      await page.keyboard.press('ArrowLeft');
      expect(await focused()).toBe('class/ana');
    });

    it('subscribes with wildcards and unsubscribes', async () => {
      await page.getByRole('button', { name: 'Unsubscribe from #' }).click();
      expect(await page.locator('#filters li').count()).toBe(0);
      await page.fill('#subscribe-filter', 'wild/#/x');
      await page.getByRole('button', { name: 'Subscribe', exact: true }).click();
      expect(await page.getByRole('alert').textContent()).toMatch(/#/);

      await page.fill('#subscribe-filter', 'wild/+/x');
      await page.getByRole('button', { name: 'Subscribe', exact: true }).click();
      await expect.poll(() => page.locator('#filters li .state').allTextContents()).toEqual(['QoS 0']);
      // One publisher, in order: had either of the first two reached the page, it would be there before the third.
      await outside.client.publishAsync('lab/door', 'after unsubscribing');
      await outside.client.publishAsync('wild/b/y', 'not matched');
      await outside.client.publishAsync('wild/b/x', 'matched');
      await expect.poll(() => payloadOf(page, 'wild/b/x')).toBe('matched');
      expect(await row(page, 'wild/b/y').count()).toBe(0);
      expect(await payloadOf(page, 'lab/door')).toBe('open');
      await page.screenshot({ path: `${SHOTS}/inspector-in-use.png` });
      expect(problems).toEqual([]);
    });
  });

  it('starts from ?broker= in its address, and a new login becomes the address’s broker', async () => {
    const address = `ws://127.0.0.1:${kit.broker.wsPort}`;
    const { page, problems } = await kit.open(`/inspector/?broker=${encodeURIComponent(`ws://public:wrong@127.0.0.1:${kit.broker.wsPort}`)}`);
    try {
      expect([await page.inputValue('#broker-url'), await page.inputValue('#broker-password')]).toEqual([address, 'wrong']);
      await page.waitForSelector('#connection[data-status="error"]', { timeout: 15_000 });
      expect(await page.locator('#connection').textContent()).toMatch(/password/i);
      await page.fill('#broker-password', 'public');
      await page.getByRole('button', { name: 'Connect', exact: true }).click();
      await waitForConnected(page);
      expect(new URL(page.url()).searchParams.get('broker')).toBe(`ws://public:public@127.0.0.1:${kit.broker.wsPort}`);
      // The refused login said so once, in the page; nothing else went wrong.
      expect(problems.filter((p) => !/password/i.test(p))).toEqual([]);
    } finally {
      await page.close();
    }
  }, 30_000);

  it('stays smooth under a flood: the latest value of each topic, counts exact, DOM bounded', async () => {
    const TOPICS = 300;
    const TOTAL = 20_000;
    const { page, problems } = await kit.open('/inspector/');
    const flooder = await outsideClient(kit);
    try {
      await waitForConnected(page);
      await page.fill('#topic-search', 'flood/');
      for (let t = 0; t < TOPICS; t++) flooder.client.publish(`flood/${t}`, 'seed');
      await expect.poll(() => row(page, 'flood').locator('.count').textContent(), { timeout: 10_000 }).toBe('300 msg');
      const nodesBefore = await domNodes(page);

      // 20k messages in ~1 s, in bursts of 1,000, while the page counts its frames for a second.
      const frames = page.evaluate(
        () => new Promise<number>((resolve) => {
          let count = 0;
          const start = performance.now();
          const tick = (now: number) => {
            count++;
            if (now - start < 1000) requestAnimationFrame(tick);
            else resolve(count);
          };
          requestAnimationFrame(tick);
        }),
      );
      for (let sent = 0; sent < TOTAL; sent += 1000) {
        for (let i = sent; i < sent + 1000; i++) flooder.client.publish(`flood/${i % TOPICS}`, `m${i}`);
        await sleep(50);
      }
      // Far below the 60 a free page draws: a page busy with one DOM write per message would draw ~0–3.
      expect(await frames).toBeGreaterThanOrEqual(10);

      const total = (TOPICS + TOTAL).toLocaleString('en');
      await expect.poll(() => row(page, 'flood').locator('.count').textContent(), { timeout: 30_000 }).toBe(`${total} msg`);
      await page.waitForTimeout(400); // one more redraw, so every row has had its turn
      const lastOf = (t: number) => t + TOPICS * Math.floor((TOTAL - 1 - t) / TOPICS);
      const drawn = (await drawnRows(page)).filter(([topic]) => topic.startsWith('flood/'));
      expect(drawn.length).toBeGreaterThan(50);
      for (const [topic, payload] of drawn) expect(payload, topic).toBe(`m${lastOf(Number(topic.slice('flood/'.length)))}`);

      // Not one element per topic, let alone per message: rows are capped and the rest counted.
      const shown = await page.locator('#topic-tree li:not([hidden])').count();
      const more = Number((await page.locator('#topic-more').textContent())?.match(/and ([\d,]+) more/)?.[1]?.replaceAll(',', '') ?? 0);
      expect(shown + more).toBe(TOPICS + 1);
      expect(shown).toBeLessThan(TOPICS);
      const nodesAfter = await domNodes(page);
      expect(nodesAfter - nodesBefore).toBeLessThanOrEqual(20);

      // A topic below the cap is found by name, with its latest value and exact count.
      await page.fill('#topic-search', `flood/${TOPICS - 1}`);
      await expect.poll(() => payloadOf(page, `flood/${TOPICS - 1}`)).toBe(`m${lastOf(TOPICS - 1)}`);
      await row(page, `flood/${TOPICS - 1}`).click();
      const count = 1 + Math.floor((TOTAL - 1 - (TOPICS - 1)) / TOPICS) + 1;
      expect(await page.locator('#message-meta').textContent()).toContain(` · ${count} messages · `);
      expect(problems).toEqual([]);
    } finally {
      await flooder.client.endAsync(true);
      await page.close();
    }
  }, 90_000);
});
