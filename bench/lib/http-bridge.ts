import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { withTimeout, type Cleanup } from './cleanup.js';
import { cpuSecondsOf } from './kit-broker.js';

/** The HTTP bridge (src/node/bridges/http.ts) running in a child process. */
export interface BridgeProcess {
  url: string;
  pid: number;
  cpuSeconds(): number | undefined;
}

export async function startBridgeProcess(brokerUrl: string, cleanup: Cleanup): Promise<BridgeProcess> {
  const child = fork(fileURLToPath(new URL('./bridge-child.ts', import.meta.url)), [brokerUrl], {
    execArgv: ['--import', import.meta.resolve('tsx')],
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  cleanup.add(child, 'the HTTP bridge process', async (c) => {
    if (c.exitCode !== null || c.signalCode !== null) return;
    c.disconnect();
    await withTimeout(exited, 5000, 'stopping the HTTP bridge').catch(() => c.kill('SIGKILL'));
  });
  const { port } = await withTimeout(
    new Promise<{ port: number }>((resolve, reject) => {
      child.once('message', (message) => resolve(message as { port: number }));
      child.once('exit', (code) => reject(new Error(`the HTTP bridge exited (code ${code}) before listening: ${stderr.trim()}`)));
    }),
    20_000,
    'starting the HTTP bridge',
  );
  return { url: `http://127.0.0.1:${port}`, pid: child.pid!, cpuSeconds: () => cpuSecondsOf(child.pid!) };
}
