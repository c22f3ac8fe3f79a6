import { afterEach, describe, expect, it } from 'vitest';
import mqtt from 'mqtt';
import { createServer, type AddressInfo } from 'node:net';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runCli, type CliRun } from '../../fixtures/spawn-cli.js';
import { runningKitDir } from '../../../src/node/cli/running-kit.js';
import { lanAddresses } from '../../../src/node/broker/index.js';
import { qrTerminal } from '../../../src/kit/qr-code.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const profilesFile = fileURLToPath(new URL('../../fixtures/profiles/classroom.json', import.meta.url));

/** True when nothing listens on the port any more (we can bind it ourselves). */
function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

describe('npm start', () => {
  let run: CliRun | undefined;
  afterEach(async () => {
    if (run && run.child.exitCode === null) {
      run.kill('SIGKILL');
      await run.exited;
    }
  });

  it('runs broker + bot + pages, prints where they are, and stops cleanly on Ctrl-C', async () => {
    run = runCli('src/node/cli/start.ts', ['--tcp-port', '0', '--ws-port', '0', '--http-port', '0', '--bot-interval', '50']);
    await run.waitForOutput(/^Ready: /m, 30_000);
    const out = run.output();
    const tcp = out.match(/TCP\s+(mqtt:\/\/127\.0\.0\.1:(\d+))/)!;
    const ws = out.match(/WebSocket\s+(ws:\/\/127\.0\.0\.1:(\d+))/)!;
    const gallery = out.match(/gallery\s+(http:\/\/127\.0\.0\.1:(\d+)\/)/)!;
    expect(tcp && ws && gallery).toBeTruthy();
    expect(out).toMatch(/public \/ public/);
    expect(out).toMatch(/mqtt:\/\/public:public@localhost:\d+", "processing"/);
    expect(out).toMatch(/mosquitto_sub -h localhost/);

    // The page tells sketches the broker's real ports: WebSocket to connect, TCP to show.
    const page = await (await fetch(`${gallery[1]}sketches/hello/`)).text();
    expect(page).toContain(`<meta name="p5-mqtt-ws-port" content="${ws[2]}"`);
    expect(page).toContain(`<meta name="p5-mqtt-tcp-port" content="${tcp[2]}"`);

    // Bot messages reach clients over TCP and over WebSocket.
    const received = await Promise.all(
      [tcp[1]!, ws[1]!].map(async (url) => {
        const client = await mqtt.connectAsync(url, { username: 'public', password: 'public' });
        const first = new Promise<string>((resolve) => client.once('message', (topic, payload) => resolve(`${topic}=${payload.toString()}`)));
        await client.subscribeAsync(['temperatura', 'umidade', 'luminosidade']);
        const message = await first;
        await client.endAsync();
        return message;
      }),
    );
    for (const message of received) expect(message).toMatch(/^(temperatura|umidade|luminosidade)=\d+$/);
    // The bot's readings are retained: a client joining now gets the kept ones at once.
    const late = await mqtt.connectAsync(tcp[1]!, { username: 'public', password: 'public' });
    const kept = new Promise<boolean>((resolve) => {
      late.on('message', (_topic, _payload, packet) => packet.retain && resolve(true));
      setTimeout(() => resolve(false), 5000);
    });
    await late.subscribeAsync(['temperatura', 'umidade', 'luminosidade']);
    expect(await kept).toBe(true);
    await late.endAsync();

    run.kill('SIGINT');
    expect(await run.exited).toBe(0);
    for (const port of [tcp[2], ws[2], gallery[2]]) expect(await portIsFree(Number(port))).toBe(true);
  }, 60_000);

  it("leads `npm run bot` to its broker wherever its TCP port went, under an id of the bot's own", async () => {
    run = runCli('src/node/cli/start.ts', ['--tcp-port', '0', '--ws-port', '0', '--http-port', '0', '--bot-interval', '50']);
    await run.waitForOutput(/^Ready: /m, 30_000);
    const tcpPort = run.output().match(/TCP\s+mqtt:\/\/127\.0\.0\.1:(\d+)/)![1];
    const note = join(runningKitDir(root), `${run.child.pid}.json`);
    expect(existsSync(note)).toBe(true);

    const bot = runCli('src/node/cli/bot.ts', ['--interval', '50']);
    try {
      await bot.waitForOutput(/acknowledged by the broker/);
      expect(bot.output()).toContain(`Using the broker of npm start (pid ${run.child.pid}) on port ${tcpPort}.`);
      expect(bot.output()).toMatch(new RegExp(`connected to mqtt://public:\\*{4}@127\\.0\\.0\\.1:${tcpPort} as 'bot-[0-9a-f]{6}'`));
      // The kit's own bot connected as 'kit-bot'; neither bot pushed the other out.
      await run.waitForOutput(/^connect 'bot-[0-9a-f]{6}' as public/m);
      expect(run.output()).toMatch(/^connect 'kit-bot' as /m);
      expect(run.output()).not.toMatch(/replaced an older connection/);
    } finally {
      bot.kill('SIGKILL');
      await bot.exited;
    }
    run.kill('SIGINT');
    expect(await run.exited).toBe(0);
    // Stopped cleanly, it takes its note back.
    expect(existsSync(note)).toBe(false);
  }, 60_000);

  it('runs its bot with a profiles file and --no-anonymous, and says so only once it is connected', async () => {
    run = runCli('src/node/cli/start.ts', [
      '--profiles', profilesFile, '--no-anonymous', '--tcp-port', '0', '--ws-port', '0', '--http-port', '0', '--bot-interval', '50',
    ]);
    await run.waitForOutput(/^Ready: /m, 30_000);
    const out = run.output();
    expect(out).toMatch(/^ {2}Sensor bot {3}running as 'kit-bot': temperatura, umidade, luminosidade every 50 ms/m);
    // Its account is the kit's, not the teacher's to see or use.
    expect(out).toContain(`Profiles from ${profilesFile}: public, sensor, teacher\n`);
    expect(out).not.toMatch(/^refused 'kit-bot'|NOT running/m);
    const tcp = out.match(/TCP\s+(mqtt:\/\/127\.0\.0\.1:\d+)/)![1]!;
    const teacher = await mqtt.connectAsync(tcp, { username: 'teacher', password: 'chalk', reconnectPeriod: 0 });
    const reading = new Promise<string>((resolve) => teacher.once('message', (topic) => resolve(topic)));
    await teacher.subscribeAsync(['temperatura', 'umidade', 'luminosidade']);
    expect(await reading).toMatch(/^(temperatura|umidade|luminosidade)$/);
    await teacher.endAsync();
  }, 60_000);

  it("keeps the banner on screen: the bot's readings are summed up, and --quiet silences all but errors", async () => {
    for (const quiet of [false, true]) {
      run = runCli('src/node/cli/start.ts', ['--tcp-port', '0', '--ws-port', '0', '--http-port', '0', '--bot-interval', '20', ...(quiet ? ['--quiet'] : [])]);
      await run.waitForOutput(/^Ready: /m, 30_000);
      // Some 50 readings' time.
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const afterBanner = run.output().split(/^Ready: .*$/m)[1]!;
      run.kill('SIGINT');
      expect(await run.exited).toBe(0);
      expect(afterBanner).not.toMatch(/publishing|published|received/);
      if (quiet) expect(run.output()).not.toMatch(/^\[bot\]|^connect /m);
      else expect(run.output()).toMatch(/^\[bot\] connected to /m);
    }
  }, 60_000);

  it('with --lan, prints the address other computers open the pages at, and the pages answer there', async () => {
    run = runCli('src/node/cli/start.ts', ['--lan', '--tcp-port', '0', '--ws-port', '0', '--http-port', '0', '--no-bot']);
    await run.waitForOutput(/^Ready: /m, 30_000);
    const out = run.output();
    const pagePort = out.match(/^ {2}gallery +http:\/\/127\.0\.0\.1:(\d+)\//m)![1];
    const section = out.split('Sketch pages for other computers on the network:\n')[1]!.split('\n\n')[0]!;
    const addresses = lanAddresses();
    if (addresses.length === 0) {
      expect(section).toContain('no network address found');
      return;
    }
    expect(section).toMatch(new RegExp(`^ {2}gallery +http://${addresses[0]!.replaceAll('.', '\\.')}:${pagePort}/$`, 'm'));
    expect(section).toMatch(new RegExp(`^ {2}hello +http://${addresses[0]!.replaceAll('.', '\\.')}:${pagePort}/sketches/hello/$`, 'm'));
    expect(out).toMatch(new RegExp(`^Ready: .*\\(other computers: http://${addresses[0]!.replace(/\./g, '\\.')}:${pagePort}/\\)`, 'm'));
    // Another computer, played by a second loopback address: no traffic leaves this machine.
    const page = await fetch(`http://127.0.0.2:${pagePort}/sketches/hello/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('p5-mqtt-ws-port');
    // The gallery is told its network address, for its QR code; the banner prints the same code.
    const gallery = `http://${addresses[0]}:${pagePort}/`;
    expect(await (await fetch(`http://127.0.0.2:${pagePort}/`)).text()).toContain(`<meta name="p5-mqtt-lan-url" content="${gallery}">`);
    expect(out).toContain(qrTerminal(gallery).map((line) => `  ${line}`).join('\n'));
  }, 60_000);

  it('names line and column of a malformed profiles file, once, and exits 1', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'start-'));
    const file = join(dir, 'turma.json');
    await writeFile(file, '{ "profiles": [\n  { "username": "a", "password": "b", "publish": [], "subscribe": [] },\n] }\n');
    try {
      run = runCli('src/node/cli/start.ts', ['--profiles', file, '--tcp-port', '0', '--ws-port', '0', '--http-port', '0']);
      expect(await run.exited).toBe(1);
      expect(run.output().trim()).toBe(`${file}:2:71: not valid JSON: a comma after the last item, before ']' (JSON allows none there)`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it.each([
    ['--tcp-port', 'The MQTT (TCP) port'],
    ['--ws-port', 'The MQTT over WebSocket port'],
    ['--http-port', "The sketch pages' port"],
  ])('refuses a taken port given by %s, naming who holds it, and exits 1', async (flag, what) => {
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    try {
      const taken = (holder.address() as AddressInfo).port;
      const ports = { '--tcp-port': '0', '--ws-port': '0', '--http-port': '0', [flag]: String(taken) };
      run = runCli('src/node/cli/start.ts', [...Object.entries(ports).flat(), '--no-bot']);
      expect(await run.exited).toBe(1);
      const out = run.output();
      expect(out).toContain(`${what} ${taken} on 127.0.0.1 is in use `);
      // This test process holds it; where /proc can't say so, the hint names the command that can.
      expect(out).toMatch(process.platform === 'linux' ? new RegExp(`\\(pid ${process.pid}: `) : /names it/);
      expect(out).not.toMatch(/^Ready:/m);
    } finally {
      await new Promise((resolve) => holder.close(resolve));
    }
  }, 30_000);

  it('refuses a profiles file inside a folder its pages hand out, before opening any port', async () => {
    run = runCli('src/node/cli/start.ts', ['--lan', '--profiles', 'sketches/hello/turma.json', '--http-port', '0']);
    expect(await run.exited).toBe(1);
    expect(run.output()).toContain('The profiles file sketches/hello/turma.json is in sketches/, which the kit\'s pages hand to everyone who can reach them');
  });

  it('rejects an unknown flag with where the options are listed, and exit code 2', async () => {
    run = runCli('src/node/cli/start.ts', ['--bogus']);
    expect(await run.exited).toBe(2);
    expect(run.output()).toBe("Unknown option '--bogus'.\nAll options: npm start -- --help\n");
  });
});
