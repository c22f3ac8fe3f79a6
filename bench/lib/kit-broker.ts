import { readFileSync } from 'node:fs';
import type { BrokerOptions } from '../../src/node/broker/index.js';
import type { Cleanup } from './cleanup.js';
import { forkServerChild } from './server-child.js';

/** The embedded broker (createBroker from src/node/broker) running in a child process. */
export interface KitBroker {
  tcpPort: number;
  wsPort: number;
  urls: { tcp: string; ws: string };
  pid: number;
  /** Why it died, if it did (its last stderr lines), e.g. a stack overflow under load. */
  crash(): string | undefined;
  /** CPU seconds it has used so far (user + system), from /proc. */
  cpuSeconds(): number | undefined;
  /** Stops it at once (SIGKILL): cuts a flood's backlog so a flooded page can answer. */
  kill(): Promise<void>;
}

/**
 * `options` (JSON-able ones: they reach the child as an argument) are added to the child's
 * own; `env` to its environment, which is where a password goes (MQTT_ADMIN_PASSWORD), out
 * of sight of `ps`.
 */
export async function startKitBroker(cleanup: Cleanup, options: BrokerOptions = {}, env: Record<string, string> = {}): Promise<KitBroker> {
  const { child, ready: ports, stderr, exited } = await forkServerChild<{ tcpPort: number; wsPort: number }>(
    new URL('./broker-child.ts', import.meta.url), [JSON.stringify(options)], 'embedded broker', cleanup, env,
  );
  return {
    ...ports,
    urls: { tcp: `mqtt://127.0.0.1:${ports.tcpPort}`, ws: `ws://127.0.0.1:${ports.wsPort}` },
    pid: child.pid!,
    crash: () => (child.exitCode !== null || child.signalCode !== null ? summarise(stderr()) || `exited (${child.exitCode ?? child.signalCode})` : undefined),
    cpuSeconds: () => cpuSecondsOf(child.pid!),
    async kill() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGKILL');
      await exited;
    },
  };
}

/** The error line of a crash, with where it was thrown. */
function summarise(stderr: string): string {
  const lines = stderr.split('\n').map((line) => line.trim()).filter(Boolean);
  const error = lines.findIndex((line) => /^\w*Error\b/.test(line));
  return error < 0 ? lines.slice(-2).join(' ') : lines.slice(error, error + 2).join(' ');
}

/** Resident memory in MB, from /proc. */
export function rssMegabytesOf(pid: number): number | undefined {
  try {
    const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb === undefined ? undefined : Number(kb) / 1024;
  } catch {
    return undefined;
  }
}

export function cpuSecondsOf(pid: number): number | undefined {
  try {
    // Fields 14 and 15 of /proc/<pid>/stat are user and system time in clock ticks (100 per second on Linux).
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}
