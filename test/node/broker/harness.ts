// Shared test plumbing for the broker suite: brokers on free loopback ports, MQTT.js and raw
// clients, and cleanup of everything a test started.
import { connect as connectSocket, type Socket } from 'node:net';
import { afterEach } from 'vitest';
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { generate, parser, type Packet } from 'mqtt-packet';
import { createBroker, type BrokerOptions, type RunningBroker } from '../../../src/node/broker/index.js';

export interface Received {
  topic: string;
  text: string;
  qos: number;
  retain: boolean;
  dup: boolean;
  messageId: number | undefined;
}

/** Polls until `check` returns true; fails with `what` after `timeoutMs`. */
export async function waitFor(check: () => boolean, what: string, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Every message `client` receives, in order. */
export function collect(client: MqttClient): Received[] {
  const received: Received[] = [];
  client.on('message', (topic, payload, packet) => {
    received.push({ topic, text: payload.toString(), qos: packet.qos, retain: packet.retain, dup: packet.dup, messageId: packet.messageId });
  });
  return received;
}

/**
 * The SUBACK return codes for `subscriptions`, in order, failures (128) included; MQTT.js
 * turns any failure into a rejection, which would hide the others.
 */
export async function grantedQos(client: MqttClient, subscriptions: Record<string, { qos: 0 | 1 | 2 }>): Promise<number[]> {
  try {
    return (await client.subscribeAsync(subscriptions)).map((grant) => grant.qos);
  } catch (error) {
    const suback = (error as { packet?: { granted?: number[] } }).packet;
    if (suback?.granted) return suback.granted;
    throw error;
  }
}

/** A bare MQTT connection for what MQTT.js won't send (or does for us), e.g. silence or no PUBACK. */
export class RawClient {
  readonly packets: Packet[] = [];
  readonly closed: Promise<void>;
  #read = 0;

  constructor(readonly socket: Socket) {
    const decoder = parser();
    decoder.on('packet', (packet) => this.packets.push(packet));
    socket.on('data', (data) => decoder.parse(data));
    socket.on('error', () => {});
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()));
  }

  send(packet: Packet): void {
    this.socket.write(generate(packet));
  }

  /** The next packet of kind `cmd` not yet returned by an earlier call. */
  async next(cmd: Packet['cmd'], timeoutMs = 2000): Promise<Packet> {
    let found: Packet | undefined;
    await waitFor(() => {
      const index = this.packets.findIndex((packet, i) => i >= this.#read && packet.cmd === cmd);
      if (index === -1) return false;
      found = this.packets[index];
      this.#read = index + 1;
      return true;
    }, `a ${cmd} packet`, timeoutMs);
    return found as Packet;
  }
}

/**
 * Call once per test file: returns helpers whose brokers and clients are closed after each test.
 */
export function useHarness() {
  const cleanups: Array<() => unknown> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  const defer = (cleanup: () => unknown) => cleanups.push(cleanup);

  return {
    defer,

    /** A broker on free loopback ports, logging verbosely into `logs`. */
    async startBroker(options: BrokerOptions = {}): Promise<{ broker: RunningBroker; logs: string[] }> {
      const logs: string[] = [];
      const broker = await createBroker({ tcpPort: 0, wsPort: 0, logLevel: 'verbose', log: (line) => logs.push(line), ...options });
      defer(() => broker.close());
      return { broker, logs };
    },

    /** An MQTT.js client that does not reconnect, so refusals surface as errors. */
    async connect(url: string, options: IClientOptions = {}): Promise<MqttClient> {
      const client = await mqtt.connectAsync(url, { reconnectPeriod: 0, connectTimeout: 3000, ...options });
      defer(() => client.endAsync(true));
      return client;
    },

    /** An MQTT.js client returned before it connects, to attach listeners that must see the first packets. */
    open(url: string, options: IClientOptions = {}): MqttClient {
      const client = mqtt.connect(url, { reconnectPeriod: 0, connectTimeout: 3000, ...options });
      defer(() => client.endAsync(true));
      return client;
    },

    /** The error a refused connection ends with (its `code` is the CONNACK return code). */
    async refusal(url: string, options: IClientOptions = {}): Promise<Error & { code?: number }> {
      try {
        const client = await mqtt.connectAsync(url, { reconnectPeriod: 0, connectTimeout: 3000, ...options });
        defer(() => client.endAsync(true));
      } catch (error) {
        return error as Error & { code?: number };
      }
      throw new Error('the connection was accepted');
    },

    async raw(port: number): Promise<RawClient> {
      const socket = connectSocket(port, '127.0.0.1');
      await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
      defer(() => socket.destroy());
      return new RawClient(socket);
    },
  };
}

/** A CONNECT packet with MQTT 3.1.1 defaults. */
export function connectPacket(fields: Partial<Extract<Packet, { cmd: 'connect' }>> = {}): Packet {
  return { cmd: 'connect', protocolId: 'MQTT', protocolVersion: 4, clean: true, keepalive: 0, clientId: 'raw', ...fields };
}
