import type { KioskSettings } from './options.js';

/**
 * Decides when a kiosk page should be reloaded: too many uncaught errors in a short time,
 * or no frame drawn for too long while the page is visible. Only the verdict lives here
 * (times are passed in), so the rules can be tested without a browser or a clock.
 */
export class Watchdog {
  #errors: number[] = [];
  #lastFrame: number;

  constructor(private readonly settings: Pick<KioskSettings, 'maxErrors' | 'errorWindowMs' | 'stallMs'>, now: number) {
    this.#lastFrame = now;
  }

  /** A frame was drawn (or, for a sketch that does not draw, its messages were handed over). */
  frame(now: number): void {
    this.#lastFrame = now;
  }

  /** An uncaught error; returns the reason to reload when it is one too many. */
  error(description: string, now: number): string | undefined {
    const { maxErrors, errorWindowMs } = this.settings;
    this.#errors = [...this.#errors.filter((at) => now - at < errorWindowMs), now];
    if (maxErrors === 0 || this.#errors.length < maxErrors) return undefined;
    return `${this.#errors.length} uncaught errors within ${seconds(errorWindowMs)} (the last: ${description})`;
  }

  /**
   * The reason to reload if frames have stopped. A hidden page draws no frames (browsers
   * pause them), so time spent hidden never counts.
   */
  check(now: number, visible: boolean): string | undefined {
    if (!visible) {
      this.#lastFrame = now;
      return undefined;
    }
    const since = now - this.#lastFrame;
    return since >= this.settings.stallMs ? `no frame drawn for ${seconds(since)}` : undefined;
  }
}

/** 10000 → '10 s', 1500 → '1.5 s'. */
export function seconds(ms: number): string {
  return `${Math.round(ms / 100) / 10} s`;
}
