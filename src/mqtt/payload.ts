/** Anything `publish` accepts: text, a number, bytes, or a value sent as JSON. */
export type Payload = string | number | boolean | Uint8Array | ArrayBuffer | object | null | undefined;

/**
 * A received message, as handed to callbacks. Every view is computed lazily and
 * never throws, whatever bytes arrived: `text` replaces invalid UTF-8, `number` and
 * `json` are undefined when the payload is not one.
 *
 * @example
 * client.subscribe('temperatura', (m) => {
 *   if (m.number === undefined) console.warn(`not a number: ${m.text}`);
 *   else temperature = m.number;
 * });
 */
export interface MqttMessage {
  readonly topic: string;
  readonly bytes: Uint8Array;
  readonly qos: 0 | 1 | 2;
  readonly retained: boolean;
  /** The payload as UTF-8 text; invalid bytes become U+FFFD. */
  readonly text: string;
  /** The payload as a finite number, or undefined when it is not numeric text. */
  readonly number: number | undefined;
  /** The payload parsed as JSON, or undefined when it is not valid JSON. */
  readonly json: unknown;
  /** Same as `text`, so `${message}` and `'' + message` read naturally. */
  toString(): string;
}

const decoder = new TextDecoder('utf-8', { fatal: false });
const encoder = new TextEncoder();
// A number the way people type one: "42", "-3.5", " 1e3 ", "0x1F" is not one.
const NUMERIC = /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/;
// JSON.parse on megabytes of text every time someone reads `.json` would be wasteful;
// parse once and remember, including the "not JSON" answer.
const UNPARSED = Symbol('unparsed');

class ReceivedMessage implements MqttMessage {
  #text: string | undefined;
  #json: unknown = UNPARSED;

  constructor(
    readonly topic: string,
    readonly bytes: Uint8Array,
    readonly qos: 0 | 1 | 2,
    readonly retained: boolean,
  ) {}

  get text(): string {
    this.#text ??= decoder.decode(this.bytes);
    return this.#text;
  }

  get number(): number | undefined {
    const text = this.text;
    if (text.length > 64 || !NUMERIC.test(text)) return undefined;
    const value = Number(text);
    return Number.isFinite(value) ? value : undefined;
  }

  get json(): unknown {
    if (this.#json === UNPARSED) this.#json = parseJson(this.text);
    return this.#json;
  }

  toString(): string {
    return this.text;
  }

  /** What `JSON.stringify` and loggers show: the readable views, not a byte dump. */
  toJSON(): { topic: string; text: string; qos: number; retained: boolean } {
    return { topic: this.topic, text: this.text, qos: this.qos, retained: this.retained };
  }
}

/** Builds the message view callbacks receive. Never throws. */
export function createMessage(topic: string, bytes: Uint8Array, qos = 0, retained = false): MqttMessage {
  const level = qos === 1 || qos === 2 ? qos : 0;
  return new ReceivedMessage(String(topic), bytes instanceof Uint8Array ? bytes : new Uint8Array(0), level, Boolean(retained));
}

function parseJson(text: string): unknown {
  try {
    // A reviver that drops "__proto__" keys keeps a hostile payload from ever reaching
    // an Object.assign or spread that would pollute prototypes downstream.
    return JSON.parse(text, (key, value: unknown) => (key === '__proto__' ? undefined : value));
  } catch {
    return undefined;
  }
}

/**
 * Turns what a user passes to `publish` into bytes: text as UTF-8, numbers and booleans
 * as their text, bytes as they are, anything else as JSON.
 * Throws a readable TypeError for what cannot be sent (a function, a cyclic object).
 */
export function encodePayload(payload: Payload): Uint8Array {
  if (payload === undefined || payload === null) return new Uint8Array(0);
  if (typeof payload === 'string') return encoder.encode(payload);
  if (typeof payload === 'number' || typeof payload === 'boolean' || typeof payload === 'bigint') {
    return encoder.encode(String(payload));
  }
  if (payload instanceof Uint8Array) return payload;
  if (payload instanceof ArrayBuffer) return new Uint8Array(payload);
  if (ArrayBuffer.isView(payload)) return new Uint8Array(payload.buffer, payload.byteOffset, payload.byteLength);
  if (typeof payload === 'function' || typeof payload === 'symbol') {
    throw new TypeError(`Cannot publish a ${typeof payload}; send text, a number, bytes or an object (sent as JSON).`);
  }
  let json: string | undefined;
  try {
    json = JSON.stringify(payload);
  } catch (error) {
    throw new TypeError(`Cannot publish this object as JSON: ${(error as Error).message}`);
  }
  return encoder.encode(json ?? '');
}
