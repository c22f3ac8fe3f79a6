import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from '../../test/fixtures/chromium.js';
import { startBuiltSite, type StaticSite } from '../../test/fixtures/static-server.js';
import { sleep, type Cleanup } from './cleanup.js';
import { addProbe, readProbe, resetProbe } from './probe.js';

export type Wiring = 'kit' | 'naive';
export type SketchName = 'hello' | 'sensors';
export const WIRINGS: Wiring[] = ['kit', 'naive'];

/** Both sets of pages as `vite build` makes them, served statically like a plain web host. */
export interface Sites {
  kit: StaticSite;
  naive: StaticSite;
}

const benchConfig = fileURLToPath(new URL('../vite.config.ts', import.meta.url));

export async function startSites(cleanup: Cleanup): Promise<Sites> {
  // The kit's own build (the project's vite.config.ts), via the test fixture that also serves it.
  const kit = cleanup.add(await startBuiltSite(), 'the kit build and its server', (site) => site.close());
  const naive = cleanup.add(await startBuiltSite({}, benchConfig), 'the naive build and its server', (site) => site.close());
  return { kit, naive };
}

/**
 * Where a sketch page is, pointed at the broker's WebSocket port. Both kinds take the broker
 * from `?broker=` (the kit's documented override), so one build serves every broker the
 * bench starts, and both log in as public/public.
 */
export function sketchUrl(sites: Sites, wiring: Wiring, sketch: SketchName, wsPort: number): string {
  if (wiring === 'naive') return `${sites.naive.url}/${sketch}/?broker=${encodeURIComponent(`ws://127.0.0.1:${wsPort}`)}`;
  return `${sites.kit.url}/sketches/${sketch}/?broker=${encodeURIComponent(`ws://public:public@127.0.0.1:${wsPort}`)}`;
}

export async function startBrowser(cleanup: Cleanup): Promise<Browser> {
  return cleanup.add(await launchChromium(), 'Chromium', (browser) => browser.close());
}

export interface OpenedSketch {
  page: Page;
  context: BrowserContext;
  /** Console errors and warnings, and page errors, as they happen. */
  problems: string[];
}

/**
 * Opens a sketch in a fresh browser context (nothing cached or shared with the previous
 * page) with the probe installed, and waits until it is connected and its subscriptions
 * deliver: `ping` publishes on the sketch's topic until the probe sees a message.
 */
export async function openSketch(
  browser: Browser,
  url: string,
  cleanup: Cleanup,
  ping: () => Promise<void>,
  beforeGoto?: (page: Page) => void,
): Promise<OpenedSketch> {
  const context = cleanup.add(await browser.newContext({ viewport: { width: 1280, height: 720 } }), 'a browser context', (c) => c.close());
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`console.${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  await addProbe(page);
  beforeGoto?.(page);
  await page.goto(url);
  await page.waitForFunction(() => window.__probe?.connected === true, undefined, { timeout: 15_000, polling: 50 });
  const deadline = Date.now() + 10_000;
  while ((await readProbe(page)).received === 0) {
    if (Date.now() > deadline) throw new Error(`${url} is connected but got none of the test messages in 10 s`);
    await ping();
    await sleep(150);
  }
  // Let the pings' drawing settle, then count from zero.
  await sleep(500);
  await resetProbe(page);
  return { page, context, problems };
}

/** What a page fetched: scripts (entry, preloads, the kit's worker) and, for the total, HTML and CSS. */
export interface PageWeight {
  jsGzip: number;
  jsRaw: number;
  allGzip: number;
  files: { url: string; type: string; raw: number; gzip: number }[];
}

/**
 * Records what `page` fetches from now on, as Chromium's network log sees it (so a worker
 * script fetched when the sketch connects counts too); the returned function sums it up.
 * Sizes are gzip (node:zlib, default level) of each body.
 */
export function recordWeight(page: Page): () => Promise<PageWeight> {
  const pending: Promise<PageWeight['files'][number] | undefined>[] = [];
  page.on('response', (response) => {
    const type = response.request().resourceType();
    if (!['document', 'script', 'stylesheet'].includes(type) || response.status() !== 200) return;
    pending.push(
      response.body().then(
        (body) => ({ url: new URL(response.url()).pathname, type, raw: body.length, gzip: gzipSync(body).length }),
        () => undefined,
      ),
    );
  });
  return async () => {
    const files = (await Promise.all(pending)).filter((file) => file !== undefined);
    const scripts = files.filter((file) => file.type === 'script');
    const sum = (list: typeof files, key: 'raw' | 'gzip') => list.reduce((total, file) => total + file[key], 0);
    return { jsGzip: sum(scripts, 'gzip'), jsRaw: sum(scripts, 'raw'), allGzip: sum(files, 'gzip'), files };
  };
}
