import { readFileSync, readdirSync } from 'node:fs';
import { startMosquitto } from '../../test/fixtures/mosquitto.js';
import type { Cleanup } from './cleanup.js';
import { cpuSecondsOf, type KitBroker } from './kit-broker.js';

/**
 * Debian's mosquitto (test/fixtures/mosquitto.ts) with the same face as the embedded broker,
 * so a scenario can run the same steps through either.
 */
export async function startMosquittoBroker(cleanup: Cleanup): Promise<KitBroker> {
  const mosquitto = cleanup.add(await startMosquitto(), 'mosquitto', (m) => m.stop());
  const pid = findMosquittoPid(mosquitto.tcpPort);
  let stopped = false;
  return {
    tcpPort: mosquitto.tcpPort,
    wsPort: mosquitto.wsPort,
    urls: { tcp: mosquitto.tcpUrl, ws: mosquitto.wsUrl },
    pid: pid ?? -1,
    crash: () => (stopped || pid === undefined || isRunning(pid) ? undefined : 'mosquitto exited'),
    cpuSeconds: () => (pid === undefined ? undefined : cpuSecondsOf(pid)),
    async kill() {
      stopped = true;
      await mosquitto.stop();
    },
  };
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** mosquitto's pid, found by the listener in its config (the fixture does not expose it). */
function findMosquittoPid(tcpPort: number): number | undefined {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (!args[0]?.endsWith('mosquitto')) continue;
      const config = args[args.indexOf('-c') + 1];
      if (config && readFileSync(config, 'utf8').includes(`listener ${tcpPort} `)) return Number(entry);
    } catch {
      // Processes come and go while we look; those are not ours anyway.
    }
  }
  return undefined;
}
