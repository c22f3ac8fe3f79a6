import type { Transport, TransportCommand, TransportEvent } from './transport.js';

/**
 * A transport whose code is loaded on first use. Browser pages normally use the worker
 * transport, so MQTT.js is kept out of the page's own bundle (it lives in the worker's);
 * this is how the page still reaches it for `transport: 'direct'`, and how Node loads it.
 * Commands sent before it has loaded are kept, in order.
 */
export class LazyTransport implements Transport {
  onEvent: (event: TransportEvent) => void = () => {};
  #inner: Transport | undefined;
  #waiting: TransportCommand[] = [];

  constructor(load: () => Promise<Transport>) {
    load().then(
      (inner) => {
        inner.onEvent = (event) => this.onEvent(event);
        this.#inner = inner;
        for (const command of this.#waiting.splice(0)) inner.send(command);
      },
      (error: Error) => {
        this.onEvent({ type: 'status', status: 'error', text: `Could not load MQTT.js: ${error.message}` });
      },
    );
  }

  send(command: TransportCommand): void {
    if (this.#inner) this.#inner.send(command);
    else this.#waiting.push(command);
  }
}
