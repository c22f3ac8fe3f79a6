import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startTestBroker, type TestBroker } from '../fixtures/aedes-broker.js';
import { hasChromium, launchChromium, recordProblems } from '../fixtures/chromium.js';
import { buildLib, startLibSite, type LibSite } from '../fixtures/lib-site.js';
import { connectOutside, waitForHudStatus } from '../fixtures/page-harness.js';

/** What the pages below record on window. */
interface Recorded {
  connected: number;
  messages: { topic: string; message: unknown; type: string; number: number }[];
}

/** The web-editor sketch from issue 12, word for word but for the broker URL, plus a record of the callbacks. */
const globalSketch = (p5file: string, url: string) => `<!doctype html>
<html><head><meta charset="utf-8"><link rel="icon" href="favicon.svg">
<script src="${p5file}"></script>
<script src="p5-mqtt.min.js"></script>
<script>
  let client;
  const recorded = (window.recorded = { connected: 0, messages: [] });
  function setup() { createCanvas(400, 400); client = connectMqtt('${url}', 'p5'); client.subscribe('hello'); }
  function keyPressed() { client.publish('hello', 'world'); }
  function messageReceived(topic, message) { recorded.messages.push({ topic, message, type: typeof message, number: int(message) }); }
  function clientConnected() { recorded.connected++; }
</script></head><body></body></html>`;

const instanceSketch = (p5file: string, url: string) => `<!doctype html>
<html><head><meta charset="utf-8"><link rel="icon" href="favicon.svg">
<script src="${p5file}"></script>
<script src="p5-mqtt.min.js"></script>
</head><body><script>
  const recorded = (window.recorded = { connected: 0, messages: [] });
  window.sketch = new p5((p) => {
    p.setup = () => { p.createCanvas(100, 100); window.client = p.connectMqtt('${url}', 'instance'); window.client.subscribe('hello'); };
    p.messageReceived = (topic, message) => recorded.messages.push({ topic, message, type: typeof message, number: p.int(message) });
    p.clientConnected = () => recorded.connected++;
  });
</script></body></html>`;

/** The HTML block of docs/p5-web-editor.md's "Without p5" section, as printed. */
function guideWithoutP5(): string {
  const guide = readFileSync(new URL('../../docs/p5-web-editor.md', import.meta.url), 'utf8');
  const section = guide.slice(guide.indexOf('## Without p5'));
  const block = /```html\n([^]*?)```/.exec(section)?.[1];
  if (!block) throw new Error('docs/p5-web-editor.md has no html block under "Without p5"');
  return block;
}

const recordedOf = (page: Page) => page.evaluate(() => (window as unknown as { recorded: Recorded }).recorded);

describe.skipIf(!hasChromium)('the script-tag build (dist-lib/p5-mqtt.min.js)', () => {
  let broker: TestBroker;
  let lib: Awaited<ReturnType<typeof buildLib>>;
  let site: LibSite;
  let browser: Browser;
  const disconnected: string[] = [];
  let url: string;

  beforeAll(async () => {
    broker = await startTestBroker({ public: 'public' });
    broker.aedes.on('clientDisconnect', (client) => disconnected.push(client.id));
    url = `ws://public:public@127.0.0.1:${broker.wsPort}`;
    [lib, browser] = await Promise.all([buildLib(), launchChromium()]);
    site = await startLibSite(lib.file);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await site?.close();
    lib?.remove();
    await broker?.close();
  });

  it('is one file of at most 85 KB gzipped', () => {
    const bytes = gzipSync(readFileSync(lib.file)).length;
    expect(bytes, `${(bytes / 1024).toFixed(1)} KB gzipped`).toBeLessThanOrEqual(85 * 1024);
  });

  for (const version of ['1', '2'] as const) {
    describe(`with p5 ${version}.x`, () => {
      it('global mode, as the web editor writes it: a key publishes, a message reaches messageReceived as text, in a worker', async () => {
        site.page(`global-${version}.html`, globalSketch(`p5-${version}.min.js`, url));
        const page = await browser.newPage();
        const problems = recordProblems(page);
        try {
          await page.goto(`${site.url}/global-${version}.html`);
          await waitForHudStatus(page, 'connected', 15_000);
          await expect.poll(async () => (await recordedOf(page)).connected, { timeout: 5000 }).toBe(1);
          expect(page.workers()).toHaveLength(1);
          const outside = await connectOutside(broker, ['hello']);
          await page.locator('canvas').click();
          await page.keyboard.press('a');
          await expect.poll(() => outside.received, { timeout: 5000 }).toContain('hello=world');
          await outside.client.publishAsync('hello', '42', { qos: 1 });
          await outside.close();
          await expect.poll(async () => (await recordedOf(page)).messages.at(-1), { timeout: 5000 }).toEqual({ topic: 'hello', message: '42', type: 'string', number: 42 });
          expect(problems).toEqual([]);
        } finally {
          await page.close();
        }
      }, 40_000);

      it('instance mode works, and remove() closes the connection', async () => {
        site.page(`instance-${version}.html`, instanceSketch(`p5-${version}.min.js`, url));
        const page = await browser.newPage();
        const problems = recordProblems(page);
        try {
          await page.goto(`${site.url}/instance-${version}.html`);
          await waitForHudStatus(page, 'connected', 15_000);
          const outside = await connectOutside(broker, []);
          await outside.client.publishAsync('hello', 'from outside', { qos: 1 });
          await outside.close();
          await expect.poll(async () => (await recordedOf(page)).messages.map((m) => m.message), { timeout: 5000 }).toEqual(['from outside']);
          expect(disconnected).not.toContain('instance');
          await page.evaluate(() => (window as unknown as { sketch: { remove(): void } }).sketch.remove());
          await expect.poll(() => disconnected.filter((id) => id === 'instance').length, { timeout: 5000 }).toBe(1);
          expect(await page.locator('#mqtt-hud').count()).toBe(0);
          expect(problems).toEqual([]);
          disconnected.length = 0;
        } finally {
          await page.close();
        }
      }, 40_000);
    });
  }

  it("docs/p5-web-editor's sketch.js runs as the guide says (only its broker URL swapped for the test's)", async () => {
    const sketch = readFileSync(new URL('../../docs/p5-web-editor/sketch.js', import.meta.url), 'utf8');
    expect(sketch).toContain("connectMqtt('wss://public:public@public.cloud.shiftr.io')");
    site.page('guide.js', sketch.replace('wss://public:public@public.cloud.shiftr.io', url));
    site.page('guide.html', `<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="favicon.svg">
<script src="p5-2.min.js"></script><script src="p5-mqtt.min.js"></script></head><body><script src="guide.js"></script></body></html>`);
    const page = await browser.newPage();
    const problems = recordProblems(page);
    try {
      await page.goto(`${site.url}/guide.html`);
      await waitForHudStatus(page, 'connected', 15_000);
      const outside = await connectOutside(broker, ['hello']);
      await page.locator('canvas').click();
      await page.keyboard.press('a');
      await expect.poll(() => outside.received, { timeout: 5000 }).toContain('hello=world');
      await outside.close();
      await expect.poll(() => page.evaluate(() => (0, eval)('lines') as string[]), { timeout: 5000 }).toContain('hello: world');
      expect(problems).toEqual([]);
    } finally {
      await page.close();
    }
  }, 30_000);

  // No p5 means no frame loop to hand messages over in: they must arrive all the same, in
  // each way people write it — the guide's example word for word, a listener, a wildcard.
  const withoutP5 = {
    "docs/p5-web-editor's \"Without p5\" example": (url: string) => guideWithoutP5().replace('wss://public:public@public.cloud.shiftr.io', url)
      .replace('(m) => console.log(m.topic, m.text)', '(m) => { console.log(m.topic, m.text); (window.seen ||= []).push(m.text); }'),
    "client.on('message') after subscribing without a handler": (url: string) => `<script src="p5-mqtt.min.js"></script><script>
  window.seen = [];
  const client = p5mqtt.connect('${url}', 'plain-page');
  client.subscribe('hello');
  client.on('message', (m) => window.seen.push(m.text));
</script>`,
    'a wildcard subscription with a handler, the client on window': (url: string) => `<script src="p5-mqtt.min.js"></script><script>
  window.seen = [];
  window.client = p5mqtt.connect('${url}');
  window.client.subscribe('#', (m) => window.seen.push(m.text));
</script>`,
  };
  for (const [name, body] of Object.entries(withoutP5)) {
    it(`a page without p5 gets every message: ${name}`, async () => {
      site.page('no-p5.html', `<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="favicon.svg"></head><body>
${body(url)}
</body></html>`);
      const page = await browser.newPage();
      const problems = recordProblems(page);
      try {
        const subscribed = new Promise<void>((resolve) => broker.aedes.once('subscribe', () => resolve()));
        await page.goto(`${site.url}/no-p5.html`);
        await subscribed;
        const outside = await connectOutside(broker, []);
        for (const text of ['one', 'two', 'three']) await outside.client.publishAsync('hello', text, { qos: 1 });
        await outside.close();
        await expect.poll(() => page.evaluate(() => (window as unknown as { seen?: string[] }).seen), { timeout: 5000 }).toEqual(['one', 'two', 'three']);
        // The one line saying p5 was not found is information, not a problem.
        expect(problems).toEqual([]);
      } finally {
        await page.close();
      }
    }, 30_000);
  }

  // A sketch shipped with the script tag talks to the broker its code names, whatever link it
  // was opened from; `?broker=` is for the kit's own pages, and opt-in here.
  describe('?broker= in the page address', () => {
    const dead = 'ws://127.0.0.1:9';
    const open = async (file: string, html: string, query: string) => {
      site.page(file, html);
      const page = await browser.newPage();
      await page.goto(`${site.url}/${file}?broker=${encodeURIComponent(query)}`);
      return page;
    };

    it('is not followed by connectMqtt() unless the sketch asks, nor by p5mqtt.connect()', async () => {
      const sketch = await open('broker-param.html', globalSketch('p5-1.min.js', url), dead);
      const plain = await open('broker-param-plain.html', `<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="favicon.svg">
<script src="p5-mqtt.min.js"></script></head><body><script>window.client = p5mqtt.connect('${url}');</script></body></html>`, dead);
      try {
        await waitForHudStatus(sketch, 'connected', 15_000);
        await expect.poll(() => plain.evaluate(() => (window as unknown as { client: { status: string } }).client.status), { timeout: 15_000 }).toBe('connected');
      } finally {
        await sketch.close();
        await plain.close();
      }
    }, 40_000);

    it('is followed when the sketch says connectMqtt(url, id, { brokerFromPage: true })', async () => {
      const html = globalSketch('p5-2.min.js', dead).replace(`connectMqtt('${dead}', 'p5')`, `connectMqtt('${dead}', 'p5', { brokerFromPage: true })`);
      expect(html).toContain('brokerFromPage');
      const page = await open('broker-param-opt-in.html', html, url);
      try {
        await waitForHudStatus(page, 'connected', 15_000);
      } finally {
        await page.close();
      }
    }, 30_000);
  });

  it('p5mqtt offers the npm package\'s functions, not its internals', async () => {
    site.page('surface.html', '<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="favicon.svg"><script src="p5-mqtt.min.js"></script></head><body></body></html>');
    const page = await browser.newPage();
    try {
      await page.goto(`${site.url}/surface.html`);
      const names = await page.evaluate(() => Object.keys((window as unknown as { p5mqtt: object }).p5mqtt).sort());
      expect(names).toEqual(['BrokerUrlError', 'connect', 'createMessage', 'encodePayload', 'filterProblem', 'maskUrl', 'matchTopic', 'parseBrokerUrl', 'register', 'topicProblem', 'version']);
    } finally {
      await page.close();
    }
  }, 30_000);

  it('where a Content-Security-Policy refuses workers, runs in the page: one warning, no error', async () => {
    site.page('csp.html', globalSketch('p5-2.min.js', url).replace('<meta charset="utf-8">', `<meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="worker-src 'none'">`));
    const page = await browser.newPage();
    const problems = recordProblems(page);
    try {
      await page.goto(`${site.url}/csp.html`);
      await waitForHudStatus(page, 'connected', 15_000);
      expect(page.workers()).toHaveLength(0);
      const outside = await connectOutside(broker, []);
      await outside.client.publishAsync('hello', '7', { qos: 1 });
      await outside.close();
      await expect.poll(async () => (await recordedOf(page)).messages.map((m) => m.message), { timeout: 5000 }).toEqual(['7']);
      const ours = problems.filter((p) => /\[mqtt\]/.test(p));
      expect(ours).toHaveLength(1);
      expect(ours[0]).toMatch(/^console\.warning: \[mqtt\] The MQTT worker could not run/);
    } finally {
      await page.close();
    }
  }, 30_000);
});

describe.skipIf(!hasChromium)('the script-tag build on an https page', () => {
  let lib: Awaited<ReturnType<typeof buildLib>>;
  let site: LibSite;
  let browser: Browser;

  beforeAll(async () => {
    [lib, browser] = await Promise.all([buildLib(), launchChromium()]);
    site = await startLibSite(lib.file, { tls: true });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await site?.close();
    lib?.remove();
  });

  it('says, on the HUD and once in the console, that ws:// to another machine is blocked and wss:// is needed', async () => {
    site.page('https.html', globalSketch('p5-2.min.js', 'ws://ana:s3cret@broker.example:8080/mqtt'));
    const context = await browser.newContext({ ignoreHTTPSErrors: true });
    const page = await context.newPage();
    const problems = recordProblems(page);
    try {
      await page.goto(`${site.url}/https.html`);
      const hud = await waitForHudStatus(page, 'error', 15_000);
      expect(hud.text).toMatch(/loaded over https:\/\/, and browsers block ws:\/\/.*Use the broker's wss:\/\/ URL/);
      expect(hud.text).not.toContain('s3cret');
      await page.waitForTimeout(500);
      expect(problems, problems.join('\n')).toHaveLength(1);
      expect(problems[0]).toMatch(/^console\.error: \[mqtt\] This page was loaded over https:\/\//);
    } finally {
      await context.close();
    }
  }, 30_000);
});
