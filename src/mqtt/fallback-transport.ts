import type { Transport, TransportCommand, TransportConfig, TransportEvent } from './transport.js';
import type { QoS } from './types.js';

/**
 * A transport that starts with `primary` (the Web Worker) and, if that one fails — a
 * Content-Security-Policy refusing workers, a worker file that does not load, a crash —
 * carries on with `fallback` (MQTT.js in the page), replaying what the client already asked
 * for: the connection, its will, its subscriptions and every command still unanswered.
 * Said once in the console; the sketch keeps working, one thread busier.
 */
export class FallbackTransport implements Transport {
  onEvent: (event: TransportEvent) => void = () => {};
  #current: Transport;
  #usingFallback = false;
  #config: TransportConfig | undefined;
  /** Granted subscriptions, to renew on the replacement. */
  #subscriptions = new Map<string, QoS>();
  #unanswered = new Map<number, TransportCommand>();
  /** Ids of the subscribes renewed on our own behalf: their answers are ours, not the client's. */
  #renewals = new Set<number>();
  #nextRenewalId = -1;
  #stopped = false;

  constructor(primary: () => Transport, private readonly fallback: () => Transport) {
    try {
      this.#current = primary();
      this.#listen(this.#current);
    } catch (error) {
      this.#current = this.#switch(`the browser refused it: ${(error as Error).message}`);
    }
  }

  /** Whether the connection runs in the fallback (the page) rather than the primary (the worker). */
  get usingFallback(): boolean {
    return this.#usingFallback;
  }

  send(command: TransportCommand): void {
    this.#remember(command);
    this.#current.send(command);
  }

  #listen(transport: Transport): void {
    transport.onEvent = (event) => {
      if (transport !== this.#current) return;
      if (event.type === 'failed' && !this.#usingFallback) {
        this.#current = this.#switch(event.reason);
        return;
      }
      if (event.type === 'done') {
        const command = this.#unanswered.get(event.id);
        this.#unanswered.delete(event.id);
        if (command?.type === 'subscribe' && !event.error) this.#subscriptions.set(command.filter, command.qos);
        if (this.#renewals.delete(event.id)) return;
      }
      this.onEvent(event);
    };
  }

  #switch(reason: string): Transport {
    this.#usingFallback = true;
    console.warn(`[mqtt] The MQTT worker could not run (${reason}), so the connection runs in the page instead.`);
    const next = this.fallback();
    this.#current = next;
    this.#listen(next);
    if (this.#stopped) {
      // The client had already said goodbye: answer it, connect nothing.
      for (const [id, command] of this.#unanswered) if (command.type === 'stop') queueMicrotask(() => this.onEvent({ type: 'done', id }));
      return next;
    }
    if (this.#config) next.send({ type: 'start', config: this.#config });
    for (const [filter, qos] of this.#subscriptions) {
      const id = this.#nextRenewalId--;
      this.#renewals.add(id);
      next.send({ type: 'subscribe', id, filter, qos });
    }
    for (const command of this.#unanswered.values()) next.send(command);
    return next;
  }

  /** What a replacement needs to pick up where the failed transport was. */
  #remember(command: TransportCommand): void {
    switch (command.type) {
      case 'start':
        this.#config = command.config;
        return;
      case 'will':
        if (this.#config) {
          const { will: _previous, ...rest } = this.#config;
          this.#config = command.will ? { ...rest, will: command.will } : rest;
        }
        return;
      case 'subscribe':
      case 'unsubscribe':
        this.#subscriptions.delete(command.filter);
        this.#unanswered.set(command.id, command);
        return;
      case 'stop':
        this.#stopped = true;
        this.#unanswered.set(command.id, command);
        return;
      case 'publish':
        this.#unanswered.set(command.id, command);
        return;
      case 'reconnect':
        return;
    }
  }
}
