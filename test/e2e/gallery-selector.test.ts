import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { hasChromium, launchChromium, recordProblems } from '../fixtures/chromium.js';
import { startViteServer } from '../fixtures/vite-server.js';

const SHIFTR = `?broker=${encodeURIComponent('wss://public:public@public.cloud.shiftr.io')}`;

// The gallery's broker selector, in one browser profile so localStorage carries over reloads.
describe.skipIf(!hasChromium)('gallery broker selector in Chromium', () => {
  let vite: Awaited<ReturnType<typeof startViteServer>>;
  let browser: Browser;
  let page: Page;
  let problems: string[];

  beforeAll(async () => {
    vite = await startViteServer();
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 900, height: 560 } });
    problems = recordProblems(page);
    await page.goto(`${vite.url}/`);
    await page.locator('#sketches a').first().waitFor();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await vite?.close();
  });

  it('sends sketches to the kit’s own broker by default: no ?broker=', async () => {
    const hrefs = await sketchLinks(page);
    expect(hrefs).toContain('sketches/sensors/');
    expect(hrefs.every((href) => /^sketches\/[^/?]+\/$/.test(href))).toBe(true);
    expect(await kitPageLinks(page)).toContain('inspector/');
    expect(await page.getByRole('radio', { name: 'this kit’s broker' }).isChecked()).toBe(true);
    expect(await page.locator('#broker-current').textContent()).toMatch(/ws:\/\/127\.0\.0\.1:\d+ — the kit’s own broker/);
  });

  it('choosing shiftr.io rewrites every sketch link, showing the URL masked', async () => {
    await page.getByRole('radio', { name: 'shiftr.io public' }).check();
    const hrefs = await sketchLinks(page);
    expect(hrefs.length).toBeGreaterThan(1);
    for (const href of hrefs) expect(href).toMatch(/^sketches\/[^/?]+\/\?broker=wss%3A%2F%2Fpublic%3Apublic%40public\.cloud\.shiftr\.io$/);
    // The kit's own pages connect as sketches do, so their links follow the choice too.
    expect(await kitPageLinks(page)).toContain(`inspector/${SHIFTR}`);
    const current = await page.locator('#broker-current').textContent();
    expect(current).toContain('wss://public:****@public.cloud.shiftr.io');
    expect(current).not.toContain('public:public');
  });

  it('remembers the choice across a reload', async () => {
    await page.reload();
    await page.locator('#sketches a').first().waitFor();
    expect(await page.getByRole('radio', { name: 'shiftr.io public' }).isChecked()).toBe(true);
    expect((await sketchLinks(page)).every((href) => href.endsWith(SHIFTR))).toBe(true);
  });

  it('explains a bad custom URL inline and leaves the links and the page alone', async () => {
    const address = page.url();
    await page.getByRole('radio', { name: 'custom URL' }).check();
    const field = page.getByRole('textbox', { name: 'Broker URL' });
    for (const [bad, why] of [['foo://user:secret@host', /scheme 'foo:\/\/'/], ['mqtt://host:99999', /port '99999'/]] as const) {
      await field.fill(bad);
      await field.press('Enter');
      const error = page.getByRole('alert');
      await error.waitFor();
      expect(await error.textContent()).toMatch(why);
      expect(await error.textContent()).not.toContain('secret');
      expect(await field.getAttribute('aria-invalid')).toBe('true');
      expect((await sketchLinks(page)).every((href) => href.endsWith(SHIFTR))).toBe(true);
    }
    expect(page.url()).toBe(address);
    await page.reload();
    await page.locator('#sketches a').first().waitFor();
    expect(await page.getByRole('radio', { name: 'shiftr.io public' }).isChecked()).toBe(true);
  });

  it('applies a good custom URL and never shows its password', async () => {
    await page.getByRole('radio', { name: 'custom URL' }).check();
    const field = page.getByRole('textbox', { name: 'Broker URL' });
    // A browser needs the WebSocket URL of a broker the kit does not know…
    await field.fill('mqtt://ana:s3cret@broker.example:1883');
    await page.getByRole('button', { name: 'Use' }).click();
    expect(await page.getByRole('alert').textContent()).toMatch(/WebSocket port of 'broker.example' is not known.*ws:\/\/broker.example:8080\/mqtt/);
    // …and takes it once written.
    await field.fill('ws://ana:s3cret@broker.example:8080/mqtt');
    await page.getByRole('button', { name: 'Use' }).click();
    const encoded = encodeURIComponent('ws://ana:s3cret@broker.example:8080/mqtt');
    expect((await sketchLinks(page)).every((href) => href.endsWith(`?broker=${encoded}`))).toBe(true);
    expect(await page.locator('#broker-current').textContent()).toContain('ws://ana:****@broker.example:8080/mqtt');
    expect(await page.locator('body').innerText()).not.toContain('s3cret');
    expect(await page.getByRole('alert').count()).toBe(0);

    await page.reload();
    await page.locator('#sketches a').first().waitFor();
    expect(await page.getByRole('radio', { name: 'custom URL' }).isChecked()).toBe(true);
    expect((await sketchLinks(page)).every((href) => href.endsWith(`?broker=${encoded}`))).toBe(true);
  });

  it('going back to the kit’s broker drops the parameter', async () => {
    await page.getByRole('radio', { name: 'this kit’s broker' }).check();
    expect((await sketchLinks(page)).every((href) => !href.includes('?'))).toBe(true);
    expect(problems).toEqual([]);
  });
});

function sketchLinks(page: Page): Promise<string[]> {
  return page.locator('#sketches a').evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
}

function kitPageLinks(page: Page): Promise<string[]> {
  return page.locator('#kit-pages a').evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
}

// A student's laptop reaching the teacher's kit by its LAN name (Chromium maps it to loopback).
describe.skipIf(!hasChromium)("gallery broker selector, opened by the teacher's LAN name", () => {
  const NAME = 'teacher-laptop.local';
  let vite: Awaited<ReturnType<typeof startViteServer>>;
  let browser: Browser;

  beforeAll(async () => {
    [vite, browser] = await Promise.all([startViteServer({ P5_MQTT_WS_PORT: '9001' }), launchChromium([`--host-resolver-rules=MAP ${NAME} 127.0.0.1`])]);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await vite?.close();
  });

  it("takes a class card's own URL, which names this kit's broker by the page's host", async () => {
    const page = await browser.newPage();
    const problems = recordProblems(page);
    try {
      await page.goto(vite.url.replace('127.0.0.1', NAME) + '/');
      await page.locator('#sketches a').first().waitFor();
      await page.getByRole('radio', { name: 'custom URL' }).check();
      const card = `mqtt://aluno05:lua-4821@${NAME}`;
      await page.getByRole('textbox', { name: 'Broker URL' }).fill(card);
      await page.getByRole('button', { name: 'Use' }).click();
      expect(await page.getByRole('alert').count()).toBe(0);
      expect((await sketchLinks(page)).every((href) => href.endsWith(`?broker=${encodeURIComponent(card)}`))).toBe(true);
      expect(await page.locator('body').innerText()).not.toContain('lua-4821');
      expect(problems).toEqual([]);
    } finally {
      await page.close();
    }
  }, 30_000);
});
