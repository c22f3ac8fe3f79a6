/**
 * `worker-timers` for the worker build. MQTT.js uses it on a page's main thread, where a
 * background tab throttles timers and would starve keepalive; inside a worker it already
 * picks the native timers (see its get-timer.js), so its worker-in-a-worker machinery
 * would only be downloaded, never run.
 */
export const setInterval = (handler: () => void, ms: number): number => globalThis.setInterval(handler, ms) as unknown as number;
export const clearInterval = (id: number): void => globalThis.clearInterval(id);
