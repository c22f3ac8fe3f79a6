import { fileURLToPath } from 'node:url';
import { DEFAULT_TCP_PORT } from '../../mqtt/defaults.js';
import { findRunningKit, runningKitDir, type KitProbe } from './running-kit.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));

/**
 * The broker a kit command uses without `--url`: the one of an `npm start` (or `npm run
 * serve`) running in this folder (its TCP port moves off 1883 when mosquitto holds it), otherwise the tutorial's
 * default on this machine. Says which, through `say`.
 *
 * @example
 * const url = values.url ?? (await kitBrokerUrl(console.log));
 */
export async function kitBrokerUrl(say: (line: string) => void, dir = runningKitDir(root), probe?: KitProbe): Promise<string> {
  const kit = await findRunningKit(dir, probe);
  if (!kit) return `mqtt://public:public@localhost:${DEFAULT_TCP_PORT}`;
  say(`Using the broker of ${kit.command ?? 'npm start'} (pid ${kit.pid}) on port ${kit.tcpPort}.`);
  if (!kit.defaultProfiles) {
    say(`It uses a profiles file: if public / public is refused, give --url mqtt://USER:PASSWORD@localhost:${kit.tcpPort}`);
  }
  return `mqtt://public:public@127.0.0.1:${kit.tcpPort}`;
}
