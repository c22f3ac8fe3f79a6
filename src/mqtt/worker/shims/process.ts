/**
 * `process` for the worker build, instead of the `process/browser.js` polyfill. That one
 * runs `process.nextTick` callbacks from `setTimeout(…, 0)`, and MQTT.js handles received
 * packets one `nextTick` apart: chained timers are clamped to 4 ms after five, so a
 * flood was read far slower than it arrived and every round trip waited several timer
 * hops. Here `nextTick` is a microtask, as close to Node's as a browser gets.
 * The rest is what MQTT.js and readable-stream read: an empty `env`, no `versions`.
 */
type Callback = (...args: unknown[]) => void;

const process = {
  browser: true,
  title: 'browser',
  platform: 'browser',
  version: '',
  versions: {} as Record<string, string>,
  env: {} as Record<string, string | undefined>,
  argv: [] as string[],
  nextTick(callback: Callback, ...args: unknown[]): void {
    queueMicrotask(() => callback(...args));
  },
  cwd: () => '/',
};

export default process;
