import { Readable } from 'node:stream';
import type { Client } from 'aedes';
import type { InternalMember } from './internals.js';

/** A message as aedes hands it to a client's delivery functions; only these fields are read. */
interface Delivery {
  qos: number;
  /** With `brokerCounter`, names one message: its live copy and its queued copy share both. */
  brokerId?: string | null;
  brokerCounter?: number | string;
}

type Deliver = (packet: Delivery, done: () => void) => void;

/** The members of an aedes 1.2 client this module replaces; checked by internals.test.ts. */
export const SESSION_RESUME_INTERNALS: readonly InternalMember[] = [
  { on: 'an aedes client', name: 'deliver0', shape: 2 },
  { on: 'an aedes client', name: 'deliverQoS', shape: 2 },
];

interface ClientDeliveries {
  deliver0: Deliver;
  deliverQoS: Deliver;
}

/** The part of an aedes persistence this module taps. */
interface QueueSource {
  outgoingStream(client: Client): AsyncIterable<Delivery> | Readable;
}

/** Far above what a connecting client gathers in practice; only a stuck connect reaches it. */
const MAX_HELD = 10_000;

/** One connecting client: what arrived live while aedes was resuming its session. */
class Gate {
  open = false;
  readonly held: Array<{ deliver: Deliver; packet: Delivery }> = [];
  /** Messages replayed from the stored queue, by `messageKey`. */
  readonly replayed = new Set<string>();
}

/**
 * Holds live messages for a connecting client until aedes has sent its CONNACK and replayed
 * its stored queue, then hands them over, minus those the queue already delivered.
 *
 * Why: for a persistent session aedes subscribes the client to the message bus (restoring
 * its subscriptions) before it sends the CONNACK and before it replays the queue. A message
 * arriving in between is written at once: before the CONNACK, which MQTT forbids
 * [MQTT-3.2.0-1], and a second time by the replay, since aedes stored it in the queue
 * before publishing it. MQTT.js, given a QoS 1 PUBLISH before its CONNACK, holds the PUBACK
 * until it is connected and stops reading meanwhile, so it never reads the CONNACK and
 * never gets the rest of the queue: it receives one message and then nothing until its
 * connect timeout (30 s). On one broker the window is short; in a cluster, where a message
 * from another node reaches the bus some Redis round trips after it was queued, a session
 * moving nodes while messages are in flight hit it in about half the tries (1 of 5 queued
 * messages delivered).
 *
 * @example
 * const gates = new ResumeGates();
 * const aedes = await Aedes.createBroker({ persistence: gates.persistence(store) });
 * // for each connection, before aedes reads its CONNECT:
 * gates.hold(aedes.handle(socket));
 */
export class ResumeGates {
  readonly #gates = new WeakMap<object, Gate>();

  /** Call for each new connection before its CONNECT is read (right after `aedes.handle`). */
  hold(client: Client): void {
    const gate = new Gate();
    this.#gates.set(client, gate);
    const target = client as unknown as ClientDeliveries;
    target.deliver0 = gated(gate, target.deliver0);
    target.deliverQoS = gated(gate, target.deliverQoS);
    // aedes emits 'connected' once the connect sequence, queue replay included, is done.
    client.once('connected', () => {
      gate.open = true;
      this.#gates.delete(client);
      for (const { deliver, packet } of gate.held.splice(0)) {
        if (packet.qos > 0 && gate.replayed.has(messageKey(packet))) continue;
        deliver(packet, noop);
      }
    });
  }

  /** Wraps aedes' persistence so the queue it replays on connect is noted per client. */
  persistence<P extends object>(inner: P): P {
    const gates = this.#gates;
    const outgoingStream = (client: Client) => {
      const stream = (inner as unknown as QueueSource).outgoingStream(client);
      const gate = gates.get(client);
      if (!gate || gate.open) return stream;
      return Readable.from(
        (async function* () {
          for await (const packet of stream as AsyncIterable<Delivery>) {
            gate.replayed.add(messageKey(packet));
            yield packet;
          }
        })(),
      );
    };
    const bound = new Map<PropertyKey, unknown>();
    return new Proxy(inner, {
      get(target, key) {
        if (key === 'outgoingStream') return outgoingStream;
        const value: unknown = Reflect.get(target, key, target);
        if (typeof value !== 'function') return value;
        // Bound to the store: persistences are class instances with private fields.
        if (!bound.has(key)) bound.set(key, value.bind(target));
        return bound.get(key);
      },
    });
  }
}

function gated(gate: Gate, deliver: Deliver): Deliver {
  return (packet, done) => {
    if (gate.open) return deliver(packet, done);
    // QoS 1/2 copies also wait in the session's stored queue; a QoS 0 one is lost as it
    // would be on a connection that goes away.
    if (gate.held.length < MAX_HELD) gate.held.push({ deliver, packet });
    // Held, not written: aedes only waits for this before handling the next message.
    setImmediate(done);
  };
}

function messageKey(packet: Delivery): string {
  return `${packet.brokerId}:${packet.brokerCounter}`;
}

const noop = () => {};
