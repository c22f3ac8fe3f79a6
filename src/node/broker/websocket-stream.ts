import type { Duplex } from 'node:stream';
import { createWebSocketStream, type WebSocket } from 'ws';
import type { InternalMember } from './internals.js';

type Callback = (error?: Error | null) => void;

/**
 * Bytes gathered before they go out as a frame at once rather than at the end of the turn:
 * bounds both the frame a client must take in and what waits here per connection. A
 * single write larger than this (one big packet) still goes out whole, in its own frame.
 */
export const MAX_COALESCED_BYTES = 64 * 1024;

/**
 * The methods of ws' stream that `createMqttWebSocketStream` wraps: Node's Writable hooks,
 * which ws sets on the stream itself, with the parameters the wrappers pass on.
 */
export const WEBSOCKET_STREAM_INTERNALS: readonly InternalMember[] = [
  { on: "ws' WebSocket stream", name: '_write', shape: 3 },
  { on: "ws' WebSocket stream", name: '_final', shape: 1 },
  { on: "ws' WebSocket stream", name: '_destroy', shape: 2 },
];

/**
 * The broker's side of an MQTT-over-WebSocket connection: a Duplex over `socket` (ws'
 * createWebSocketStream, for its reading, closing and error handling) whose writes are
 * gathered and sent as one binary frame per event-loop turn.
 *
 * Why: aedes writes every PUBLISH for a subscriber in its own setImmediate, so under load
 * a subscriber gets many packets per turn, and sending each as its own frame costs one
 * `writev` system call apiece, which made sending, and the system calls above all, the
 * bulk of the broker's work in a fan-out. One frame per turn per connection makes that
 * one call, and brings the broker's CPU per WebSocket message to mosquitto's (the bench's
 * broker scenario compares them). MQTT allows
 * it: a frame may hold several packets and receivers must not assume packets align with
 * frames [MQTT-6.0.0-2]; MQTT.js (Node and browsers) reads them as a byte stream. A quiet
 * connection still gets one frame per message, one turn later.
 *
 * Packets are never split: mqtt-packet corks the stream for each packet, so every write
 * handed to us ends on a packet boundary, and we only ever cut between writes. (Writable
 * turns strings into Buffers before they reach us: `decodeStrings` is on.)
 *
 * Backpressure is kept: a write is acknowledged at once only while the socket has taken
 * everything sent so far; otherwise its acknowledgement waits until its frame is written,
 * so the stream's own buffer fills, `write()` returns false and aedes waits for 'drain'
 * (closing the client after its drain timeout), as it does over TCP.
 */
export function createMqttWebSocketStream(socket: WebSocket): Duplex {
  const stream = createWebSocketStream(socket);
  // ws' own write sends one frame and calls back once the socket has written it.
  const sendFrame = stream._write.bind(stream);
  const final = stream._final.bind(stream);
  const destroy = stream._destroy.bind(stream);

  let pending: Buffer[] = [];
  let pendingBytes = 0;
  // The acknowledgement held back for backpressure; Writable sends nothing more until it runs.
  let held: Callback | undefined;
  let scheduled: NodeJS.Immediate | undefined;

  const flush = () => {
    if (scheduled) clearImmediate(scheduled);
    scheduled = undefined;
    if (pending.length === 0) return;
    const frame = pending.length === 1 ? pending[0]! : Buffer.concat(pending, pendingBytes);
    pending = [];
    pendingBytes = 0;
    const acknowledge = held;
    held = undefined;
    sendFrame(frame, 'binary', (error) => {
      if (acknowledge) acknowledge(error);
      // No write is waiting to hear about it, so the stream must: aedes then closes the client.
      else if (error && !stream.destroyed) stream.destroy(error);
    });
  };

  const take = (chunks: Buffer[], callback: Callback) => {
    let bytes = 0;
    for (const chunk of chunks) bytes += chunk.length;
    // What is gathered goes first if this would overfill the frame, so a frame exceeds the
    // bound only when one write alone does.
    if (pendingBytes > 0 && pendingBytes + bytes > MAX_COALESCED_BYTES) flush();
    for (const chunk of chunks) pending.push(chunk);
    pendingBytes += bytes;
    if (pendingBytes >= MAX_COALESCED_BYTES) {
      held = callback;
      flush();
      return;
    }
    // setImmediate from aedes' own immediates runs next turn, after all of this turn's writes.
    scheduled ??= setImmediate(flush);
    if (socket.bufferedAmount > 0) held = callback;
    else callback();
  };

  stream._write = (chunk: Buffer, _encoding, callback) => take([chunk], callback);
  stream._writev = (chunks, callback) => take(chunks.map(({ chunk }) => chunk as Buffer), callback);
  // end() and destroy() must not overtake what is gathered: aedes writes a refusing CONNACK
  // and then destroys the connection, and the client should still read why.
  stream._final = (callback) => {
    flush();
    final(callback);
  };
  stream._destroy = (error, callback) => {
    if (socket.readyState === socket.OPEN) flush();
    else if (scheduled) clearImmediate(scheduled);
    pending = [];
    pendingBytes = 0;
    destroy(error, callback);
  };
  return stream;
}
