import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { startTestBroker, type TestBroker } from '../fixtures/aedes-broker.js';
import { hasChromium, launchChromium, recordProblems } from '../fixtures/chromium.js';
import { buildLib, p5VersionOf, startLibSite, type LibSite } from '../fixtures/lib-site.js';
import { connectOutside, waitForHudStatus } from '../fixtures/page-harness.js';
import { GUIDE_BROKER, REAL_SKETCHES, realSketchSource } from '../fixtures/real-sketches/index.js';
import { slots } from '../fixtures/slots.js';

const MAJORS = ['p5-1.min.js', 'p5-2.min.js'] as const;
/** The style.css of a new p5 web editor project. */
const EDITOR_STYLE = 'html, body {\n  margin: 0;\n  padding: 0;\n}\ncanvas {\n  display: block;\n}\n';
const node = (path: string) => fileURLToPath(new URL(`../../node_modules/${path}`, import.meta.url));

/**
 * Sketches as students write them, from the script-tag build, on the newest p5 of each
 * major: test/fixtures/real-sketches (ten and more small sketches in p5's own style), and
 * the p5 web editor's own project layout — index.html loading p5 from the CDN, sketch.js and
 * style.css beside it.
 */
describe.skipIf(!hasChromium).concurrent('sketches as people write them, from the script-tag build', () => {
  let lib: Awaited<ReturnType<typeof buildLib>>;
  let site: LibSite;
  let browser: Browser;
  let context: BrowserContext;
  let broker: TestBroker;
  const inSlot = slots(2);

  beforeAll(async () => {
    [lib, browser, broker] = await Promise.all([buildLib(), launchChromium(), startTestBroker()]);
    site = await startLibSite(lib.file);
    site.page('style.css', EDITOR_STYLE);
    context = await browser.newContext({ viewport: { width: 400, height: 400 } });
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await site?.close();
    lib?.remove();
    await broker?.close();
  });

  for (const p5file of MAJORS) {
    describe(`p5 ${p5VersionOf(p5file)}`, () => {
      for (const sketch of REAL_SKETCHES) {
        it(sketch.dir, ({ expect }) => inSlot(async () => {
          const name = `${p5file}-${sketch.dir}`;
          site.page(`${name}/sketch.js`, realSketchSource(sketch.dir, broker.wsUrl));
          site.page(`${name}/index.html`, `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8" /><link rel="icon" href="../favicon.svg">
<script src="../${p5file}"></script>
<script src="../p5-mqtt.min.js"></script>
<link rel="stylesheet" type="text/css" href="../style.css">
</head><body><main></main><script src="sketch.js"></script></body></html>`);
          const page = await context.newPage();
          const problems = recordProblems(page);
          // Each sketch has topics of its own, so two running side by side don't disturb each other.
          const outside = await connectOutside(broker, ['#']);
          try {
            await page.goto(`${site.url}/${name}/`);
            await waitForHudStatus(page, 'connected', 15_000);
            await outside.client.publishAsync(sketch.send.topic, sketch.send.payload, { qos: 1 });
            await expect.poll(() => page.evaluate((expression) => (0, eval)(expression) as unknown, sketch.state), { timeout: 5000 }).toEqual(sketch.expected);
            const before = outside.received.length;
            await page.locator('canvas').first().click({ position: { x: 1, y: 1 } });
            await sketch.act?.(page);
            await expect.poll(() => outside.received.slice(before).some((line) => sketch.published.test(line)), { timeout: 8000 }).toBe(true);
            // A sketch publishing from draw() (the bouncing ball) may do so before it is
            // connected, on a slow machine: the kit says so once, which is no fault of the sketch.
            expect(problems.filter((p) => !/\[mqtt\] Not connected, so the QoS 0 message on '[^']+' was dropped/.test(p))).toEqual([]);
          } finally {
            await page.close();
            await outside.close();
          }
        }), 60_000);
      }
    });
  }

  for (const p5file of MAJORS) {
    it(`what docs/p5-web-editor says works on the text of a message works on p5 ${p5VersionOf(p5file)}`, ({ expect }) => inSlot(async () => {
      const guide = readFileSync(new URL('../../docs/p5-web-editor.md', import.meta.url), 'utf8');
      const paragraph = guide.split('\n\n').find((each) => each.includes('work as on any string'));
      const claims = [...(paragraph ?? '').matchAll(/`([^`]*message[^`]*)`/g)].map((m) => m[1]!).filter((code) => !code.includes('messageReceived'));
      expect(claims.length).toBeGreaterThanOrEqual(3);
      site.page(`strings-${p5file}.html`, `<!doctype html><html><head><meta charset="utf-8"><script src="${p5file}"></script>
<script>function setup() { noCanvas(); window.ready = true; }</script></head><body></body></html>`);
      const page = await context.newPage();
      try {
        await page.goto(`${site.url}/strings-${p5file}.html`);
        await page.waitForFunction(() => (window as unknown as { ready?: boolean }).ready === true);
        const results = await page.evaluate((codes) => codes.map((code) => {
          try {
            return `${code} → ${JSON.stringify(new Function('message', `return ${code};`)('42,7'))}`;
          } catch (error) {
            return `${code} → ${(error as Error).message}`;
          }
        }), claims);
        expect(results.filter((line) => /→ .*(is not defined|is not a function)/.test(line))).toEqual([]);
      } finally {
        await page.close();
      }
    }), 30_000);
  }

  // The editor's new-project files, as it writes them, plus the guide's one line and sketch.
  const editorPages = {
    'p5-1.min.js': {
      p5: 'https://cdnjs.cloudflare.com/ajax/libs/p5.js/1.11.13/p5.js',
      sound: 'https://cdnjs.cloudflare.com/ajax/libs/p5.js/1.11.13/addons/p5.sound.min.js',
      files: { 'p5.js': node('p5-v1/lib/p5.js'), 'p5.sound.min.js': node('p5-v1/lib/addons/p5.sound.min.js') },
    },
    'p5-2.min.js': {
      p5: 'https://cdn.jsdelivr.net/npm/p5@2/lib/p5.min.js',
      sound: undefined,
      files: { 'p5.min.js': node('p5/lib/p5.min.js') },
    },
  };
  for (const p5file of MAJORS) {
    it(`the p5 web editor's project layout, p5 ${p5VersionOf(p5file)} from the CDN: index.html, sketch.js (the guide's), style.css`, ({ expect }) => inSlot(async () => {
      const editor = editorPages[p5file];
      const dir = `editor-${p5file}`;
      site.page(`${dir}/index.html`, `<!DOCTYPE html>
<html lang="en">
  <head>
    <script src="${editor.p5}"></script>${editor.sound ? `\n    <script src="${editor.sound}"></script>` : ''}
    <script src="p5-mqtt.min.js"></script>
    <link rel="stylesheet" type="text/css" href="style.css">
    <meta charset="utf-8" />

  </head>
  <body>
    <main>
    </main>
    <script src="sketch.js"></script>
  </body>
</html>
`);
      site.page(`${dir}/style.css`, EDITOR_STYLE);
      site.page(`${dir}/sketch.js`, readFileSync(new URL('../../docs/p5-web-editor/sketch.js', import.meta.url), 'utf8').replace(GUIDE_BROKER, broker.wsUrl));
      site.page(`${dir}/p5-mqtt.min.js`, readFileSync(lib.file, 'utf8'));
      const page = await context.newPage();
      // The CDN is served from node_modules, at its own address: the page is the editor's, unchanged.
      await page.route(/^https:\/\/(cdnjs\.cloudflare\.com|cdn\.jsdelivr\.net)\//, (route) => {
        const file = Object.entries(editor.files).find(([name]) => route.request().url().endsWith(`/${name}`))?.[1];
        return file ? route.fulfill({ path: file, contentType: 'text/javascript' }) : route.abort();
      });
      const problems = recordProblems(page);
      const outside = await connectOutside(broker, ['hello']);
      try {
        await page.goto(`${site.url}/${dir}/`);
        await waitForHudStatus(page, 'connected', 15_000);
        expect(await page.evaluate(() => getComputedStyle(document.body).margin)).toBe('0px');
        await page.locator('canvas').click();
        await page.keyboard.press('a');
        await expect.poll(() => outside.received, { timeout: 5000 }).toContain('hello=world');
        await expect.poll(() => page.evaluate(() => (0, eval)('lines') as string[]), { timeout: 5000 }).toContain('hello: world');
        expect(problems.filter((p) => !p.includes('favicon'))).toEqual([]);
      } finally {
        await page.close();
        await outside.close();
      }
    }), 60_000);
  }
});
