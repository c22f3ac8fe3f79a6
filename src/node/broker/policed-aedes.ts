import { Aedes, type AedesOptions, type Client, type PublishPacket } from 'aedes';
import type { InternalMember } from './internals.js';

type Done = (error?: Error) => void;
// aedes calls publish(packet, client, done) internally; its .d.ts only declares (packet, done).
type PublishWithClient = (this: Aedes, packet: PublishPacket, client: Client | null, done?: Done) => void;

/** What PolicedAedes relies on beyond aedes' typings: the client argument of `publish`. */
export const POLICED_AEDES_INTERNALS: readonly InternalMember[] = [{ on: 'Aedes.prototype', name: 'publish', shape: 3 }];

/**
 * Aedes that can drop an authorized-looking publish without closing the connection.
 *
 * Why: aedes' `authorizePublish` can only refuse by passing an error, and aedes then closes
 * the client's connection. MQTT 3.1.1 §3.3.5 allows a server to acknowledge a PUBLISH it
 * will not forward instead [MQTT-3.3.5-2], which is kinder to a sketch that published to
 * the wrong topic once. So the hook calls back without error after `drop(packet)`, aedes
 * sends the PUBACK/PUBREC it owes, and `publish` here forwards nothing.
 */
export class PolicedAedes extends Aedes {
  readonly #dropped = new WeakSet<object>();

  constructor(options?: AedesOptions) {
    super(options);
  }

  /** Marks a packet so the coming publish of it is acknowledged but not forwarded. */
  drop(packet: object): void {
    this.#dropped.add(packet);
  }

  override publish(packet: PublishPacket, clientOrDone?: Client | null | Done, done?: Done): void {
    const client = typeof clientOrDone === 'function' ? null : (clientOrDone ?? null);
    const callback = typeof clientOrDone === 'function' ? clientOrDone : done;
    if (this.#dropped.has(packet)) {
      this.#dropped.delete(packet);
      if (callback) setImmediate(callback);
      return;
    }
    (super.publish as unknown as PublishWithClient).call(this, packet, client, callback);
  }
}
