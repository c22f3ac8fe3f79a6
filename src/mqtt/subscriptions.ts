import { matchTopic } from './topics.js';
import type { MqttMessage } from './payload.js';
import type { MessageHandler, QoS } from './types.js';

/**
 * Who a message goes to: a per-topic handler, or `undefined` for the client's catch-all
 * (`unclaimed` events; `messageReceived()` in a sketch).
 */
export interface Consumer {
  readonly handler: MessageHandler | undefined;
  /** Every subscription of this consumer that matches the topic asked for `latestOnly`. */
  readonly latestOnly: boolean;
}

/** Where messages on one topic go, worked out once per topic. */
export interface Route {
  readonly consumers: readonly Consumer[];
  /** Every consumer is latest-only: a waiting message of this topic may simply be replaced. */
  readonly coalescible: boolean;
  /** Some consumer is latest-only: drain() must know whether a newer message is waiting. */
  readonly someLatestOnly: boolean;
}

interface Registration {
  readonly handler: MessageHandler | undefined;
  latestOnly: boolean;
}

// A message that matches no filter (one in flight across an unsubscribe, or queued for a
// persistent session before this page existed) still reaches the catch-all: never lost.
const UNMATCHED: Route = { consumers: [{ handler: undefined, latestOnly: false }], coalescible: false, someLatestOnly: false };
/** Bounded: a flood of distinct topics must not grow the route cache forever. */
const MAX_ROUTES = 10_000;

/**
 * The filters a client is subscribed to and who listens on each. Handlers live on the page
 * side (functions cannot cross into a Web Worker), so matching happens here.
 *
 * Each `subscribe(filter, handler?, options)` call is its own registration: `latestOnly`
 * belongs to the handler (or the catch-all) that asked for it, so a `#` logger beside a
 * latest-only slider handler still sees every message. Subscribing the same filter and
 * handler again replaces that registration's options.
 */
export class Subscriptions {
  #filters = new Map<string, { qos: QoS; registrations: Registration[] }>();
  #routes = new Map<string, Route>();

  add(filter: string, qos: QoS, handler?: MessageHandler, latestOnly = false): void {
    const entry = this.#filters.get(filter) ?? { qos, registrations: [] };
    entry.qos = Math.max(entry.qos, qos) as QoS;
    const existing = entry.registrations.find((registration) => registration.handler === handler);
    // Replaced, never changed in place, so a route being walked keeps its own view.
    entry.registrations = existing
      ? entry.registrations.map((r) => (r === existing ? { handler, latestOnly } : r))
      : [...entry.registrations, { handler, latestOnly }];
    this.#filters.set(filter, entry);
    this.#routes.clear();
  }

  remove(filter: string): boolean {
    const removed = this.#filters.delete(filter);
    this.#routes.clear();
    return removed;
  }

  filters(): string[] {
    return [...this.#filters.keys()];
  }

  /** Who gets messages on `topic`; each handler once, however many of its filters match. */
  route(topic: string): Route {
    let route = this.#routes.get(topic);
    if (route) return route;
    const latestOnlyOf = new Map<MessageHandler | undefined, boolean>();
    for (const [filter, { registrations }] of this.#filters) {
      if (!matchTopic(filter, topic)) continue;
      for (const { handler, latestOnly } of registrations) {
        latestOnlyOf.set(handler, (latestOnlyOf.get(handler) ?? true) && latestOnly);
      }
    }
    if (latestOnlyOf.size === 0) {
      route = UNMATCHED;
    } else {
      const consumers = [...latestOnlyOf].map(([handler, latestOnly]) => ({ handler, latestOnly }));
      route = {
        consumers,
        coalescible: consumers.every((c) => c.latestOnly),
        someLatestOnly: consumers.some((c) => c.latestOnly),
      };
    }
    if (this.#routes.size >= MAX_ROUTES) this.#routes.clear();
    this.#routes.set(topic, route);
    return route;
  }

  /**
   * Calls the handlers `message` is for. `newerWaiting`: a newer message of the same topic is
   * about to be delivered, so latest-only consumers skip this one. Returns how many handlers
   * ran and whether the catch-all wants it too.
   */
  dispatch(message: MqttMessage, onError: (error: unknown) => void, newerWaiting = false): { handled: number; unclaimed: boolean } {
    let handled = 0;
    let unclaimed = false;
    for (const { handler, latestOnly } of this.route(message.topic).consumers) {
      if (latestOnly && newerWaiting) continue;
      if (!handler) {
        unclaimed = true;
        continue;
      }
      handled++;
      try {
        handler(message);
      } catch (error) {
        onError(error);
      }
    }
    return { handled, unclaimed };
  }
}
