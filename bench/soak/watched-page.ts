import type { Browser, CDPSession, Page } from 'playwright-core';

/** What a page's JavaScript holds, from CDP `Performance.getMetrics`. */
export interface PageMemory {
  jsHeapUsed: number;
  jsHeapTotal: number;
  domNodes: number;
  listeners: number;
}

/** A sketch page under watch: its problems, its HUD's status changes, its memory. */
export interface WatchedPage {
  name: string;
  page: Page;
  /** Console errors and warnings, page errors, failed requests, HTTP errors, crashes. */
  problems: string[];
  /** Times the HUD went to 'reconnecting' after having been connected. */
  reconnects: number;
  /** The HUD's status now. */
  status: string | undefined;
  memory(): Promise<PageMemory>;
  /** Messages per second the HUD shows right now. */
  rate(): Promise<number | undefined>;
}

interface StatusBinding {
  __soakStatus(status: string): void;
}

/**
 * Opens `url` in a new page and watches it. The HUD's `data-status` is observed from the
 * first moment, so no reconnect is missed between two polls.
 */
export async function openWatchedPage(browser: Browser, name: string, url: string): Promise<WatchedPage> {
  const page = await browser.newPage({ viewport: { width: 960, height: 600 } });
  const watched: WatchedPage = {
    name,
    page,
    problems: [],
    reconnects: 0,
    status: undefined,
    memory: async () => readMemory(cdp),
    rate: async () => {
      const text = await page.evaluate(() => document.getElementById('mqtt-hud')?.textContent ?? '');
      const match = /(\d+) msg\/s/.exec(text);
      return match ? Number(match[1]) : undefined;
    },
  };
  const problem = (line: string) => watched.problems.push(`${name}: ${line}`);
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problem(`console.${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problem(`pageerror: ${e.message}`));
  page.on('requestfailed', (r) => problem(`request failed: ${r.url()} ${r.failure()?.errorText ?? ''}`));
  page.on('response', (r) => {
    if (r.status() >= 400) problem(`HTTP ${r.status()}: ${r.url()}`);
  });
  page.on('crash', () => problem('the page crashed'));

  let connectedOnce = false;
  await page.exposeFunction('__soakStatus', (status: string) => {
    if (status === 'connected') connectedOnce = true;
    if (status === 'reconnecting' && connectedOnce && watched.status !== 'reconnecting') watched.reconnects++;
    watched.status = status;
  });
  await page.addInitScript(() => {
    const report = (window as unknown as StatusBinding).__soakStatus;
    new MutationObserver((records) => {
      for (const record of records) {
        const target = record.target as HTMLElement;
        if (target.id === 'mqtt-hud' && target.dataset.status) report(target.dataset.status);
      }
    }).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-status'] });
  });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  await page.goto(url);
  return watched;
}

async function readMemory(cdp: CDPSession): Promise<PageMemory> {
  // Collected first, so what remains is held, not garbage waiting for the next GC.
  await cdp.send('HeapProfiler.collectGarbage');
  const { metrics } = await cdp.send('Performance.getMetrics');
  const value = (name: string) => metrics.find((m) => m.name === name)?.value ?? 0;
  return {
    jsHeapUsed: value('JSHeapUsedSize'),
    jsHeapTotal: value('JSHeapTotalSize'),
    domNodes: value('Nodes'),
    listeners: value('JSEventListeners'),
  };
}
