import { DirectTransport } from '../direct-transport.js';
import type { Transport, TransportCommand, TransportEvent, WireMessage } from '../transport.js';

/** The two ends of a message channel: a Worker's `self`, a MessagePort, or a test double. */
export interface Port {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  start?(): void;
}

/**
 * Messages posted to the page at most this often (ms). One post per burst instead of one
 * per message keeps the page's main thread free under a flood; 4 ms is a quarter frame,
 * so a lone message still reaches the next frame.
 */
const FLUSH_INTERVAL_MS = 4;

/**
 * The worker side: runs MQTT.js (a DirectTransport) and relays commands in and events
 * out, batching received messages.
 */
export function serveTransport(port: Port, transport: Transport = new DirectTransport()): void {
  let batch: WireMessage[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  let lastFlush = 0;

  const flush = () => {
    timer = undefined;
    lastFlush = Date.now();
    if (batch.length === 0) return;
    const messages = batch;
    batch = [];
    port.postMessage({ type: 'messages', messages } satisfies TransportEvent);
  };

  transport.onEvent = (event) => {
    if (event.type !== 'messages') {
      // Keep order: messages received before a status change reach the page first.
      if (batch.length > 0) flush();
      port.postMessage(event);
      return;
    }
    for (const message of event.messages) {
      // A copy, because MQTT.js hands out views into its receive buffer and posting a
      // view clones the whole underlying buffer, once per message.
      batch.push({ ...message, payload: message.payload.slice() });
    }
    timer ??= setTimeout(flush, Math.max(0, lastFlush + FLUSH_INTERVAL_MS - Date.now()));
  };

  port.addEventListener('message', (event: MessageEvent) => {
    transport.send(event.data as TransportCommand);
  });
  port.start?.();
}
