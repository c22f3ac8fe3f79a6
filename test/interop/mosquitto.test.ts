import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mqtt from 'mqtt';
import { spawn } from 'node:child_process';
import { MOSQUITTO_MISSING, mosquittoClients, mosquittoPath, startMosquitto, type Mosquitto } from '../fixtures/mosquitto.js';
import { createBroker, defaultProfiles, type RunningBroker } from '../../src/node/broker/index.js';
import { connectVia, transports, waitFor } from '../fixtures/transports.js';
import { runCli } from '../fixtures/spawn-cli.js';

// Said out loud, never silently passed: CI installs mosquitto, a laptop may not have it.
if (!mosquittoPath || !mosquittoClients) console.warn(MOSQUITTO_MISSING);

describe.skipIf(!mosquittoPath)('against Debian mosquitto', () => {
  let broker: Mosquitto;
  beforeAll(async () => {
    broker = await startMosquitto();
  });
  afterAll(async () => {
    await broker?.stop();
  });

  it.each(transports)('the kit client works over %s', async (via) => {
    const client = connectVia(via, broker, undefined, { deliver: 'immediate' });
    const seen: string[] = [];
    await client.subscribe('interop/+/value', (m) => seen.push(`${m.topic}=${m.number}`), { qos: 1 });
    const outside = await mqtt.connectAsync(broker.tcpUrl);
    await outside.publishAsync('interop/a/value', '7', { qos: 1 });
    await outside.publishAsync('$SYS/fake', 'x');
    await waitFor(() => seen.length === 1, 'one message');
    expect(seen).toEqual(['interop/a/value=7']);
    const got: string[] = [];
    outside.on('message', (t, p) => got.push(`${t}=${p.toString()}`));
    await outside.subscribeAsync('interop/back', { qos: 1 });
    expect(await client.publish('interop/back', 'hi', { qos: 1 })).toBe(true);
    await waitFor(() => got.length === 1, 'message at the outside client');
    expect(got).toEqual(['interop/back=hi']);
    await outside.endAsync();
    await client.disconnect();
  });

  it('the sensor bot publishes and gets acknowledgements', async () => {
    const run = runCli('src/node/cli/bot.ts', ['--url', broker.tcpUrl, '--interval', '50', '--client-id', 'interop-bot']);
    try {
      await run.waitForOutput(/published (temperatura|umidade|luminosidade) = \d+ \(acknowledged by the broker\)/);
      await run.waitForOutput(/received (temperatura|umidade|luminosidade): \d+/);
      run.kill('SIGINT');
      expect(await run.exited).toBe(0);
    } finally {
      if (run.child.exitCode === null) run.kill('SIGKILL');
    }
  });
});

describe.skipIf(!mosquittoPath || !mosquittoClients)('the embedded broker with mosquitto_pub / mosquitto_sub', () => {
  let broker: RunningBroker;
  beforeAll(async () => {
    broker = await createBroker({ tcpPort: 0, wsPort: 0, profiles: defaultProfiles('admin-secret'), logLevel: 'quiet' });
  });
  afterAll(async () => {
    await broker?.close();
  });

  const tool = (name: string, args: string[]) => {
    const child = spawn(name, ['-h', '127.0.0.1', '-p', String(broker.tcpPort), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    return { child, output: () => output, exited };
  };

  it('delivers a mosquitto_pub message to mosquitto_sub, with credentials and QoS 1', async () => {
    const subscribed = new Promise((resolve) => broker.aedes.once('subscribe', resolve));
    const sub = tool('mosquitto_sub', ['-u', 'public', '-P', 'public', '-t', 'kit/#', '-q', '1', '-C', '1', '-v', '-W', '10']);
    await subscribed;
    const pub = tool('mosquitto_pub', ['-u', 'public', '-P', 'public', '-t', 'kit/hello', '-m', 'from mosquitto_pub', '-q', '1']);
    expect(await pub.exited).toBe(0);
    expect(await sub.exited).toBe(0);
    expect(sub.output().trim()).toBe('kit/hello from mosquitto_pub');
  });

  it('refuses a wrong password in words mosquitto_sub shows', async () => {
    const sub = tool('mosquitto_sub', ['-u', 'public', '-P', 'wrong', '-t', '#', '-C', '1', '-W', '5']);
    expect(await sub.exited).not.toBe(0);
    expect(sub.output()).toMatch(/bad user name or password|not authori[sz]ed/i);
  });
});
