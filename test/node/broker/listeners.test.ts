import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { createServer, connect as connectSocket, type AddressInfo, type Server } from 'node:net';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createBroker } from '../../../src/node/broker/index.js';
import { collect, useHarness, waitFor } from './harness.js';
import { freePort } from '../../fixtures/mosquitto.js';

const h = useHarness();
const fixture = (name: string) => fileURLToPath(new URL(`../../fixtures/tls/${name}`, import.meta.url));

/** A plain server holding a free loopback port, standing in for mosquitto on 1883. */
async function occupyPort(): Promise<{ port: number; server: Server }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  h.defer(() => new Promise((resolve) => server.close(resolve)));
  return { port: (server.address() as AddressInfo).port, server };
}

function httpGet(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    request(url, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    }).on('error', reject).end();
  });
}

describe('listeners', () => {
  it('moves to the next port when the one asked for is taken, and says so', async () => {
    const { port } = await occupyPort();
    const { broker, logs } = await h.startBroker({ tcpPort: port });
    expect(broker.tcpPort).toBeGreaterThan(port);
    expect(broker.tcpPort).toBeLessThanOrEqual(port + 20);
    expect(broker.urls.tcp).toBe(`mqtt://127.0.0.1:${broker.tcpPort}`);
    const moved = logs.find((line) => line.startsWith(`port ${port} is in use`));
    expect(moved).toMatch(new RegExp(`using ${broker.tcpPort} instead$`));
    // This test process holds the port, and on Linux the line says so.
    if (process.platform === 'linux') expect(moved).toContain(`(pid ${process.pid}`);
    await h.connect(broker.urls.tcp);
  });

  it('holds to the listeners named in strictPorts and moves the others', async () => {
    const { port: tcp } = await occupyPort();
    const { port: ws } = await occupyPort();
    await expect(createBroker({ tcpPort: tcp, wsPort: 0, strictPorts: ['tcp'], logLevel: 'quiet' })).rejects.toThrow(`port ${tcp} on 127.0.0.1 is in use`);
    const { broker } = await h.startBroker({ tcpPort: 0, wsPort: ws, strictPorts: ['tcp'] });
    expect(broker.wsPort).toBeGreaterThan(ws);
  });

  it('fails clearly on a taken port with strictPorts, releasing what it opened', async () => {
    const { port: taken } = await occupyPort();
    const free = await freePort();
    const error = await createBroker({ tcpPort: free, wsPort: taken, strictPorts: true, logLevel: 'quiet' }).then(
      async (broker) => (await broker.close(), new Error('the broker started')),
      (e: unknown) => e as Error,
    );
    expect(error.message).toContain(`The MQTT over WebSocket port ${taken} on 127.0.0.1 is in use `);
    if (process.platform === 'linux') expect(error.message).toContain(`(pid ${process.pid}`);
    // The TCP listener had opened before the WebSocket one failed; its port must be free again.
    const server = createServer();
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(free, '127.0.0.1', resolve));
    await new Promise((resolve) => server.close(resolve));
  });

  it('speaks MQTT over WebSocket on any path and negotiates the mqtt subprotocol', async () => {
    const { broker } = await h.startBroker();
    const sub = await h.connect(`${broker.urls.ws}/`);
    const seen = collect(sub);
    await sub.subscribeAsync('ws/#');
    const pub = await h.connect(`${broker.urls.ws}/mqtt`);
    await pub.publishAsync('ws/hello', 'over websocket', { qos: 1 });
    await waitFor(() => seen.length === 1, 'the message over WebSocket');
    expect(seen[0]?.text).toBe('over websocket');

    const socket = new WebSocket(`${broker.urls.ws}/anything`, ['mqtt']);
    h.defer(() => socket.terminate());
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    expect(socket.protocol).toBe('mqtt');
  });

  it('answers a plain HTTP GET on the WebSocket port with a short text', async () => {
    const { broker } = await h.startBroker();
    const { status, body } = await httpGet(`http://127.0.0.1:${broker.wsPort}/`);
    expect(status).toBe(200);
    expect(body).toMatch(/MQTT broker/);
  });

  it('serves mqtts:// and wss:// with a certificate', async () => {
    const { broker } = await h.startBroker({ tls: { cert: fixture('cert.pem'), key: fixture('key.pem'), tcpPort: 0, wsPort: 0 } });
    expect(broker.urls.mqtts).toBe(`mqtts://localhost:${broker.tlsPort}`);
    expect(broker.urls.wss).toBe(`wss://localhost:${broker.wssPort}`);
    const ca = readFileSync(fixture('cert.pem'));
    const sub = await h.connect(broker.urls.mqtts ?? '', { ca });
    const seen = collect(sub);
    await sub.subscribeAsync('secure/#');
    const pub = await h.connect(broker.urls.wss ?? '', { ca, wsOptions: { ca } });
    await pub.publishAsync('secure/x', 'encrypted', { qos: 1 });
    await waitFor(() => seen.length === 1, 'the message over TLS');
    expect(seen[0]?.text).toBe('encrypted');
  });

  it('names the file when the certificate cannot be read', async () => {
    await expect(createBroker({ tcpPort: 0, wsPort: 0, tls: { cert: '/nonexistent/cert.pem', key: fixture('key.pem') } }))
      .rejects.toThrow("Could not read the TLS certificate '/nonexistent/cert.pem'");
  });

  it('closes in well under a second with clients connected, freeing its ports', async () => {
    const broker = await createBroker({ tcpPort: 0, wsPort: 0, logLevel: 'quiet' });
    const clients = [await h.connect(broker.urls.tcp), await h.connect(broker.urls.ws)];
    const raw = connectSocket(broker.tcpPort, '127.0.0.1'); // connected, never speaks MQTT
    h.defer(() => raw.destroy());
    await new Promise((resolve) => raw.once('connect', resolve));
    const start = Date.now();
    await broker.close();
    expect(Date.now() - start).toBeLessThan(1000);
    await waitFor(() => clients.every((client) => !client.connected), 'the clients to notice');
    for (const port of [broker.tcpPort, broker.wsPort]) {
      const server = createServer();
      await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, '127.0.0.1', resolve));
      await new Promise((resolve) => server.close(resolve));
    }
    await broker.close(); // a second close is harmless
  });
});
