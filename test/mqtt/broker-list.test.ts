import { afterEach, describe, expect, it } from 'vitest';
import mqtt from 'mqtt';
import { startTestBroker, type TestBroker } from '../fixtures/aedes-broker.js';
import { connectVia, transports, waitFor } from '../fixtures/transports.js';
import { parseBrokerList, serverInUse, splitBrokerList, toBrokerServer, toMqttServer } from '../../src/mqtt/broker-list.js';
import { chooseBrokerUrl } from '../../src/kit/broker-choice.js';
import { connect } from '../../src/mqtt/connect.js';
import type { MqttClient } from '../../src/mqtt/client.js';

describe('a list of brokers (the nodes of one cluster)', () => {
  it('splits a comma list where a URL with its scheme follows, so a password may hold a comma', () => {
    expect(splitBrokerList('ws://a.local:9001,ws://b.local:9001')).toEqual(['ws://a.local:9001', 'ws://b.local:9001']);
    expect(splitBrokerList(' ws://a:9001 , wss://b/mqtt ')).toEqual(['ws://a:9001', 'wss://b/mqtt']);
    expect(splitBrokerList('mqtt://kit:se,cret@host:1883')).toEqual(['mqtt://kit:se,cret@host:1883']);
    expect(splitBrokerList('ws://localhost:9001')).toEqual(['ws://localhost:9001']);
  });

  it('parses each URL as one alone would be, and keeps each its own port and path', () => {
    const targets = parseBrokerList(['mqtt://public:public@a.local', 'ws://public:public@b.local:8080/mqtt'], { runtime: 'node' });
    expect(targets.map(toBrokerServer)).toEqual([
      { protocol: 'mqtt', host: 'a.local', port: 1883, path: '', display: 'mqtt://public:****@a.local:1883' },
      { protocol: 'ws', host: 'b.local', port: 8080, path: '/mqtt', display: 'ws://public:****@b.local:8080/mqtt' },
    ]);
    expect(parseBrokerList('ws://a:1,ws://b:2', { runtime: 'node' }).map((t) => t.url)).toEqual(['ws://a:1', 'ws://b:2']);
  });

  it('refuses an empty list, a bad URL in it (named), and nodes logged into differently', () => {
    expect(() => parseBrokerList([], { runtime: 'node' })).toThrow(/list of broker URLs is empty/);
    expect(() => parseBrokerList('ws://a:9001,ws://b:99999', { runtime: 'node' })).toThrow(/The port '99999' in 'ws:\/\/b:99999'/);
    expect(() => parseBrokerList(['mqtt://a:pw1@x', 'mqtt://a:pw2@y'], { runtime: 'node' })).toThrow(
      /'mqtt:\/\/a:\*\*\*\*@y:1883' has another user name or password than 'mqtt:\/\/a:\*\*\*\*@x:1883'/,
    );
  });

  it('hands MQTT.js IPv6 hosts as each protocol wants them, and finds the one in use', () => {
    const [tcp, ws] = parseBrokerList('mqtt://[::1]:1883,ws://[::1]:9001', { runtime: 'node' }).map(toBrokerServer);
    expect(toMqttServer(tcp!)).toEqual({ host: '::1', port: 1883, protocol: 'mqtt' });
    expect(toMqttServer(ws!)).toEqual({ host: '[::1]', port: 9001, protocol: 'ws' });
    expect(serverInUse([tcp!, ws!], { protocol: 'ws', hostname: '[::1]', port: 9001 })).toBe(ws);
    expect(serverInUse([tcp!, ws!], { protocol: 'ws', hostname: '[::1]', port: 9002 })).toBeUndefined();
  });

  it('comes from ?broker= as a comma list, and a bad one is the client status, never a throw', () => {
    expect(chooseBrokerUrl('mqtt://localhost', '?broker=ws://a:9001,ws://b:9001')).toBe('ws://a:9001,ws://b:9001');
    const client = connect(['ws://a:9001', 'nope://b'], 'x');
    expect(client.status).toBe('error');
    expect(client.statusText).toMatch(/The scheme 'nope:\/\/'/);
  });
});

describe.each(transports)('a client given two brokers, over %s', (via) => {
  const cleanups: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('starts on the first, moves to the second when the first is gone, renews its subscriptions there and says where it is', async () => {
    const [first, second] = [await startTestBroker(), await startTestBroker()];
    cleanups.push(() => second.close());
    let firstClosed = false;
    cleanups.push(async () => firstClosed || (await first.close()));
    const list: Pick<TestBroker, 'tcpUrl' | 'wsUrl'> = { tcpUrl: `${first.tcpUrl},${second.tcpUrl}`, wsUrl: `${first.wsUrl}, ${second.wsUrl}` };
    const port = (broker: TestBroker) => (via === 'direct/tcp' ? broker.tcpPort : broker.wsPort);

    const client: MqttClient = connectVia(via, list, 'failover', { deliver: 'immediate', reconnect: { min: 100, max: 400 } });
    cleanups.push(() => client.disconnect());
    const got: string[] = [];
    await client.subscribe('show/#', (message) => got.push(message.text), { qos: 1 });
    expect(client.statusText).toContain(`:${port(first)}`);
    expect(client.statusText).not.toContain(`:${port(second)}`);
    expect(first.aedes.connectedClients).toBe(1);

    await first.close();
    firstClosed = true;
    await waitFor(() => client.status === 'connected' && second.aedes.connectedClients === 1, 'the client on the second broker', 5000);
    expect(client.statusText).toContain(`:${port(second)}`);

    const outside = await mqtt.connectAsync(second.tcpUrl);
    cleanups.push(() => outside.endAsync(true));
    // The subscription is renewed on the second broker shortly after connecting.
    for (let tries = 0; tries < 20 && !got.includes('go'); tries++) {
      await outside.publishAsync('show/cue', 'go', { qos: 1 });
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(got).toContain('go');
  });
});
