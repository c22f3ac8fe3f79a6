/**
 * Everything the bench starts (brokers, servers, browsers, child processes) registers how
 * to stop it here, so an error, a timeout or Ctrl-C still frees every port and process.
 * Closers run newest first, each at most once, and one failing never skips the rest.
 */
export class Cleanup {
  #closers: { label: string; close: () => Promise<unknown> | unknown }[] = [];

  /** Registers a closer; returns `value` so starting and registering read as one line. */
  add<T>(value: T, label: string, close: (value: T) => Promise<unknown> | unknown): T {
    this.#closers.push({ label, close: () => close(value) });
    return value;
  }

  async run(): Promise<void> {
    for (const { label, close } of this.#closers.splice(0).reverse()) {
      try {
        // A closer that hangs (a browser that ignores close) must not hang the whole bench.
        await withTimeout(Promise.resolve().then(close), 10_000, `closing ${label}`);
      } catch (error) {
        console.error(`bench: could not close ${label}: ${(error as Error).message}`);
      }
    }
  }
}

/** `promise`, or a rejection naming `what` after `ms`. The timer never keeps Node alive. */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${Math.round(ms / 1000)} s`)), ms);
    timer.unref();
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
