import { Buffer, isUtf8 } from 'node:buffer';
import { topicProblem } from '../../mqtt/topics.js';

/** One message of a recording, as the broker delivered it to the recorder. */
export interface RecordedMessage {
  /** Milliseconds after the recording's first message. */
  ms: number;
  topic: string;
  payload: Uint8Array;
  qos: 0 | 1 | 2;
  /**
   * True when the broker sent it as a stored (retained) value, which MQTT does only when a
   * subscription starts: live traffic always arrives with the flag cleared.
   */
  retain: boolean;
}

/**
 * One line of a recording file (JSON Lines, so a recording killed mid-way is still
 * readable up to its last line, and `grep`, `head` and `tail` work on it):
 *
 *   {"ms":0,"topic":"temperatura","payload":"42","qos":1,"retain":false}
 *   {"ms":750,"topic":"camera/frame","payload":"AAEC/w==","base64":true,"qos":0,"retain":false}
 *
 * The payload is text when it is valid UTF-8, so a person can read and edit it; otherwise
 * base64 with `"base64":true`. Either way the bytes come back exactly.
 */
export function formatRecordingLine(message: RecordedMessage): string {
  const bytes = Buffer.from(message.payload.buffer, message.payload.byteOffset, message.payload.byteLength);
  const text = isUtf8(bytes);
  return JSON.stringify({
    ms: Math.round(message.ms),
    topic: message.topic,
    payload: bytes.toString(text ? 'utf8' : 'base64'),
    ...(text ? {} : { base64: true }),
    qos: message.qos,
    retain: message.retain,
  });
}

/**
 * The message on one line, or why the line is damaged (a sentence, for "show.jsonl:7: …").
 * `qos` and `retain` may be left out of a hand-written line (0 and false).
 */
export function parseRecordingLine(line: string): RecordedMessage | { problem: string } {
  let data: unknown;
  try {
    data = JSON.parse(line);
  } catch {
    return { problem: 'not valid JSON (cut short, or edited by hand?)' };
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return { problem: 'not a JSON object' };
  const { ms, topic, payload, base64, qos = 0, retain = false } = data as Record<string, unknown>;
  if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0) return { problem: `"ms" must be a number of milliseconds ≥ 0, got ${JSON.stringify(ms)}` };
  const badTopic = topicProblem(topic);
  if (badTopic) return { problem: badTopic };
  if (typeof payload !== 'string') return { problem: `"payload" must be a string, got ${JSON.stringify(payload)}` };
  if (base64 !== undefined && typeof base64 !== 'boolean') return { problem: `"base64" must be true or false, got ${JSON.stringify(base64)}` };
  if (base64 && !/^[A-Za-z0-9+/]*={0,2}$/.test(payload)) return { problem: '"payload" is marked base64 but is not' };
  if (qos !== 0 && qos !== 1 && qos !== 2) return { problem: `"qos" must be 0, 1 or 2, got ${JSON.stringify(qos)}` };
  if (typeof retain !== 'boolean') return { problem: `"retain" must be true or false, got ${JSON.stringify(retain)}` };
  const bytes = Buffer.from(payload, base64 ? 'base64' : 'utf8');
  return { ms, topic: topic as string, payload: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), qos, retain };
}
