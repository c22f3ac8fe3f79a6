import type { MqttMessage, Payload } from './payload.js';
import type { Transport } from './transport.js';

/** Where the connection stands. `error` is final until `reconnect()`: nothing retries it. */
export type ClientStatus = 'connecting' | 'connected' | 'reconnecting' | 'offline' | 'error';
export type QoS = 0 | 1 | 2;

export interface PublishOptions {
  /** 0: at most once (default), 1: at least once, 2: exactly once. */
  qos?: QoS;
  /** Keep as the topic's last known value for future subscribers. */
  retain?: boolean;
}

export interface SubscribeOptions {
  qos?: QoS;
  /**
   * Only the newest message of each matching topic waits for `drain()`: one that arrives
   * while an older one of the same topic is still waiting replaces it (in its place in the
   * queue) and is counted in `client.stats.coalesced`. For topics where only the current
   * value matters — a slider, a position, a sensor read many times a second — so a sketch
   * gets one message per topic per frame however fast they come. No effect with
   * `deliver: 'immediate'`, where nothing waits.
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

/** Messages are queued for `drain()` (the p5 addon calls it once per frame) or handed over at once. */
export type DeliveryMode = 'drain' | 'immediate';

export interface ClientOptions {
  /** Default 'drain' in a browser (delivered once per frame), 'immediate' in Node. */
  deliver?: DeliveryMode;
  /** Start with a clean session (default true). `false` + a fixed id keeps QoS 1 messages while away. */
  clean?: boolean;
  /** Seconds between keepalive pings (default 30). */
  keepalive?: number;
  will?: Will;
  /** Backoff between reconnect attempts: from `min` doubling up to `max`, jittered (ms). */
  reconnect?: { min?: number; max?: number } | false;
  /** Give up a connection attempt after this many ms (default 10 000). */
  connectTimeout?: number;
  /**
   * 'worker' (browser default) runs MQTT in a Web Worker; 'direct' runs it on this thread;
   * a Transport object is used as given (tests, custom bridges).
   */
  transport?: 'worker' | 'direct' | Transport;
  /** WebSocket port of the embedded broker, used when `mqtt://localhost` must become WebSocket. */
  localWebSocketPort?: number;
}

/** The typed events a client emits; `on('message', m => …)` knows `m` is an MqttMessage. */
export interface ClientEvents {
  [event: string]: unknown;
  /** After the first connection and after every reconnect. */
  connected: { sessionPresent: boolean };
  /** The connection dropped; the client is reconnecting unless it was told to stop. */
  lost: { reason: string };
  message: MqttMessage;
  /** The broker acknowledged a QoS 1/2 message, or a QoS 0 message was written. */
  published: { topic: string; qos: QoS };
  /** Something went wrong, in words a user can act on. */
  error: Error;
  status: { status: ClientStatus; text: string };
}

export type MessageHandler = (message: MqttMessage) => void;
