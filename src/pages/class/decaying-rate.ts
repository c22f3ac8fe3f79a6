/** How long a burst keeps counting: long enough that numbers on a projector do not flicker. */
const TAU_MS = 2000;

/**
 * Messages per second as an exponentially decaying average: a steady 10 msg/s reads 10,
 * and silence fades it to 0 over a few seconds without anyone having to send a zero.
 *
 * @example
 * const rate = new DecayingRate();
 * rate.add(5, performance.now());
 * rate.perSecond(performance.now());
 */
export class DecayingRate {
  #value = 0;
  #at = 0;

  add(count: number, now: number): void {
    // Each message adds 1/τ per second, which a decay of e^(-t/τ) keeps at the true rate.
    this.#value = this.perSecond(now) + (count * 1000) / TAU_MS;
    this.#at = now;
  }

  perSecond(now: number): number {
    if (this.#value === 0) return 0;
    const value = this.#value * Math.exp(-Math.max(0, now - this.#at) / TAU_MS);
    return value < 0.01 ? 0 : value;
  }
}
