/**
 * At most one log line per key per interval, counting what it held back. A client that
 * floods denied or oversized messages must not flood the terminal as well.
 *
 * @example
 * const throttle = new LogThrottle();
 * const pass = throttle.take('rate');      // { suppressed: 0 } the first time
 * throttle.take('rate');                   // undefined within the next second
 */
export class LogThrottle {
  readonly #last = new Map<string, { at: number; suppressed: number }>();

  constructor(private readonly intervalMs = 1000) {}

  /** Returns how many lines were held back since the last one, or undefined to stay quiet. */
  take(key: string, now = Date.now()): { suppressed: number } | undefined {
    const entry = this.#last.get(key);
    if (entry && now - entry.at < this.intervalMs) {
      entry.suppressed++;
      return undefined;
    }
    const suppressed = entry?.suppressed ?? 0;
    this.#last.set(key, { at: now, suppressed: 0 });
    return { suppressed };
  }
}
