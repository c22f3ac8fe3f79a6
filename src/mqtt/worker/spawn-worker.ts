/**
 * Starts the Web Worker that owns the MQTT connection. Its own module so that each build
 * can supply the worker its way: Vite bundles `worker.ts` from this URL for the kit's pages,
 * and the script-tag build (src/lib) swaps this file for one that needs no second file.
 */
export function spawnWorker(): Worker {
  return new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'mqtt' });
}
