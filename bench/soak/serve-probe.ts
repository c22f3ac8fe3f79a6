// `npm run serve` (src/node/cli/serve.ts, the same flags) in this process, answering the
// installation soak's memory questions over IPC: the soak measures the real serve, in a
// process of its own, not a copy of it inside the soak's.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** What the soak reads of the serve process. */
export interface ServeMemory {
  rss: number;
  heapUsed: number;
  external: number;
}

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

process.on('message', (message) => {
  if (message !== 'memory') return;
  // Collected first, so growth means memory still held.
  collectGarbage();
  const { rss, heapUsed, external } = process.memoryUsage();
  process.send?.({ rss, heapUsed, external } satisfies ServeMemory);
});
// The IPC channel alone must not keep serve alive once it has stopped.
process.channel?.unref();

await import('../../src/node/cli/serve.js');
