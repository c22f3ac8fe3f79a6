import { matchTopic } from './topics.js';
import type { MqttMessage } from './payload.js';
import type { MessageHandler, QoS } from './types.js';

/**
 * The filters a client is subscribed to and the handlers listening on each. Handlers
 * live on the page side (functions cannot cross into a Web Worker), so matching a
 * message to its handlers happens here, with `matchTopic`.
 */
export class Subscriptions {
  // Handler lists are replaced, never changed in place, so dispatch can walk them without a
  // copy per message (a handler that subscribes while handling must not get this message).
  #filters = new Map<string, { qos: QoS; handlers: readonly MessageHandler[]; latestOnly: boolean }>();
  #entries: [string, { handlers: readonly MessageHandler[] }][] = [];
  /** Per topic: does a latest-only filter match it? Cleared whenever the filters change. */
  #latestOnly = new Map<string, boolean>();

  add(filter: string, qos: QoS, handler?: MessageHandler, latestOnly = false): void {
    const entry = this.#filters.get(filter) ?? { qos, handlers: [], latestOnly };
    entry.qos = Math.max(entry.qos, qos) as QoS;
    // The latest subscribe call says how its filter's messages wait.
    entry.latestOnly = latestOnly;
    if (handler && !entry.handlers.includes(handler)) entry.handlers = [...entry.handlers, handler];
    this.#filters.set(filter, entry);
    this.#changed();
  }

  remove(filter: string): boolean {
    const removed = this.#filters.delete(filter);
    this.#changed();
    return removed;
  }

  /** Whether messages on `topic` keep only their newest waiting for drain() (`latestOnly`). */
  latestOnly(topic: string): boolean {
    let answer = this.#latestOnly.get(topic);
    if (answer === undefined) {
      answer = false;
      for (const [filter, entry] of this.#filters) if (entry.latestOnly && matchTopic(filter, topic)) answer = true;
      // Bounded: a flood of distinct topics must not grow this forever.
      if (this.#latestOnly.size >= 10_000) this.#latestOnly.clear();
      this.#latestOnly.set(topic, answer);
    }
    return answer;
  }

  #changed(): void {
    this.#entries = [...this.#filters];
    this.#latestOnly.clear();
  }

  filters(): string[] {
    return [...this.#filters.keys()];
  }

  /** Calls every handler whose filter matches; returns how many ran. */
  dispatch(message: MqttMessage, onError: (error: unknown) => void): number {
    let ran = 0;
    for (const [filter, entry] of this.#entries) {
      if (entry.handlers.length === 0 || !matchTopic(filter, message.topic)) continue;
      for (const handler of entry.handlers) {
        ran++;
        try {
          handler(message);
        } catch (error) {
          onError(error);
        }
      }
    }
    return ran;
  }
}
