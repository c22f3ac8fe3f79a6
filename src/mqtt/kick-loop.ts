/**
 * Spots the "kick loop": two clients with the same fixed id (everyone copies
 * "processing") take turns throwing each other off, because a broker keeps only the
 * newest connection per id. Each connection then lives only until the other reconnects:
 * connected, closed within moments, again and again. After `times` such short lives
 * within `windowMs`, the client should stop fighting and say why.
 */
export class KickLoopDetector {
  #connectedAt: number | undefined;
  #shortLives: number[] = [];

  constructor(
    private readonly options = { shortLifeMs: 2000, windowMs: 15_000, times: 3 },
  ) {}

  connected(now = Date.now()): void {
    this.#connectedAt = now;
  }

  /** Records a close; true when the pattern says another client is using our id. */
  closed(now = Date.now()): boolean {
    const since = this.#connectedAt;
    this.#connectedAt = undefined;
    if (since === undefined || now - since > this.options.shortLifeMs) return false;
    this.#shortLives = [...this.#shortLives.filter((t) => now - t <= this.options.windowMs), now];
    return this.#shortLives.length >= this.options.times;
  }

  reset(): void {
    this.#connectedAt = undefined;
    this.#shortLives = [];
  }
}
