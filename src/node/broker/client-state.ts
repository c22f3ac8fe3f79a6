import type { Client } from 'aedes';
import { LogThrottle } from './log-throttle.js';
import type { Profile } from './profiles.js';

/** An aedes client carrying the profile it authenticated as. */
export type ProfiledClient = Client & { profile?: Profile };

/**
 * The profile a connected client authenticated as (undefined before authentication).
 *
 * @example
 * broker.aedes.on('clientReady', (client) => console.log(profileOf(client)?.username));
 */
export function profileOf(client: Client | null | undefined): Profile | undefined {
  return (client as ProfiledClient | null | undefined)?.profile;
}

/**
 * Is `packet` the will of `client`? Only answerable while aedes hands the will to the
 * hooks: aedes clears `client.will` right after. A closed client is no sign of a will:
 * `mosquitto_pub` publishes and hangs up, and aedes reports that message after the close.
 */
export function isWillOf(client: Client, packet: object): boolean {
  return (client as Client & { will?: object | null }).will === packet;
}

/** What the broker remembers about one connection, beyond what aedes keeps. */
export interface ConnectionState {
  /** The id exactly as sent in CONNECT ('' when the client let the broker choose, or before CONNECT). */
  requestedId: string;
  /** The peer address, without the IPv4-mapped `::ffff:` prefix. */
  address: string;
  /** When the connection arrived (ms since the epoch): "connected since" in the class graph. */
  openedAt: number;
  /** Set when this connection took over a live one with the same client id. */
  replacedOlder: boolean;
  /** Set on the older connection when a newer one took its client id. */
  replacedByNewer: boolean;
  /** Why aedes dropped the connection, for the disconnect line. */
  lastError?: string;
  /** The will aedes is publishing for this connection, once it went away without DISCONNECT. */
  will?: object;
  /** Start of the current one-second rate window and messages counted in it. */
  rateWindowStart: number;
  rateCount: number;
  throttle: LogThrottle;
}

/** Per-connection state keyed by the aedes client, gone with it. */
export class ConnectionStates {
  readonly #states = new WeakMap<Client, ConnectionState>();

  /** Creates the state when a connection arrives. */
  open(client: Client, remoteAddress: string | undefined): ConnectionState {
    const address = remoteAddress ?? 'unknown address';
    const state: ConnectionState = {
      requestedId: '',
      address: address.startsWith('::ffff:') ? address.slice(7) : address,
      openedAt: Date.now(),
      replacedOlder: false,
      replacedByNewer: false,
      rateWindowStart: 0,
      rateCount: 0,
      throttle: new LogThrottle(),
    };
    this.#states.set(client, state);
    return state;
  }

  get(client: Client | null | undefined): ConnectionState | undefined {
    return client ? this.#states.get(client) : undefined;
  }
}
