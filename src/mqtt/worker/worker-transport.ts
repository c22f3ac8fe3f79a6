import type { Port } from './host.js';
import type { Transport, TransportCommand, TransportEvent } from '../transport.js';
import { unpackMessages, type PackedMessages } from './packed-messages.js';
import { spawnWorker } from './spawn-worker.js';

/** A port we can also close when done: a Worker (terminate) or a MessagePort (close). */
export interface ClosablePort extends Port {
  close(): void;
}

/**
 * The page side of the browser transport: a thin proxy that posts commands to the worker
 * running MQTT.js and receives its events, one batch of messages at a time.
 */
export class WorkerTransport implements Transport {
  onEvent: (event: TransportEvent) => void = () => {};
  #stopId: number | undefined;

  constructor(private readonly port: ClosablePort) {
    port.addEventListener('message', (event: MessageEvent) => this.#receive(event.data as TransportEvent | PackedMessages));
    port.start?.();
  }

  /**
   * Starts the kit's MQTT worker (see `spawn-worker.ts`). A worker that fails to
   * load (a Content-Security-Policy, a missing file) or crashes is terminated and reported
   * as a `failed` event; one the browser refuses outright throws here.
   */
  static spawn(): WorkerTransport {
    const worker = spawnWorker();
    const transport = new WorkerTransport({
      postMessage: (message) => worker.postMessage(message),
      addEventListener: (type, listener) => worker.addEventListener(type, listener),
      close: () => worker.terminate(),
    });
    const fail = (reason: string) => {
      worker.terminate();
      transport.#fail(reason);
    };
    worker.addEventListener('error', (event) => fail(event.message || 'the worker script could not be loaded'));
    worker.addEventListener('messageerror', () => fail('a message from the worker could not be read'));
    return transport;
  }

  #failed = false;
  #fail(reason: string): void {
    if (this.#failed) return;
    this.#failed = true;
    this.onEvent({ type: 'failed', reason });
  }

  send(command: TransportCommand): void {
    if (this.#failed) return;
    if (command.type === 'stop') this.#stopId = command.id;
    this.port.postMessage(command);
  }

  #receive(event: TransportEvent | PackedMessages): void {
    if (event.type === 'packed') return this.onEvent({ type: 'messages', messages: unpackMessages(event) });
    this.onEvent(event);
    // The worker has said goodbye to the broker; nothing more will come from it.
    if (event.type === 'done' && event.id === this.#stopId) this.port.close();
  }
}
