/**
 * Ctrl-C / SIGTERM: run `stop` once and exit 0; a second Ctrl-C a moment later, or `stop`
 * taking more than `graceMs`, exits at once so nobody is ever stuck with a hung terminal.
 */
export function onShutdown(stop: () => Promise<unknown>, graceMs = 4000): void {
  let stoppingSince: number | undefined;
  const handler = () => {
    // The same Ctrl-C can arrive twice (from the terminal and relayed by npm/tsx): only a
    // deliberate second press, later, means "now".
    if (stoppingSince !== undefined) {
      if (Date.now() - stoppingSince > 1000) process.exit(130);
      return;
    }
    stoppingSince = Date.now();
    setTimeout(() => process.exit(1), graceMs).unref();
    stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(`error while stopping: ${(error as Error).message}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
}
