import { matchTopic } from './topics.js';
import type { MqttMessage } from './payload.js';
import type { MessageHandler, QoS } from './types.js';

/**
 * The filters a client is subscribed to and the handlers listening on each. Handlers
 * live on the page side (functions cannot cross into a Web Worker), so matching a
 * message to its handlers happens here, with `matchTopic`.
 */
export class Subscriptions {
  #filters = new Map<string, { qos: QoS; handlers: Set<MessageHandler> }>();

  add(filter: string, qos: QoS, handler?: MessageHandler): void {
    let entry = this.#filters.get(filter);
    if (!entry) this.#filters.set(filter, (entry = { qos, handlers: new Set() }));
    entry.qos = Math.max(entry.qos, qos) as QoS;
    if (handler) entry.handlers.add(handler);
  }

  remove(filter: string): boolean {
    return this.#filters.delete(filter);
  }

  filters(): string[] {
    return [...this.#filters.keys()];
  }

  /** Calls every handler whose filter matches; returns how many ran. */
  dispatch(message: MqttMessage, onError: (error: unknown) => void): number {
    let ran = 0;
    // Copies, so a handler that subscribes while handling does not get this same message.
    for (const [filter, entry] of [...this.#filters]) {
      if (entry.handlers.size === 0 || !matchTopic(filter, message.topic)) continue;
      for (const handler of [...entry.handlers]) {
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
