
import type { BrokerServer } from './broker-list.js';
import type { StatusReason } from '../texts/status-texts.js';

/** Where the connection stands. `error` is final until `reconnect()`: nothing retries it. */
export type ClientStatus = 'connecting' | 'connected' | 'reconnecting' | 'offline' | 'error';
export type QoS = 0 | 1 | 2;

/**
 * The boundary between the client users hold and whatever owns the socket: MQTT.js on
 * this thread (Node, tests) or in a Web Worker (browsers). Everything crossing it is
 * plain data, so the worker transport can post it through `postMessage` unchanged.
 */
export interface TransportConfig {
  url: string;
  /**
   * Set when given several brokers (nodes of one cluster): they are tried in turn, from the
   * first, and a lost connection moves on to the next. `url` is the first one's.
   */
  servers?: BrokerServer[];
  username?: string;
  password?: string;
  clientId: string;
  /** The id was chosen by the user (not drawn at random), so another client may share it. */
  idChosen: boolean;
  clean: boolean;
  keepalive: number;
  connectTimeout: number;
  /** Reconnect backoff in ms, or undefined for no automatic reconnect; `forever`: see `ClientOptions.reconnect`. */
  reconnect?: { min: number; max: number; forever?: boolean };
  will?: WireWill;
  /** Target as shown to people (password masked), for status texts. */
  display: string;
  /** What to suggest when the broker cannot be reached (see `ClientOptions.unreachableHint`). */
  unreachableHint?: string;
  /** The broker is on the internet, not this computer or its network (see `explainUnreachable`). */
  remote?: boolean;
  /** What to check when the login is refused (see `ClientOptions.loginHint`). */
  loginHint?: string;
}

export interface WireWill {
  topic: string;
  payload: Uint8Array;
  qos: QoS;
  retain: boolean;
}

export interface WireMessage {
  topic: string;
  payload: Uint8Array;
  qos: QoS;
  retained: boolean;
}

/** Commands carry an id so their acknowledgement can find its way back. */
export type TransportCommand =
  | { type: 'start'; config: TransportConfig }
  | { type: 'publish'; id: number; topic: string; payload: Uint8Array; qos: QoS; retain: boolean }
  | { type: 'subscribe'; id: number; filter: string; qos: QoS }
  | { type: 'unsubscribe'; id: number; filter: string }
  | { type: 'will'; will: WireWill | undefined }
  | { type: 'reconnect' }
  | { type: 'stop'; id: number };

/**
 * A `done` error: a QoS 1/2 publish refused while offline because `MAX_HELD_PUBLISHES`
 * already wait. ('offline', its QoS 0 sibling, is the other error the client words itself.)
 */
export const HELD_FULL = 'offline, too many held';

export type TransportEvent =
  /** `text` in English; `reason` the same as data, for a page to word in its own language. */
  | { type: 'status'; status: ClientStatus; text: string; reason?: StatusReason }
  | { type: 'connected'; sessionPresent: boolean }
  | { type: 'lost'; reason: string }
  | { type: 'messages'; messages: WireMessage[] }
  /** Acknowledges the command with the same id; `error` when it failed, `granted` for subscribe. */
  | { type: 'done'; id: number; error?: string; granted?: number }
  | { type: 'error'; message: string }
  /** The transport itself broke (a worker that failed to load or crashed): nothing more comes from it. */
  | { type: 'failed'; reason: string };

export interface Transport {
  send(command: TransportCommand): void;
  /** Set once by the client, before the first command. */
  onEvent: (event: TransportEvent) => void;
}
