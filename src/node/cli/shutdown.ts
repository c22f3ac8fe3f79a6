/**
 * Ctrl-C / SIGTERM: run `stop` once and exit 0; a second Ctrl-C, or `stop` taking more
 * than `graceMs`, exits at once so nobody is ever stuck with a hung terminal.
 */
export function onShutdown(stop: () => Promise<unknown>, graceMs = 4000): void {
  let stopping = false;
  const handler = () => {
    if (stopping) process.exit(130);
    stopping = true;
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
