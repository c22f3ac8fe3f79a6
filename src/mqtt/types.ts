import type { MqttMessage, Payload } from './payload.js';
import type { ClientStatus, QoS, Transport } from './transport.js';
import type { PageBroker } from './url.js';
import type { StatusReason } from '../texts/status-texts.js';

// The wire's primitives live with the transport (what crosses into the worker), so these
// two files never import each other.
export type { ClientStatus, QoS } from './transport.js';

export interface PublishOptions {
  /** 0: at most once (default), 1: at least once, 2: exactly once. */
  qos?: QoS;
  /** Keep as the topic's last known value for future subscribers. */
  retain?: boolean;
}

export interface SubscribeOptions {
  qos?: QoS;
  /**
   * This subscription wants only the newest message of each topic it matches: of the
   * messages waiting for one `drain()`, older ones of the same topic are skipped for it and
   * counted in `client.stats.coalesced`. For values where only the current one matters — a
   * slider, a position, a sensor read many times a second — so a handler runs once per topic
   * per frame however fast they come. It belongs to this subscription (its handler, or
   * `messageReceived()` when it has none): another subscription matching the same topics,
   * such as a `#` logger, still gets every message. No effect with `deliver: 'immediate'`.
   *
   * @example
   * client.subscribe('installation/+/position', (m) => move(m.json), { latestOnly: true });
   */
  latestOnly?: boolean;
}

/** The "last will": published by the broker for us if we vanish without saying goodbye. */
export interface Will {
  topic: string;
  payload?: Payload;
  qos?: QoS;
  retain?: boolean;
}

/** Messages are handed over at once (the default) or queued for `drain()` (what the p5 addon asks for, once per frame). */
export type DeliveryMode = 'drain' | 'immediate';

export interface ClientOptions {
  /**
   * 'immediate' (default): handlers run as messages arrive. 'drain': they wait for
   * `client.drain()`, for a frame loop that calls it once per frame — `connectMqtt()` in a
   * sketch does, so sketch code never runs between frames.
   */
  deliver?: DeliveryMode;
  /** Start with a clean session (default true). `false` + a fixed id keeps QoS 1 messages while away. */
  clean?: boolean;
  /** Seconds between keepalive pings (default 30). */
  keepalive?: number;
  will?: Will;
  /**
   * Backoff between reconnect attempts: from `min` doubling up to `max`, jittered (ms).
   * `forever` keeps trying through every failure but a refused user name or password — a
   * broker that says it is unavailable, rejects the id, or another client taking the id
   * (then at the slowest pace) — for pieces nobody watches; `kiosk` sets it.
   */
  reconnect?: { min?: number; max?: number; forever?: boolean } | false;
  /** Give up a connection attempt after this many ms (default 10 000). */
  connectTimeout?: number;
  /**
   * 'worker' (browser default) runs MQTT in a Web Worker; 'direct' runs it on this thread;
   * a Transport object is used as given (tests, custom bridges).
   */
  transport?: 'worker' | 'direct' | Transport;
  /**
   * The broker that served this page: in a browser, `localhost` in the URL then means it
   * (see `UrlContext.pageBroker`). The p5 addon fills it in on the kit's pages.
   */
  pageBroker?: PageBroker;
  /** Added to "Could not connect to …" when the broker cannot be reached, e.g. "Try: npm start". */
  unreachableHint?: string;
  /**
   * What to check when the broker refuses the user name or password. By default the URL's
   * `user:password@` part; a page with User and Password fields says so instead.
   */
  loginHint?: string;
}

/** The typed events a client emits; `on('message', m => …)` knows `m` is an MqttMessage. */
export interface ClientEvents {
  [event: string]: unknown;
  /** After the first connection and after every reconnect. */
  connected: { sessionPresent: boolean };
  /** The connection dropped; the client is reconnecting unless it was told to stop. */
  lost: { reason: string };
  /** Every message delivered, whoever it is for. */
  message: MqttMessage;
  /**
   * A message for no per-topic handler: from a subscription made without one, or matching
   * no subscription at all. The p5 addon hands these to `messageReceived()`.
   */
  unclaimed: MqttMessage;
  /** The broker acknowledged a QoS 1/2 message, or a QoS 0 message was written. */
  published: { topic: string; qos: QoS };
  /** Something went wrong, in words a user can act on. */
  error: Error;
  /** `text` in English; `reason` the same as data (see `MqttClient.statusReason`). */
  status: { status: ClientStatus; text: string; reason: StatusReason };
}

export type MessageHandler = (message: MqttMessage) => void;

/** Counters a HUD or a test can read (`client.stats`). */
export interface ClientStats {
  received: number;
  delivered: number;
  /** Dropped because nobody drained the queue (at most 10,000 wait), oldest first. */
  dropped: number;
  /** Skipped by a `latestOnly` subscription because a newer message of the same topic was waiting. */
  coalesced: number;
  published: number;
  /** QoS 1/2 publishes refused while offline because `MAX_HELD_PUBLISHES` already waited. */
  unsent: number;
}
