import type { WireMessage } from './transport.js';

/**
 * Received messages waiting for `drain()`. Bounded: beyond `limit` the oldest go, so a tab
 * nobody drains cannot eat the memory. A latest-only message (see `SubscribeOptions`)
 * replaces the one of its topic still waiting, in that one's place.
 */
export class MessageQueue {
  #items: WireMessage[] = [];
  /** How many messages ever left the front, so a position stays valid across takes. */
  #base = 0;
  /** Latest-only topics with a message waiting, and where (`#base` + index). */
  #waiting = new Map<string, number>();

  constructor(private readonly limit: number) {}

  get length(): number {
    return this.#items.length;
  }

  /** Adds messages; returns how many replaced a waiting one and how many old ones were dropped. */
  push(messages: readonly WireMessage[], latestOnly: (topic: string) => boolean): { coalesced: number; dropped: number } {
    let coalesced = 0;
    for (const message of messages) {
      if (latestOnly(message.topic)) {
        const at = this.#waiting.get(message.topic);
        if (at !== undefined) {
          this.#items[at - this.#base] = message;
          coalesced++;
          continue;
        }
        this.#waiting.set(message.topic, this.#base + this.#items.length);
      }
      this.#items.push(message);
    }
    const dropped = Math.max(0, this.#items.length - this.limit);
    if (dropped > 0) this.take(dropped);
    return { coalesced, dropped };
  }

  /** Removes and returns the oldest `count` messages (all of them by default), in one go. */
  take(count = this.#items.length): WireMessage[] {
    // drain(0), drain(-1) and drain(NaN) take nothing, as the loop they replace did.
    if (!(count > 0)) return [];
    const all = count >= this.#items.length;
    const taken = all ? this.#items : this.#items.slice(0, count);
    this.#items = all ? [] : this.#items.slice(count);
    this.#base += taken.length;
    for (const [topic, at] of this.#waiting) if (at < this.#base) this.#waiting.delete(topic);
    return taken;
  }
}
