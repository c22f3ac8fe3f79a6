import { Readable } from 'node:stream';
import type { InternalMember } from './internals.js';

interface StoredClient {
  id: string;
}

/** A packet as aedes hands it to its persistence; this module reads only these fields. */
interface PersistedPacket {
  qos?: number;
  retain?: boolean;
  /** With `brokerCounter`, names one message: aedes' copies of it carry both. */
  brokerId?: string;
  brokerCounter?: number;
  [field: string]: unknown;
}

type Done = (error?: Error | null) => void;
type Published = (this: unknown, packet: PersistedPacket, client: unknown, done: Done) => void;

/** The part of the aedes instance `setup` receives that this module hooks. */
interface PersistenceBroker {
  published: Published;
}

/**
 * `PersistenceBroker` as a list, checked against the installed aedes: `published` is an
 * option of aedes', but replacing it on the instance, after aedes has read its options,
 * works only while aedes calls it through the instance.
 */
export const PERSISTENCE_ORDER_INTERNALS: readonly InternalMember[] = [{ on: 'an aedes instance', name: 'published', shape: 3 }];

/**
 * The methods of an aedes 1.2 persistence (promise style, as aedes calls them) that this
 * module reorders. Every other method passes through untouched.
 */
export interface AedesPersistence {
  setup(broker: unknown): Promise<void>;
  storeRetained(packet: PersistedPacket): Promise<unknown>;
  createRetainedStream(pattern: string): Readable;
  createRetainedStreamCombi(patterns: string[]): Readable;
  outgoingEnqueueCombi(subs: readonly { clientId: string }[] | null | undefined, packet: PersistedPacket): Promise<unknown>;
  outgoingUpdate(client: StoredClient, packet: PersistedPacket): Promise<unknown>;
  outgoingStream(client: StoredClient): Readable;
}

export interface OrderedPersistence<P extends AedesPersistence> {
  /** For aedes' `persistence` option. */
  persistence: P;
  /** Settles once every write started so far has (close the database after it). */
  settled(): Promise<void>;
}

const noop = () => {};

/**
 * Wraps a persistence whose writes take real I/O (aedes-persistence-level) so that aedes
 * hands messages to its subscribers in the order it numbered them, as it does with its
 * in-memory persistence. Without this, live QoS 1/2 messages are silently skipped.
 *
 * Why: aedes numbers each message (`brokerCounter`) when `publish` starts, then awaits
 * `storeRetained` and `outgoingEnqueueCombi` before emitting it to subscribers. Each
 * client drops any message whose number is not above the highest it has seen (its
 * `dedupe`, meant for copies of one message matching two subscriptions). LevelDB puts run
 * on libuv's thread pool and finish in any order, so message n+1 can overtake message n,
 * and n is then dropped for every subscriber it would have reached: lost for clean
 * sessions, left in the stored queue (sent only on the next connection) for persistent
 * ones. Same cause as aedes issues #955 and #994 (both open); on PR #972, which would have
 * changed `dedupe`, an aedes maintainer answered that the persistence must keep the order.
 *
 * So both writes are started at once, in call order, and reported done right away
 * ("write-behind"), and whatever reads them waits for them first:
 * - `outgoingUpdate` (each live delivery to a persistent session) waits for the queue
 *   write of its message, `outgoingStream` (the queue replayed on connect) for all of
 *   that client's;
 * - `createRetainedStream*` waits for pending retained writes, which run one after
 *   another so the last retained message on a topic is the one that stays;
 * - aedes' `published` hook, the last step of `publish`, waits for the writes pending
 *   when it runs, so a publish still completes only once stored (QoS 2 PUBREC, the
 *   publisher's flow control, write errors) as before.
 *
 * `outgoingUpdate` results are also released in call order per client: aedes writes a
 * live QoS 1/2 message to the socket when its update resolves, and LevelDB's unordered
 * completions otherwise reorder a subscriber's messages on the wire [MQTT-4.6.0-6].
 *
 * Relies on the inner `outgoingEnqueueCombi` encoding the packet when called, as
 * aedes-persistence-level 9 does: aedes goes on to set `clientId` on the same object.
 *
 * @example
 * const { persistence, settled } = orderedPersistence(persistenceLevel(db));
 * const aedes = await Aedes.createBroker({ persistence });
 */
export function orderedPersistence<P extends AedesPersistence>(inner: P): OrderedPersistence<P> {
  const writes = new PendingWrites();
  const lanes = new Lanes();
  let retainedTail: Promise<void> = Promise.resolve();

  const overrides: AedesPersistence = {
    // aedes refuses a persistence whose `setup` is not an AsyncFunction.
    async setup(broker: unknown) {
      holdPublishedUntilStored(broker as PersistenceBroker, writes);
      await inner.setup(broker);
    },
    storeRetained(packet) {
      // Copied now: the chained write runs after aedes has moved on with this object.
      const snapshot = { ...packet };
      const write = retainedTail.then(() => inner.storeRetained(snapshot));
      retainedTail = write.then(noop, noop);
      writes.track(write, []);
      return Promise.resolve();
    },
    createRetainedStream: (pattern) => readableAfter(retainedTail, () => inner.createRetainedStream(pattern)),
    createRetainedStreamCombi: (patterns) => readableAfter(retainedTail, () => inner.createRetainedStreamCombi(patterns)),
    outgoingEnqueueCombi(subs, packet) {
      // Nothing to store: no I/O, so nothing can overtake.
      if (!subs || subs.length === 0) return inner.outgoingEnqueueCombi(subs, packet);
      writes.track(inner.outgoingEnqueueCombi(subs, packet), subs.map((sub) => sub.clientId), messageKey(packet));
      return Promise.resolve();
    },
    outgoingUpdate: (client, packet) =>
      lanes.inOrder(client.id, () => writes.forMessage(messageKey(packet)).then(() => inner.outgoingUpdate(client, packet))),
    outgoingStream: (client) => readableAfter(writes.forClient(client.id), () => inner.outgoingStream(client)),
  };

  // A Proxy rather than a copy: the level persistence is a class instance (an
  // EventEmitter with state), so its other methods must keep running on it.
  const bound = new Map<PropertyKey, unknown>();
  const persistence = new Proxy(inner, {
    get(target, key) {
      if (Object.hasOwn(overrides, key)) return overrides[key as keyof AedesPersistence];
      const value: unknown = Reflect.get(target, key, target);
      if (typeof value !== 'function') return value;
      if (!bound.has(key)) bound.set(key, value.bind(target));
      return bound.get(key);
    },
  });
  return { persistence, settled: () => writes.settled() };
}

/**
 * Makes aedes' `published` hook, the last step of every publish, wait for the writes
 * started so far, so a publish completes only once what it stored is on disk.
 */
function holdPublishedUntilStored(broker: PersistenceBroker, writes: PendingWrites): void {
  const published = broker.published;
  broker.published = function publishedOnceStored(packet, client, done) {
    // Only QoS 1/2 and retained messages write anything.
    const stores = (packet.qos ?? 0) > 0 || packet.retain === true;
    const pending = stores ? writes.all() : undefined;
    if (!pending) return published.call(this, packet, client, done);
    // An error is reported to whichever publish waits: aedes then ends that connection,
    // as it did when the failed write was awaited inside publish.
    pending.then(() => published.call(this, packet, client, done), (error: Error) => done(error));
  };
}

/** aedes' copies of one message (queued, being delivered) share this key. */
function messageKey(packet: PersistedPacket): string {
  return `${packet.brokerId}:${packet.brokerCounter}`;
}

/** Writes started but not finished: all of them, per client queue, and per message. */
class PendingWrites {
  readonly #all = new Set<Promise<unknown>>();
  readonly #byClient = new Map<string, Set<Promise<void>>>();
  readonly #byMessage = new Map<string, Promise<void>>();

  track(write: Promise<unknown>, clientIds: readonly string[], message?: string): void {
    // Handles the rejection too, so a failed write is never an unhandled rejection;
    // the error itself reaches `published` through `all()`.
    const done = write.then(noop, noop);
    this.#all.add(write);
    if (message !== undefined) this.#byMessage.set(message, done);
    for (const id of clientIds) {
      let pending = this.#byClient.get(id);
      if (!pending) this.#byClient.set(id, (pending = new Set()));
      pending.add(done);
    }
    void done.then(() => {
      this.#all.delete(write);
      if (message !== undefined && this.#byMessage.get(message) === done) this.#byMessage.delete(message);
      for (const id of clientIds) {
        const pending = this.#byClient.get(id);
        pending?.delete(done);
        if (pending?.size === 0) this.#byClient.delete(id);
      }
    });
  }

  /** Resolves when the writes pending now have finished; rejects if one of them failed. */
  all(): Promise<void> | undefined {
    if (this.#all.size === 0) return undefined;
    return Promise.all([...this.#all]).then(noop);
  }

  /** Resolves when the queue write of one message has settled. Never rejects. */
  forMessage(key: string): Promise<void> {
    return this.#byMessage.get(key) ?? Promise.resolve();
  }

  /** Resolves when the queue writes pending now for `clientId` have settled. Never rejects. */
  forClient(clientId: string): Promise<void> {
    const pending = this.#byClient.get(clientId);
    return pending ? Promise.all([...pending]).then(noop) : Promise.resolve();
  }

  settled(): Promise<void> {
    return Promise.all([...this.#all].map((write) => write.then(noop, noop))).then(noop);
  }
}

/** Per key, operations that start at once but resolve in the order they were called. */
class Lanes {
  readonly #tails = new Map<string, Promise<void>>();

  inOrder<T>(key: string, start: () => Promise<T>): Promise<T> {
    const before = this.#tails.get(key) ?? Promise.resolve();
    const result = start();
    // Handled now: a rejection that waited for `before` would count as unhandled.
    result.catch(noop);
    const ordered = before.then(() => result);
    const tail = ordered.then(noop, noop);
    this.#tails.set(key, tail);
    void tail.then(() => {
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    });
    return ordered;
  }
}

/** A stream that opens `open()` only once `ready` has resolved. */
function readableAfter(ready: Promise<void>, open: () => Readable): Readable {
  return Readable.from(
    (async function* () {
      await ready;
      yield* open();
    })(),
  );
}
