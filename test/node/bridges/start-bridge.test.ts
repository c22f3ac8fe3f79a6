import { createSocket, type Socket } from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import { startKitBridges } from '../../../src/node/bridges/start-bridge.js';
import { DEFAULT_OSC_IN_PORT } from '../../../src/node/bridges/osc.js';
import { startTestBroker, type TestBroker } from '../../fixtures/aedes-broker.js';

/** Holds UDP `port` on loopback the way Max or Pure Data would; already held elsewhere is as good. */
async function holdUdp(port: number): Promise<Socket> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => {
    socket.once('error', () => resolve());
    socket.bind(port, '127.0.0.1', () => resolve());
  });
  return socket;
}

// `npm start -- --bridge http,osc` in a room where another program already has OSC's port.
describe('npm start bridges when the OSC port is taken', () => {
  let broker: TestBroker | undefined;
  let holder: Socket | undefined;
  let close: (() => Promise<void>) | undefined;

  afterEach(async () => {
    await close?.();
    holder?.close();
    await broker?.close();
  });

  it('keeps the kit and the HTTP bridge running, and says how to start OSC on another port', async () => {
    broker = await startTestBroker();
    holder = await holdUdp(DEFAULT_OSC_IN_PORT);
    const bridges = await startKitBridges(['http', 'osc'], { url: broker.tcpUrl, lan: false, logLevel: 'quiet', log: () => {} });
    close = bridges.close;
    const text = bridges.lines.join('\n');
    expect(text).toContain(`osc    NOT started: The OSC port ${DEFAULT_OSC_IN_PORT} (UDP) on 127.0.0.1 is in use by another program`);
    expect(text).toContain(`npm run bridge -- osc --in ${DEFAULT_OSC_IN_PORT + 100}`);
    // npm start has no --in: the advice must not send anyone to it.
    expect(text).not.toMatch(/choose another port with --in/);
    const http = /http\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(text)?.[1];
    expect(http).toBeDefined();
    const response = await fetch(`${http}/publish/hello`, { method: 'POST', body: 'still here' });
    expect(response.status).toBe(204);
  });
});
