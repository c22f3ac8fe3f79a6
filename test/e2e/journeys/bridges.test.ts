import { execFile } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import mqtt, { type MqttClient } from 'mqtt';
import { decode, encode } from 'node-osc';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../fixtures/mosquitto.js';
import { runCli, type CliRun } from '../../fixtures/spawn-cli.js';
import { bannerPorts } from '../../fixtures/banner-ports.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const README = readFileSync(join(root, 'README.md'), 'utf8');
const run = promisify(execFile);

/** README's Bridges section, up to the next section of the same level. */
const BRIDGES = README.slice(README.indexOf('## Bridges'), README.indexOf('\n## ', README.indexOf('## Bridges') + 5));
/** The lines of the fenced `sh` blocks of the section (comments after `#  ` dropped). */
const shellLines = [...BRIDGES.matchAll(/```sh\n([^]*?)```/g)].flatMap((m) => m[1]!.split('\n')).map((line) => line.replace(/\s+#\s.*$/, '').trim()).filter(Boolean);
const line = (start: string) => {
  const found = shellLines.find((each) => each.startsWith(start));
  if (!found) throw new Error(`README's Bridges section has no line starting '${start}'`);
  return found;
};

/** A shell line as words, quotes removed (the README's lines have no spaces inside quotes). */
const words = (text: string) => text.split(/\s+/).map((word) => word.replace(/^'(.*)'$/, '$1'));

/**
 * README's Bridges section, its commands as written — but for the ports, which a test takes
 * free (8080 → a free TCP port, 9000/9001 → free UDP ones) — beside a real `npm start`.
 * The serial line needs a board, so its line protocol is checked in its own tests.
 */
describe("journey: README's Bridges section, as written", () => {
  let kit: CliRun;
  let watcher: MqttClient;
  const seen: string[] = [];
  let tcpUrl: string;
  const started: CliRun[] = [];

  beforeAll(async () => {
    kit = runCli('src/node/cli/start.ts', ['--tcp-port', '0', '--ws-port', '0', '--http-port', '0', '--no-bot']);
    await kit.waitForOutput(/^Ready: /m, 60_000);
    tcpUrl = `mqtt://127.0.0.1:${bannerPorts(kit.output()).tcp}`;
    watcher = await mqtt.connectAsync(tcpUrl, { username: 'public', password: 'public', reconnectPeriod: 0 });
    watcher.on('message', (topic, payload, packet) => seen.push(`${topic}=${payload.toString()}${packet.retain ? ' (retained)' : ''}`));
    await watcher.subscribeAsync(['temperatura', 'sala/#', 'hello', 'sensors/#', 'fader']);
  }, 120_000);

  afterAll(async () => {
    await watcher?.endAsync(true);
    for (const each of [...started, kit]) if (each && each.child.exitCode === null) each.kill('SIGINT');
    await Promise.all([...started, kit].filter(Boolean).map((each) => each.exited));
  });

  /** `npm run bridge -- …` from README, its ports swapped, pointed at this test's npm start. */
  function bridge(readme: string, ports: Record<string, number>): CliRun {
    let args = words(readme).slice(4);
    for (const [from, to] of Object.entries(ports)) args = args.map((word) => word.replace(from, String(to)));
    const each = runCli('src/node/cli/bridge.ts', [...args, '--url', tcpUrl]);
    started.push(each);
    return each;
  }

  it('the HTTP bridge: the curl lines answer and publish as README says', async () => {
    const port = await freePort();
    const http = bridge(line('npm run bridge -- http'), { 8080: port });
    await http.waitForOutput(/Press Ctrl-C to stop\./, 30_000);
    const curl = async (readme: string) => {
      const args = words(readme.replace(/8080/g, String(port))).slice(1);
      const { stdout } = await run('curl', ['-s', '-o', '/dev/null', '-w', '%{http_code}', ...args]);
      return Number(stdout);
    };
    expect(await curl(line('curl -d 23.5'))).toBe(204);
    await expect.poll(() => seen, { timeout: 5000 }).toContain('temperatura=23.5');
    expect(await curl(line('curl -d on'))).toBe(204);
    await expect.poll(() => seen, { timeout: 5000 }).toContain('sala/luz=on');
    // The bridge knows this npm start's profiles: viewer may not publish.
    expect(await curl(line('curl -u viewer:viewer'))).toBe(403);

    // The stream: curl -N prints each message as an event while it runs.
    const stream = run('curl', [...words(line('curl -N').replace(/8080/g, String(port))).slice(1), '--max-time', '4']).catch((error: { stdout: string }) => error);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await watcher.publishAsync('sensors/light', '812', { qos: 1 });
    const { stdout } = (await stream) as { stdout: string };
    expect(stdout).toMatch(/event: message\ndata: \{"topic":"sensors\/light","payload":"812","qos":0,"retained":false\}/);
    expect(seen).not.toContain('hello=1');
  }, 60_000);

  it('the OSC bridge: a fader from Max/PD is published, sensors/# goes out as OSC', async () => {
    const peer = createSocket('udp4');
    const heard: { address: string; args: unknown[] }[] = [];
    peer.on('message', (data) => {
      const message = decode(data) as { address: string; args: { value: unknown }[] };
      heard.push({ address: message.address, args: message.args.map((a) => a.value) });
    });
    await new Promise<void>((resolve) => peer.bind(0, '127.0.0.1', resolve));
    const inPort = await freeUdpPort();
    try {
      const osc = bridge(line('npm run bridge -- osc'), { 9000: inPort, 9001: peer.address().port });
      await osc.waitForOutput(/Press Ctrl-C to stop\./, 30_000);
      await new Promise<void>((resolve, reject) => peer.send(encode({ oscType: 'message', address: '/fader', args: [{ type: 'f', value: 0.5 }] }), inPort, '127.0.0.1', (e) => (e ? reject(e) : resolve())));
      await expect.poll(() => seen, { timeout: 5000 }).toContain('fader=0.5').catch((error) => { throw new Error(`${error}\n${osc.output()}`); });
      await watcher.publishAsync('sensors/temp', '23.5', { qos: 1 });
      await expect.poll(() => heard, { timeout: 5000 }).toContainEqual({ address: '/sensors/temp', args: [23.5] });
    } finally {
      peer.close();
    }
  }, 60_000);

  it('npm start -- --bridge http,osc lists both bridges beside the broker', async () => {
    const flags = words(line('npm start -- --bridge')).slice(3);
    const both = runCli('src/node/cli/start.ts', [...flags, '--tcp-port', '0', '--ws-port', '0', '--http-port', '0']);
    started.push(both);
    await both.waitForOutput(/^Ready: /m, 60_000);
    const out = both.output();
    expect(out).toMatch(/^Bridges:$/m);
    expect(out).toMatch(/^ {2}http {3}http:\/\/127\.0\.0\.1:\d+$/m);
    // 9000 may be another test's or program's: then the banner says how to run OSC elsewhere.
    expect(out).toMatch(/^ {2}osc {4}(udp:\/\/127\.0\.0\.1:9000|NOT started: .*)$/m);
  }, 90_000);
});

/** A UDP port nothing listens on now. */
async function freeUdpPort(): Promise<number> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return port;
}
