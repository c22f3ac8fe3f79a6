import type { KioskSettings } from './options.js';

/**
 * Decides when a kiosk page should be reloaded: too many uncaught errors in a short time,
 * or no frame drawn for too long while the page is visible. Only the verdict lives here
 * (times are passed in), so the rules can be tested without a browser or a clock.
 */
export class Watchdog {
  #errors: number[] = [];
  #lastFrame: number;
  /** The last uncaught error, kept to say why frames stopped (a throwing draw() stops p5's loop). */
  #lastError: { description: string; at: number } | undefined;

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
    this.#lastError = { description, at: now };
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
    if (since < this.settings.stallMs) return undefined;
    // An error after the last frame is what stopped them: p5 ends its loop when draw() throws.
    const cause = this.#lastError && this.#lastError.at >= this.#lastFrame ? `, since ${this.#lastError.description}` : '';
    return `no frame drawn for ${seconds(since)}${cause}`;
  }
}

/** 10000 → '10 s', 1500 → '1.5 s'. */
export function seconds(ms: number): string {
  return `${Math.round(ms / 100) / 10} s`;
}
