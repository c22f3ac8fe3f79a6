/**
 * The slice of `lru-cache` MQTT.js uses, for MQTT 5 topic aliases, in a fraction of the
 * package's bytes (the kit speaks 3.1.1, so this is there for correctness, not speed). A Map
 * keeps insertion order, so re-inserting on every read keeps the least recently used first.
 */
export class LRUCache<K, V> {
  readonly max: number;
  #entries = new Map<K, V>();

  constructor(options: { max: number }) {
    this.max = options.max;
  }

  get size(): number {
    return this.#entries.size;
  }

  get(key: K): V | undefined {
    if (!this.#entries.has(key)) return undefined;
    const value = this.#entries.get(key)!;
    this.#entries.delete(key);
    this.#entries.set(key, value);
    return value;
  }

  set(key: K, value: V): this {
    this.#entries.delete(key);
    this.#entries.set(key, value);
    if (this.#entries.size > this.max) this.#entries.delete(this.#entries.keys().next().value!);
    return this;
  }

  has(key: K): boolean {
    return this.#entries.has(key);
  }

  delete(key: K): boolean {
    return this.#entries.delete(key);
  }

  clear(): void {
    this.#entries.clear();
  }

  /** Most recently used first, as lru-cache orders them. */
  *keys(): IterableIterator<K> {
    yield* [...this.#entries.keys()].reverse();
  }
}
