/**
 * Recognises a bridge's own messages coming back to it. MQTT 3.1.1 has no "no local"
 * subscription option, so a bridge subscribed to `#` receives what it just published
 * itself; sent back out, a fader moved in Max would arrive back in Max, and a bridge whose
 * output reaches its input would loop. Each published message may be recognised once,
 * for `ttlMs` (a broker answers in milliseconds).
 *
 * @example
 * const echoes = new EchoFilter();
 * echoes.published('fader', bytes);
 * echoes.isEcho('fader', bytes) // true, once
 */
export class EchoFilter {
  readonly #pending = new Map<string, { count: number; at: number }>();

  constructor(private readonly ttlMs = 10_000, private readonly max = 10_000) {}

  published(topic: string, payload: Uint8Array, now = Date.now()): void {
    if (this.#pending.size >= this.max) this.#prune(now);
    // Still full of fresh entries: a flood; forgetting the oldest only lets an echo through.
    if (this.#pending.size >= this.max) this.#pending.delete(this.#pending.keys().next().value!);
    const key = keyOf(topic, payload);
    const entry = this.#pending.get(key);
    if (entry) {
      entry.count++;
      entry.at = now;
    } else {
      this.#pending.set(key, { count: 1, at: now });
    }
  }

  /** True (once per publish) when this message is one we published within `ttlMs`. */
  isEcho(topic: string, payload: Uint8Array, now = Date.now()): boolean {
    const key = keyOf(topic, payload);
    const entry = this.#pending.get(key);
    if (!entry || now - entry.at > this.ttlMs) return false;
    if (--entry.count === 0) this.#pending.delete(key);
    return true;
  }

  get size(): number {
    return this.#pending.size;
  }

  #prune(now: number): void {
    for (const [key, entry] of this.#pending) if (now - entry.at > this.ttlMs) this.#pending.delete(key);
  }
}

function keyOf(topic: string, payload: Uint8Array): string {
  return `${topic}\0${Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength).toString('latin1')}`;
}
