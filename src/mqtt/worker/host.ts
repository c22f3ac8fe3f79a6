import { DirectTransport } from '../direct-transport.js';
import type { Transport, TransportCommand, TransportEvent, WireMessage } from '../transport.js';
import { packMessages } from './packed-messages.js';

/** The two ends of a message channel: a Worker's `self`, a MessagePort, or a test double. */
export interface Port {
  postMessage(message: unknown, transfer?: Transferable[]): void;
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
 * out, batching received messages (packed: see packed-messages.ts).
 */
export function serveTransport(port: Port, transport: Transport = new DirectTransport()): void {
  let batch: WireMessage[] = [];
  let scheduled = false;
  let lastFlush = 0;

  const flush = () => {
    scheduled = false;
    lastFlush = Date.now();
    if (batch.length === 0) return;
    const { packed, transfer } = packMessages(batch);
    batch = [];
    port.postMessage(packed, transfer);
  };

  transport.onEvent = (event) => {
    if (event.type !== 'messages') {
      // Keep order: messages received before a status change reach the page first.
      if (batch.length > 0) flush();
      port.postMessage(event);
      return;
    }
    // Views into MQTT.js's receive buffers, copied once when the batch is packed.
    for (const message of event.messages) batch.push(message);
    if (scheduled) return;
    scheduled = true;
    const wait = lastFlush + FLUSH_INTERVAL_MS - Date.now();
    // After a quiet spell, right after this task (the rest of the socket's chunk still
    // joins the batch): a timer hop would only add latency to a lone key press.
    if (wait <= 0) queueMicrotask(flush);
    else setTimeout(flush, wait);
  };

  port.addEventListener('message', (event: MessageEvent) => {
    transport.send(event.data as TransportCommand);
  });
  port.start?.();
}
