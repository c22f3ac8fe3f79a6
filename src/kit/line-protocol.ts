// The serial line protocol: what an Arduino sketch prints, one message per line. Shared by
// the Node serial bridge and the /serial/ page (Web Serial), so it imports nothing from
// Node: a board behaves the same whichever of the two reads it.
import { topicProblem } from '../mqtt/topics.js';

/** What one line says: a message to publish, nothing (blank or `#` comment), or why it is unusable. */
export type ParsedLine =
  | { kind: 'message'; topic: string; payload: string }
  | { kind: 'skip' }
  | { kind: 'error'; reason: string; line: string };

/** Longer lines are noise or a missing newline; a board printing sensor values stays far below. */
export const MAX_LINE_BYTES = 1024;

const EXAMPLE = "write 'topic value' or 'topic:value', e.g. 'temperatura:23.5'";
// Everything below space except tab, DEL, the C1 range, and U+FFFD (what invalid UTF-8
// decodes to): a wrong baud rate or a board resetting prints these.
// eslint-disable-next-line no-control-regex
const NOT_TEXT = /[\u0000-\u0008\u000A-\u001F\u007F-\u009F\uFFFD]/;

/**
 * Reads one line: `topic value` or `topic:value` (the first space or colon ends the topic;
 * `topic : value` works too), blank lines and lines starting with `#` are skipped. The value
 * is published as text, trimmed. Never throws.
 *
 * @example
 * parseLine('temperatura:23.5')   // { kind: 'message', topic: 'temperatura', payload: '23.5' }
 * parseLine('pos {"x":1,"y":2}')  // { kind: 'message', topic: 'pos', payload: '{"x":1,"y":2}' }
 * parseLine('# board ready')      // { kind: 'skip' }
 */
export function parseLine(raw: string): ParsedLine {
  const line = raw.trim();
  if (line === '' || line.startsWith('#')) return { kind: 'skip' };
  const fail = (reason: string): ParsedLine => ({ kind: 'error', reason, line: preview(line) });
  if (NOT_TEXT.test(line)) return fail('not text (binary noise: is the baud rate the board’s, e.g. Serial.begin(9600) → --baud 9600?)');
  const at = line.search(/[:\s]/);
  if (at < 0) return fail(`no value after the topic; ${EXAMPLE}`);
  const topic = line.slice(0, at);
  let value = line.slice(at + 1).trimStart();
  if (line[at] !== ':' && value.startsWith(':')) value = value.slice(1).trimStart();
  if (topic === '') return fail(`no topic before '${line[at] === ':' ? ':' : ' '}'; ${EXAMPLE}`);
  if (value === '') return fail(`no value after '${topic}'; ${EXAMPLE}`);
  const problem = topicProblem(topic);
  if (problem) return fail(problem);
  return { kind: 'message', topic, payload: value };
}

/**
 * Turns a byte stream (a serial port's chunks, cut anywhere) into parsed lines. `\n`, `\r\n`
 * and a lone `\r` end a line. Memory stays bounded: a line past `maxLineBytes` is dropped
 * up to its end and reported once as an error.
 *
 * @example
 * const reader = new LineReader();
 * for (const line of reader.push(chunk)) if (line.kind === 'message') client.publish(line.topic, line.payload);
 */
export class LineReader {
  readonly #bytes: Uint8Array;
  #length = 0;
  #overflow = false;
  readonly #decoder = new TextDecoder('utf-8', { fatal: false });

  constructor(private readonly maxLineBytes = MAX_LINE_BYTES) {
    this.#bytes = new Uint8Array(maxLineBytes);
  }

  push(chunk: Uint8Array): ParsedLine[] {
    const out: ParsedLine[] = [];
    for (const byte of chunk) {
      if (byte === 0x0a || byte === 0x0d) {
        const line = this.#end();
        if (line && line.kind !== 'skip') out.push(line);
      } else if (this.#length < this.maxLineBytes) {
        this.#bytes[this.#length++] = byte;
      } else {
        this.#overflow = true;
      }
    }
    return out;
  }

  #end(): ParsedLine | undefined {
    const text = this.#decoder.decode(this.#bytes.subarray(0, this.#length));
    const overflow = this.#overflow;
    this.#length = 0;
    this.#overflow = false;
    if (overflow) return { kind: 'error', reason: `a line longer than ${this.maxLineBytes} bytes (is a println missing?)`, line: preview(text) };
    return text === '' ? undefined : parseLine(text);
  }
}

/** A line as a log may quote it: short, and with control characters made visible. */
function preview(line: string): string {
  // eslint-disable-next-line no-control-regex
  const visible = line.replace(/[\u0000-\u001F\u007F-\u009F]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
  return visible.length > 60 ? `${visible.slice(0, 59)}…` : visible;
}
