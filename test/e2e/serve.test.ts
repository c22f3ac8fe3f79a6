import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { startTestBroker, type TestBroker } from '../fixtures/aedes-broker.js';
import { hasChromium, launchChromium, recordProblems } from '../fixtures/chromium.js';
import { connectOutside, readHud, waitForHudStatus } from '../fixtures/page-harness.js';
import { runCli, type CliRun } from '../fixtures/spawn-cli.js';
import { bannerPorts as portsOf } from '../fixtures/banner-ports.js';

const traceHook = fileURLToPath(new URL('../fixtures/module-trace/register.mjs', import.meta.url));

/**
 * `npm run serve` as an installation runs it: the built site from a folder of its own
 * (built by serve itself the first time), the embedded broker, the bot, a piece config.
 */
describe.skipIf(!hasChromium)('npm run serve', () => {
  let work: string;
  let browser: Browser;
  let run: CliRun | undefined;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'kit-serve-'));
    browser = await launchChromium();
  }, 30_000);

  afterAll(async () => {
    if (run && run.child.exitCode === null) {
      run.kill('SIGKILL');
      await run.exited;
    }
    await browser?.close();
    rmSync(work, { recursive: true, force: true });
  });

  const serve = (args: string[], env: Record<string, string> = {}) =>
    runCli('src/node/cli/serve.ts', ['--tcp-port', '0', '--ws-port', '0', '--http-port', '0', '--dist', join(work, 'dist'), ...args], env);

  it('builds a missing site, serves it with the broker and the bot, and hello talks through it', async () => {
    // An empty piece config of its own: a kit.config.json in the project must not change this test.
    writeFileSync(join(work, 'empty.json'), '{}');
    run = serve(['--bot', '--bot-interval', '100', '--config', join(work, 'empty.json')]);
    await run.waitForOutput(/^Ready: /m, 150_000);
    const out = run.output();
    expect(out).toMatch(/dist\/ has no build: building it first \(vite build, in a process of its own\)/);
    expect(out).toMatch(/Site: .*dist\/ \(built just now\); no Vite in this process\./);
    expect(out).toMatch(/Sensor bot {3}running as 'kit-bot': temperatura, umidade, luminosidade every 100 ms/);
    const ports = portsOf(out);
    const broker = { tcpUrl: `mqtt://127.0.0.1:${ports.tcp}` } as TestBroker;

    const html = await (await fetch(`http://127.0.0.1:${ports.pages}/sketches/hello/`)).text();
    expect(html).toContain(`<meta name="p5-mqtt-ws-port" content="${ports.ws}">`);
    expect(html).not.toContain('/@vite/client');
    expect((await fetch(`http://127.0.0.1:${ports.pages}/nothing-here.js`)).status).toBe(404);

    const outside = await connectOutside(broker, ['hello', 'temperatura', 'umidade', 'luminosidade']);
    const page = await browser.newPage();
    const problems = recordProblems(page);
    try {
      await page.goto(`http://127.0.0.1:${ports.pages}/sketches/hello/`);
      expect((await waitForHudStatus(page, 'connected', 15_000)).text).toContain(`127.0.0.1:${ports.ws}`);
      await expect.poll(() => outside.received.some((line) => /^(temperatura|umidade|luminosidade)=\d+$/.test(line)), { timeout: 5000 }).toBe(true);
      outside.received.length = 0;
      await page.keyboard.press('a');
      await expect.poll(() => outside.received.filter((line) => line.startsWith('hello=')), { timeout: 5000 }).toEqual(['hello=world']);
      expect(problems).toEqual([]);
    } finally {
      await page.close();
      await outside.close();
    }
    run.kill('SIGINT');
    expect(await run.exited).toBe(0);
  }, 200_000);

  // Runs after the first test, which built the site.
  it('serves a fresh site without building or loading Vite, and a piece config points it at the venue', async () => {
    const venue: TestBroker = await startTestBroker({ piece: 'secret' });
    const config = join(work, 'kit.config.json');
    writeFileSync(config, JSON.stringify({
      '//': 'the venue broker, for the test',
      page: 'sketches/hello/',
      broker: `ws://piece:secret@127.0.0.1:${venue.wsPort}`,
      kiosk: true,
      bot: { topics: ['sensors/light'], interval: 100 },
    }));
    const trace = join(work, 'modules.txt');
    run = serve(['--config', config, '--bot'], { NODE_OPTIONS: `--import=${traceHook}`, MODULE_TRACE: trace });
    const outside = await connectOutside(venue, ['hello', 'sensors/light'], { username: 'piece', password: 'secret' });
    const page = await browser.newPage();
    try {
      await run.waitForOutput(/^Ready: /m, 60_000);
      const out = run.output();
      expect(out).toMatch(/Site: .*dist\/ \(up to date with the sources\)/);
      expect(out).not.toMatch(/building it first/);
      expect(out).toContain(`broker     ws://piece:****@127.0.0.1:${venue.wsPort}`);
      expect(out).not.toContain('secret@');
      const ports = portsOf(out);

      // Nothing of Vite was loaded, though the trace saw the server's own modules.
      const loaded = readFileSync(trace, 'utf8').split('\n');
      expect(loaded.some((url) => url.endsWith('/src/node/serve/static-site.ts'))).toBe(true);
      expect(loaded.filter((url) => url.includes('/node_modules/vite/'))).toEqual([]);

      // The address the gallery computer opens is the piece, as a kiosk, on the venue's broker.
      await page.goto(`http://127.0.0.1:${ports.pages}/`);
      expect(new URL(page.url()).pathname).toBe('/sketches/hello/');
      const hud = await waitForHudStatus(page, 'connected', 15_000);
      expect(hud.text).toContain(`piece:****@127.0.0.1:${venue.wsPort}`);
      expect((await readHud(page))?.visible).toBe(false);
      expect(await page.evaluate(() => getComputedStyle(document.querySelector('canvas')!).cursor)).toBe('none');
      await page.keyboard.press('a');
      await expect.poll(() => outside.received.includes('hello=world'), { timeout: 5000 }).toBe(true);
      // The bot rehearses the piece's own sensors, on the broker the pages use.
      await expect.poll(() => outside.received.some((line) => /^sensors\/light=\d+$/.test(line)), { timeout: 5000, message: run.output() }).toBe(true);
    } finally {
      await page.close();
      await outside.close();
      run.kill('SIGINT');
      await run.exited;
      await venue.close();
    }
  }, 120_000);
});
