import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { TestBroker } from '../../fixtures/aedes-broker.js';
import { hasChromium, launchChromium, recordProblems } from '../../fixtures/chromium.js';
import { freePort } from '../../fixtures/mosquitto.js';
import { connectOutside, readHud, waitForHudStatus, type OutsideClient } from '../../fixtures/page-harness.js';
import { sharedSite } from '../../fixtures/shared-site.js';
import { runCli, type CliRun } from '../../fixtures/spawn-cli.js';
import { bannerPorts as portsOf } from '../../fixtures/banner-ports.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const GUIDE = readFileSync(join(root, 'docs/installation.md'), 'utf8');

/** Holds a TCP port on loopback, as another program would; resolves undefined if something already does. */
async function hold(port: number): Promise<Server | undefined> {
  const server = createServer();
  return new Promise((resolve) => {
    server.once('error', () => resolve(undefined));
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

/**
 * docs/installation.md from top to bottom, on loopback: rehearse the piece with
 * `npm run serve` as a `?kiosk` page, stop and start serve (the first time with the default
 * WebSocket port taken, so the broker's port moves between the two runs), then the venue's
 * broker with the restricted account the guide recommends, watched on `kit/status/#`.
 */
describe.skipIf(!hasChromium)('journey: an installation, as docs/installation.md tells it', () => {
  let work: string;
  let dist: string;
  let browser: Browser;
  const runs: CliRun[] = [];

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'kit-journey-installation-'));
    [dist, browser] = await Promise.all([sharedSite(), launchChromium()]);
  }, 300_000);

  afterAll(async () => {
    for (const run of runs) if (run.child.exitCode === null) run.kill('SIGKILL');
    await Promise.all(runs.map((run) => run.exited));
    await browser?.close();
    rmSync(work, { recursive: true, force: true });
  });

  const start = (script: string, args: string[]) => {
    const run = runCli(script, args);
    runs.push(run);
    return run;
  };

  it('§1: a kiosk page finds the broker again after serve restarts on another port, and still publishes', async () => {
    expect(GUIDE.replace(/\s+/g, ' ')).toContain('Stop the broker side (Ctrl-C in the terminal) and start it again: the page reconnects by itself');
    // The address stays the one the screen opens; the broker's ports are left to serve.
    const httpPort = await freePort();
    const serveArgs = ['--dist', dist, '--no-build', '--http-port', String(httpPort), '--tcp-port', '0', '--config', join(work, 'none.json')];
    writeFileSync(join(work, 'none.json'), '{}');
    const taken = await hold(9001);
    let outside: OutsideClient | undefined;
    let page: Page | undefined;
    try {
      const first = start('src/node/cli/serve.ts', serveArgs);
      await first.waitForOutput(/^Ready: /m, 60_000);
      const before = portsOf(first.output());
      expect(before.ws).not.toBe(9001);

      page = await browser.newPage();
      const problems = recordProblems(page);
      await page.goto(`http://127.0.0.1:${httpPort}/sketches/hello/?kiosk`);
      expect((await waitForHudStatus(page, 'connected', 15_000)).text).toContain(`127.0.0.1:${before.ws}`);
      expect((await readHud(page))?.visible).toBe(false);

      first.kill('SIGINT');
      expect(await first.exited).toBe(0);
      await new Promise<void>((resolve) => (taken ? taken.close(() => resolve()) : resolve()));

      const second = start('src/node/cli/serve.ts', serveArgs);
      await second.waitForOutput(/^Ready: /m, 60_000);
      const after = portsOf(second.output());
      if (taken) expect(after.ws).toBe(9001);
      outside = await connectOutside({ tcpUrl: `mqtt://127.0.0.1:${after.tcp}` } as TestBroker, ['hello', 'kit/status/#']);

      // The page asks its server where the broker is now, and reloads to reach it.
      await expect.poll(async () => (await readHud(page!))?.status === 'connected' && (await readHud(page!))?.text.includes(`127.0.0.1:${after.ws}`), { timeout: 30_000, interval: 500 }).toBe(true);
      await page.keyboard.press('a');
      await expect.poll(() => outside!.received.filter((line) => line.startsWith('hello=')), { timeout: 5000 }).toEqual(['hello=world']);
      // Nothing went wrong but the broker being away for a moment, and the page said why it reloaded.
      const moved = `[kiosk] The broker this page came with is now on port ${after.ws} (its server restarted): reloading to reach it.`;
      if (after.ws !== before.ws) expect(problems).toContain(`console.warning: ${moved}`);
      expect(problems.filter((problem) => !problem.endsWith(moved) && !/Cannot reach ws:\/\/public:\*{4}@127\.0\.0\.1:\d+ again yet; retrying|WebSocket|ERR_CONNECTION_REFUSED/.test(problem))).toEqual([]);
      second.kill('SIGINT');
      expect(await second.exited).toBe(0);
    } finally {
      await page?.close();
      await outside?.close();
      taken?.close();
    }
  }, 180_000);

  it("§2 and §5: on the venue's broker, the guide's restricted account publishes the kiosk's reports, and the watcher reads them", async () => {
    // The guide's profiles block as written, with a real password; and the watcher it mentions.
    const [block] = [...GUIDE.matchAll(/```json\n([^]*?)```/g)].map((m) => m[1]!).filter((text) => text.includes('"profiles"'));
    const profiles = JSON.parse(block!) as { profiles: { username: string; password: string; publish: string[]; subscribe: string[] }[] };
    profiles.profiles[0]!.password = 'a-long-password';
    profiles.profiles.push({ username: 'watcher', password: 'watching-pw', publish: [], subscribe: ['kit/status/#'] });
    writeFileSync(join(work, 'venue.json'), JSON.stringify(profiles));
    const venue = start('src/node/cli/broker.ts', ['--profiles', join(work, 'venue.json'), '--tcp-port', '0', '--ws-port', '0', '--no-anonymous']);
    await venue.waitForOutput(/MQTT broker ready/, 30_000);
    await venue.waitForOutput(/WebSocket\s+ws:\/\/127\.0\.0\.1:\d+/);
    const ports = portsOf(venue.output());
    const watcher = await connectOutside({ tcpUrl: `mqtt://127.0.0.1:${ports.tcp}` } as TestBroker, ['kit/status/#'], { username: 'watcher', password: 'watching-pw' });

    // kit.config.json as §2 writes it: the piece's page, the venue's broker with the piece's account, a kiosk.
    writeFileSync(join(work, 'kit.config.json'), JSON.stringify({ page: 'sketches/hello/', broker: `ws://piece:a-long-password@127.0.0.1:${ports.ws}`, kiosk: true }));
    const serve = start('src/node/cli/serve.ts', ['--dist', dist, '--no-build', '--http-port', '0', '--tcp-port', '0', '--ws-port', '0', '--config', join(work, 'kit.config.json')]);
    await serve.waitForOutput(/^Ready: /m, 60_000);
    const { pages } = portsOf(serve.output());
    const page = await browser.newPage();
    try {
      await page.goto(`http://127.0.0.1:${pages}/`);
      expect((await waitForHudStatus(page, 'connected', 15_000)).text).toContain(`piece:****@127.0.0.1:${ports.ws}`);
      await expect.poll(() => watcher.received.map((line) => JSON.parse(line.slice(line.indexOf('=') + 1)) as { state: string; page: string }), { timeout: 10_000 })
        .toContainEqual(expect.objectContaining({ state: 'running', page: '/sketches/hello/' }));
      expect(watcher.received[0]).toMatch(/^kit\/status\/p5-[^=]+=/);
    } finally {
      await page.close();
      await watcher.close();
      serve.kill('SIGINT');
      venue.kill('SIGINT');
    }
  }, 180_000);
});
