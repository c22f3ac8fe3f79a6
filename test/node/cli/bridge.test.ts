import { createSocket } from 'node:dgram';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import mqtt from 'mqtt';
import { encode } from 'node-osc';
import { startTestBroker, type TestBroker } from '../../fixtures/aedes-broker.js';
import { runCli, type CliRun } from '../../fixtures/spawn-cli.js';
import { collect, waitFor } from '../broker/harness.js';

const CLI = 'src/node/cli/bridge.ts';

describe('npm run bridge', () => {
  let broker: TestBroker;
  let run: CliRun | undefined;

  beforeEach(async () => {
    broker = await startTestBroker({ public: 'public' });
  });
  afterEach(async () => {
    if (run && run.child.exitCode === null) {
      run.kill('SIGKILL');
      await run.exited;
    }
    run = undefined;
    await broker.close();
  });

  it('--help lists the kinds, and each kind its flags; a bad kind or flag is exit 2 with the usage', async () => {
    run = runCli(CLI, ['--help']);
    expect(await run.exited).toBe(0);
    expect(run.output()).toMatch(/^Usage: npm run bridge -- <kind>.*\n\s+http .*\n\s+osc .*\n\s+serial /s);
    run = runCli(CLI, ['osc', '--help']);
    expect(await run.exited).toBe(0);
    expect(run.output()).toMatch(/--out HOST:PORT/);
    run = runCli(CLI, ['http', '--port', 'eighty']);
    expect(await run.exited).toBe(2);
    expect(run.output()).toMatch(/^error: --port expects a whole number .*\n\nUsage: npm run bridge -- http/s);
  });

  it('http: publishes a POST on the broker given by --url, and stops cleanly on Ctrl-C', async () => {
    const watcher = await mqtt.connectAsync(broker.tcpUrl, { username: 'public', password: 'public' });
    const received = collect(watcher);
    await watcher.subscribeAsync('temperatura');
    run = runCli(CLI, ['http', '--port', '0', '--url', `mqtt://public:public@127.0.0.1:${broker.tcpPort}`]);
    const [, address] = await run.waitForOutput(/http bridge: (http:\/\/127\.0\.0\.1:\d+)/);
    await run.waitForOutput(/Press Ctrl-C to stop/);
    expect((await fetch(`${address}/publish/temperatura`, { method: 'POST', body: '23.5' })).status).toBe(204);
    await waitFor(() => received.length === 1, 'the message');
    expect(received[0]!.text).toBe('23.5');
    await watcher.endAsync();
    run.kill('SIGINT');
    expect(await run.exited).toBe(0);
  });

  it('osc: an OSC packet on --in is published; a refused login is exit 1 with the reason', async () => {
    const watcher = await mqtt.connectAsync(broker.tcpUrl, { username: 'public', password: 'public' });
    const received = collect(watcher);
    await watcher.subscribeAsync('fader');
    run = runCli(CLI, ['osc', '--in', '0', '--url', `mqtt://public:public@127.0.0.1:${broker.tcpPort}`]);
    const [, port] = await run.waitForOutput(/osc bridge: udp:\/\/127\.0\.0\.1:(\d+)/);
    await run.waitForOutput(/osc: connected to mqtt:\/\/public:\*\*\*\*@127\.0\.0\.1:\d+/);
    const socket = createSocket('udp4');
    await new Promise<void>((resolve) => socket.send(encode({ oscType: 'message', address: '/fader', args: [{ type: 'f', value: 0.5 }] }), Number(port), '127.0.0.1', () => resolve()));
    socket.close();
    await waitFor(() => received.length === 1, 'the fader');
    expect(received[0]!.text).toBe('0.5');
    await watcher.endAsync();
    run.kill('SIGINT');
    expect(await run.exited).toBe(0);

    run = runCli(CLI, ['osc', '--in', '0', '--url', `mqtt://public:wrong@127.0.0.1:${broker.tcpPort}`]);
    expect(await run.exited).toBe(1);
    expect(run.output()).toMatch(/error: .*refused the user name or password/);
    expect(run.output()).not.toMatch(/wrong/);
  });

  it('serial: a port that does not exist is exit 1 naming the ports there are', async () => {
    run = runCli(CLI, ['serial', '--port', '/dev/ttyNOPE7', '--url', broker.tcpUrl]);
    expect(await run.exited).toBe(1);
    expect(run.output()).toMatch(/^error: There is no serial port \/dev\/ttyNOPE7\. Ports seen: .+\.\n$/);
  });
});
