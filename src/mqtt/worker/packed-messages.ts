import type { WireMessage } from '../transport.js';

/**
 * A batch of received messages as it crosses from the worker to the page: every payload in
 * one buffer, topics once each, and small typed arrays for the rest. Posting an array of
 * message objects makes the page's main thread deserialise one object, one string and one
 * ArrayBuffer per message, enough under a flood to keep that thread busy; this is four
 * transferred buffers and a short string list per batch, however many messages it holds.
 */
export interface PackedMessages {
  type: 'packed';
  /** Each distinct topic of the batch, once. */
  topics: string[];
  /** Per message: its topic's index in `topics`. */
  topicOf: Uint32Array;
  /** Per message: QoS in bits 0–1, retained in bit 2. */
  flags: Uint8Array;
  /** Per message: where its payload ends in `bytes` (it starts where the previous one ended). */
  ends: Uint32Array;
  bytes: Uint8Array;
}

const RETAINED = 4;

/**
 * Packs messages for `postMessage`; pass `transfer` as its transfer list, so the buffers move
 * instead of being copied. Payloads are copied once, into the shared buffer — which also lets
 * MQTT.js's receive buffers go, where posting its views would clone each whole buffer.
 */
export function packMessages(messages: readonly WireMessage[]): { packed: PackedMessages; transfer: ArrayBuffer[] } {
  const count = messages.length;
  const topics: string[] = [];
  const indexOf = new Map<string, number>();
  const topicOf = new Uint32Array(count);
  const flags = new Uint8Array(count);
  const ends = new Uint32Array(count);
  let size = 0;
  for (const message of messages) size += message.payload.byteLength;
  const bytes = new Uint8Array(size);
  let end = 0;
  messages.forEach((message, i) => {
    let index = indexOf.get(message.topic);
    if (index === undefined) {
      index = topics.push(message.topic) - 1;
      indexOf.set(message.topic, index);
    }
    topicOf[i] = index;
    flags[i] = message.qos | (message.retained ? RETAINED : 0);
    bytes.set(message.payload, end);
    end += message.payload.byteLength;
    ends[i] = end;
  });
  return {
    packed: { type: 'packed', topics, topicOf, flags, ends, bytes },
    transfer: [topicOf.buffer, flags.buffer, ends.buffer, bytes.buffer],
  };
}

/** The messages of a packed batch; payloads are views into its one buffer (no copies). */
export function unpackMessages(packed: PackedMessages): WireMessage[] {
  const { topics, topicOf, flags, ends, bytes } = packed;
  const messages: WireMessage[] = new Array(ends.length);
  let start = 0;
  for (let i = 0; i < ends.length; i++) {
    const end = ends[i]!;
    messages[i] = {
      topic: topics[topicOf[i]!]!,
      payload: bytes.subarray(start, end),
      qos: (flags[i]! & 3) as WireMessage['qos'],
      retained: (flags[i]! & RETAINED) !== 0,
    };
    start = end;
  }
  return messages;
}
