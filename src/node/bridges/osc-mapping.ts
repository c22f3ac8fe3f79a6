// How OSC messages and MQTT messages turn into each other (the table in README's Bridges
// section). Pure functions: the UDP side lives in osc.ts.
import { createMessage } from '../../mqtt/payload.js';
import { topicProblem } from '../../mqtt/topics.js';

/** An argument as node-osc's `decode` hands it over (int and float both arrive as numbers). */
export type OscValue = number | string | boolean | null | Uint8Array;

/** An argument for node-osc's `encode`, with its OSC type said explicitly. */
export type OscArgument =
  | { type: 'f'; value: number }
  | { type: 's'; value: string }
  | { type: 'b'; value: Buffer }
  | { type: 'T' | 'F' | 'N'; value: boolean | null };

/**
 * `/a/b` → `a/b`; an address MQTT cannot use as a topic gives the reason instead.
 *
 * @example
 * topicOfAddress('/sensors/fader1') // { topic: 'sensors/fader1' }
 */
export function topicOfAddress(address: string): { topic: string } | { error: string } {
  if (!address.startsWith('/')) return { error: `the address '${address}' does not start with '/'` };
  const topic = address.slice(1);
  if (topic === '') return { error: "the address '/' names no topic" };
  const problem = topicProblem(topic);
  return problem ? { error: `the address '${address}' is no MQTT topic: ${problem.replace(/ Example: .*$/, '')}` } : { topic };
}

/**
 * An OSC message's arguments as one MQTT payload: one number as its text (`0.5`, not
 * float32's `0.5000000xx`), one string as itself, one blob as its bytes, none as empty,
 * several as a JSON array (a blob in it as base64 text).
 *
 * @example
 * payloadOfArguments([0.5])         // '0.5'
 * payloadOfArguments([1, 'a', true]) // '[1,"a",true]'
 */
export function payloadOfArguments(values: readonly OscValue[]): string | Uint8Array {
  if (values.length === 0) return '';
  if (values.length === 1) {
    const [value] = values;
    if (value instanceof Uint8Array) return value;
    return value === null || value === undefined ? '' : typeof value === 'number' ? numberText(value) : String(value);
  }
  const items = values.map((value) =>
    value instanceof Uint8Array ? Buffer.from(value).toString('base64') : typeof value === 'number' ? Number(numberText(value)) : value,
  );
  return JSON.stringify(items);
}

/** `a/b` → `/a/b`. */
export function addressOfTopic(topic: string): string {
  return `/${topic}`;
}

/**
 * An MQTT payload as OSC arguments: numeric text as one float, a JSON array of numbers,
 * strings and booleans as several arguments, bytes that are not UTF-8 text as a blob, any
 * other text as one string, an empty payload as none.
 *
 * @example
 * argumentsOfPayload(new TextEncoder().encode('42'))       // [{ type: 'f', value: 42 }]
 * argumentsOfPayload(new TextEncoder().encode('[1,"on"]')) // [{ type: 'f', value: 1 }, { type: 's', value: 'on' }]
 */
export function argumentsOfPayload(bytes: Uint8Array): OscArgument[] {
  if (bytes.length === 0) return [];
  const message = createMessage('', bytes);
  if (message.number !== undefined) return [{ type: 'f', value: message.number }];
  const text = message.text;
  // Invalid UTF-8 decodes to U+FFFD, and OSC strings end at the first NUL: either way the
  // text would not be the payload, so the bytes go as they are.
  if (text.includes('\0') || (text.includes('\uFFFD') && !sameBytes(new TextEncoder().encode(text), bytes))) {
    return [{ type: 'b', value: Buffer.from(bytes) }];
  }
  const json = text.startsWith('[') ? message.json : undefined;
  if (Array.isArray(json) && json.length > 0 && json.every((item) => ['number', 'string', 'boolean'].includes(typeof item) || item === null)) {
    return json.map((item: number | string | boolean | null): OscArgument => {
      if (typeof item === 'number') return { type: 'f', value: item };
      if (typeof item === 'string') return item.includes('\0') ? { type: 'b', value: Buffer.from(item) } : { type: 's', value: item };
      if (item === null) return { type: 'N', value: null };
      return { type: item ? 'T' : 'F', value: item };
    });
  }
  return [{ type: 's', value: text }];
}

/**
 * The shortest decimal that reads back as the same float32: OSC floats are 32-bit, so 0.1
 * sent by Max arrives as 0.100000001490116…, and people expect `0.1`.
 */
export function numberText(value: number): string {
  // Whole numbers up to 2^24 are exact in float32; past it, 3.4e38 should not print 39 digits.
  if (!Number.isFinite(value) || Math.fround(value) !== value || (Number.isInteger(value) && Math.abs(value) <= 2 ** 24)) return String(value);
  for (let digits = 1; digits <= 9; digits++) {
    const shorter = Number(value.toPrecision(digits));
    if (Math.fround(shorter) === value) return String(shorter);
  }
  return String(value);
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}
