import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { Aedes } from 'aedes';
import memoryPersistence from 'aedes-persistence';
import mqtt, { type MqttClient } from 'mqtt';
import { createBroker, defaultProfiles } from '../../../src/node/broker/index.js';
import { orderedPersistence, type AedesPersistence } from '../../../src/node/broker/persistence-order.js';
import { sleep, waitFor } from './harness.js';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function deferred<T = void>() {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

type Packet = { topic?: string; payload?: string; qos?: number; retain?: boolean; clientId?: string; brokerId?: string; brokerCounter?: number; messageId?: number };

/** A store whose every write waits until the test finishes it, in any order it likes. */
function manualStore() {
  const log: string[] = [];
  const pending = new Map<string, ReturnType<typeof deferred<void>>>();
  const write = (name: string) => {
    const d = deferred<void>();
    pending.set(name, d);
    return d.promise.then(() => void log.push(`stored ${name}`));
  };
  const store: AedesPersistence = {
    setup: async () => {},
    storeRetained: (packet: Packet) => (log.push(`retain ${packet.payload} from ${packet.clientId ?? 'nobody'}`), write(`retained ${packet.payload}`)),
    createRetainedStream: () => (log.push('read retained'), Readable.from([])),
    createRetainedStreamCombi: () => (log.push('read retained'), Readable.from([])),
    outgoingEnqueueCombi: (subs, packet: Packet) => (subs?.length ? write(`queued ${packet.payload}`) : Promise.resolve()),
    outgoingUpdate: (_client, packet: Packet) => write(`update ${packet.payload}`),
    outgoingStream: () => (log.push('read queue'), Readable.from([])),
  };
  const finish = (name: string, error?: Error) => {
    const d = pending.get(name);
    if (!d) throw new Error(`no write '${name}' started`);
    if (error) d.reject(error);
    else d.resolve();
  };
  return { store, log, finish };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));
const sub = [{ clientId: 'installation' }];

describe('orderedPersistence: writes reported at once, reads wait for them', () => {
  it('reports a queue write done at once and holds that client\'s delivery update until it is stored', async () => {
    const { store, log, finish } = manualStore();
    const { persistence } = orderedPersistence(store);
    // aedes' copy for delivery carries the queued message's brokerId and brokerCounter.
    await persistence.outgoingEnqueueCombi(sub, { payload: '1', brokerId: 'b', brokerCounter: 7 });
    const updated = persistence.outgoingUpdate({ id: 'installation' }, { payload: '1', brokerId: 'b', brokerCounter: 7, messageId: 1 }).then(() => log.push('delivered 1'));
    await settle();
    expect(log).toEqual([]);
    finish('queued 1');
    await settle();
    finish('update 1');
    await updated;
    expect(log).toEqual(['stored queued 1', 'stored update 1', 'delivered 1']);
  });

  it('releases one client\'s delivery updates in the order aedes asked, however the store finishes them', async () => {
    const { store, log, finish } = manualStore();
    const { persistence } = orderedPersistence(store);
    const client = { id: 'installation' };
    const done = ['1', '2', '3'].map((n) => persistence.outgoingUpdate(client, { payload: n }).then(() => log.push(`delivered ${n}`)));
    await settle();
    for (const n of ['3', '2', '1']) finish(`update ${n}`);
    await Promise.all(done);
    expect(log.filter((line) => line.startsWith('delivered'))).toEqual(['delivered 1', 'delivered 2', 'delivered 3']);
  });

  it('replays a queue on reconnect only once its pending writes are stored', async () => {
    const { store, log, finish } = manualStore();
    const { persistence } = orderedPersistence(store);
    await persistence.outgoingEnqueueCombi(sub, { payload: '1' });
    const replay = (async () => {
      for await (const packet of persistence.outgoingStream({ id: 'installation' })) log.push(`replayed ${String(packet)}`);
    })();
    await settle();
    expect(log).toEqual([]);
    finish('queued 1');
    await replay;
    expect(log).toEqual(['stored queued 1', 'read queue']);
  });

  it('stores retained messages one after another, from a copy, and reads them only after', async () => {
    const { store, log, finish } = manualStore();
    const { persistence } = orderedPersistence(store);
    const first: Packet = { topic: 't', payload: 'a', retain: true };
    await persistence.storeRetained(first);
    // aedes goes on to mark the very packet with its publisher before the write runs.
    first.clientId = 'sensor';
    await persistence.storeRetained({ topic: 't', payload: 'b', retain: true });
    const read = (async () => {
      for await (const packet of persistence.createRetainedStreamCombi(['t'])) log.push(String(packet));
    })();
    await settle();
    expect(log).toEqual(['retain a from nobody']);
    finish('retained a');
    await settle();
    finish('retained b');
    await read;
    expect(log).toEqual(['retain a from nobody', 'stored retained a', 'retain b from nobody', 'stored retained b', 'read retained']);
  });

  it("holds aedes' published hook, the end of a publish, until its writes are stored, and passes a failure on", async () => {
    const { store, finish } = manualStore();
    const { persistence, settled } = orderedPersistence(store);
    const broker = { published: (_packet: Packet, _client: unknown, done: (error?: Error | null) => void) => done(null) };
    await persistence.setup(broker);
    const outcomes: string[] = [];
    const publish = (packet: Packet) =>
      new Promise<void>((resolve) => broker.published(packet, null, (error) => (outcomes.push(`${packet.payload}: ${error?.message ?? 'ok'}`), resolve())));

    await persistence.outgoingEnqueueCombi(sub, { payload: '1', qos: 1 });
    const first = publish({ payload: '1', qos: 1 });
    // A QoS 0 message stores nothing and waits for nothing.
    await publish({ payload: 'q0', qos: 0 });
    expect(outcomes).toEqual(['q0: ok']);
    finish('queued 1', new Error('disk full'));
    await first;
    expect(outcomes).toEqual(['q0: ok', '1: disk full']);
    await settled();
  });
});

describe('aedes with a store whose writes finish out of order', () => {
  /**
   * aedes' own in-memory persistence, with each queue write for an even message taking
   * 50 ms longer: the deterministic version of LevelDB's unordered completions.
   */
  function slowEvenWrites(): AedesPersistence {
    const memory = memoryPersistence() as unknown as AedesPersistence;
    return new Proxy(memory, {
      get(target, key) {
        if (key === 'outgoingEnqueueCombi') {
          return (subs: { clientId: string }[], packet: { payload: Buffer }) =>
            target.outgoingEnqueueCombi(subs, packet).then(() => sleep(subs.length && Number(packet.payload.toString()) % 2 === 0 ? 50 : 0));
        }
        const value: unknown = Reflect.get(target, key, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  }

  async function deliver(persistence: AedesPersistence, count: number) {
    const broker = await Aedes.createBroker({ persistence });
    const server = createServer(broker.handle);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise<void>((resolve) => broker.close(() => server.close(() => resolve()))));
    const url = `mqtt://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const subscriber = await connect(url, { clientId: 'installation', clean: false });
    const received = texts(subscriber);
    await subscriber.subscribeAsync('data/#', { qos: 1 });
    const publisher = await connect(url, { clientId: 'sensor' });
    await Promise.all(Array.from({ length: count }, (_, i) => publisher.publishAsync('data/x', String(i), { qos: 1 })));
    // The odd half comes at once; give the delayed even half time to follow, if it is sent at all.
    await waitFor(() => received.length >= count / 2, `${count / 2} messages`, 3000);
    await waitFor(() => received.length === count, `${count} messages`, 500).catch(() => {});
    return received;
  }

  it('shows the cause: without the wrapper, aedes skips the messages that were overtaken', async () => {
    // If this starts failing, aedes no longer drops messages that arrive out of order
    // (its `dedupe`), and persistence-order.ts may no longer be needed.
    const received = await deliver(slowEvenWrites(), 20);
    expect(received.length).toBeLessThan(20);
    expect(received).not.toContain('0');
  });

  it('with the wrapper, the connected subscriber receives every message, in order', async () => {
    const received = await deliver(orderedPersistence(slowEvenWrites()).persistence, 20);
    expect(received).toEqual(Array.from({ length: 20 }, (_, i) => String(i)));
  });
});

describe('the kit broker with --persist (LevelDB)', () => {
  it('sends every live QoS 1 message to connected persistent and clean subscribers, in order, and leaves none queued', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kit-persist-order-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const broker = await createBroker({ tcpPort: 0, wsPort: 0, persistDir: dir, profiles: defaultProfiles('x'), logLevel: 'quiet' });
    cleanups.push(() => broker.close());
    const url = broker.urls.tcp;

    const installation = await connect(url, { clientId: 'installation', clean: false });
    const viewer = await connect(url, { clientId: 'viewer' });
    const [persistent, clean] = [texts(installation), texts(viewer)];
    await installation.subscribeAsync('data/#', { qos: 1 });
    await viewer.subscribeAsync('data/#', { qos: 1 });
    const sensor = await connect(url, { clientId: 'sensor', clean: false });
    const chatter = await connect(url, { clientId: 'chatter' });

    // QoS 0 and retained messages in between: they too could overtake a QoS 1 one.
    const TOTAL = 300;
    const sent: Promise<unknown>[] = [];
    for (let i = 0; i < TOTAL; i++) {
      sent.push(sensor.publishAsync('data/x', String(i), { qos: 1 }));
      sent.push(chatter.publishAsync('data/y', `q0-${i}`, { qos: 0 }));
      if (i % 25 === 0) sent.push(chatter.publishAsync('data/status', `r-${i}`, { qos: 1, retain: true }));
    }
    await Promise.all(sent);
    const expected = Array.from({ length: TOTAL }, (_, i) => String(i));
    const numbered = (list: string[]) => list.filter((text) => /^\d+$/.test(text));
    await waitFor(() => numbered(persistent).length >= TOTAL && numbered(clean).length >= TOTAL, `${TOTAL} live messages`, 10_000).catch(() => {});
    expect(numbered(persistent)).toEqual(expected);
    expect(numbered(clean)).toEqual(expected);

    // Nothing was left in the stored queue: reconnecting brings no message.
    await sleep(200);
    await installation.endAsync();
    const back = await connect(url, { clientId: 'installation', clean: false });
    const replayed = texts(back);
    await sleep(500);
    expect(replayed).toEqual([]);
  }, 30_000);
});

async function connect(url: string, options: mqtt.IClientOptions): Promise<MqttClient> {
  const client = await mqtt.connectAsync(url, { reconnectPeriod: 0, connectTimeout: 3000, ...options });
  cleanups.push(() => client.endAsync(true));
  return client;
}

/** Every payload `client` receives, as text, in order. */
function texts(client: MqttClient): string[] {
  const received: string[] = [];
  client.on('message', (_topic, payload) => received.push(payload.toString()));
  return received;
}
