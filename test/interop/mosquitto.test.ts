import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mqtt from 'mqtt';
import { MOSQUITTO_MISSING, mosquittoPath, startMosquitto, type Mosquitto } from '../fixtures/mosquitto.js';
import { connectVia, transports, waitFor } from '../fixtures/transports.js';
import { runCli } from '../fixtures/spawn-cli.js';

// Said out loud, never silently passed: CI installs mosquitto, a laptop may not have it.
if (!mosquittoPath) console.warn(MOSQUITTO_MISSING);

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
