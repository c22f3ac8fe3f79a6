import type { Cleanup } from './cleanup.js';
import { cpuSecondsOf } from './kit-broker.js';
import { forkServerChild } from './server-child.js';

/** The HTTP bridge (src/node/bridges/http.ts) running in a child process. */
export interface BridgeProcess {
  url: string;
  pid: number;
  cpuSeconds(): number | undefined;
}

export async function startBridgeProcess(brokerUrl: string, cleanup: Cleanup): Promise<BridgeProcess> {
  const { child, ready } = await forkServerChild<{ port: number }>(new URL('./bridge-child.ts', import.meta.url), [brokerUrl], 'HTTP bridge', cleanup);
  return { url: `http://127.0.0.1:${ready.port}`, pid: child.pid!, cpuSeconds: () => cpuSecondsOf(child.pid!) };
}
