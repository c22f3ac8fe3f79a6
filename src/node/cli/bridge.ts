// `npm run bridge -- <kind> [flags]`: a bridge for tools without MQTT (HTTP, OSC, serial).
import { explainFlagError, usageErrorText } from '../broker/flag-suggestions.js';
import { fileURLToPath } from 'node:url';
import { DEFAULT_TCP_PORT } from '../../mqtt/defaults.js';
import { FlagError } from '../broker/flags.js';
import { loadProfiles } from '../broker/profiles.js';
import { BRIDGE_USAGE, KIND_USAGE, parseBridgeFlags, type BridgeFlags } from '../bridges/flags.js';
import { describePorts, loadSerialPort } from '../bridges/serial.js';
import { startBridge } from '../bridges/start-bridge.js';
import type { KnownProfiles } from '../bridges/publish-rights.js';
import { brokerUrlReachesKit, knownProfilesOf } from './kit-for-url.js';
import { findRunningKit, runningKitDir } from './running-kit.js';
import { onShutdown } from './shutdown.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));

async function main(argv: string[]): Promise<number> {
  let flags: BridgeFlags | { kind: undefined; help: true };
  try {
    flags = parseBridgeFlags(argv);
  } catch (error) {
    if (!(error instanceof FlagError)) throw error;
    const usage = argv[0] && argv[0] in KIND_USAGE ? KIND_USAGE[argv[0] as keyof typeof KIND_USAGE] : BRIDGE_USAGE;
    const kind = argv[0] && argv[0] in KIND_USAGE ? ` ${argv[0]}` : '';
    console.error(usageErrorText(`error: ${error.message}`, usage, `npm run bridge --${kind} --help`));
    return 2;
  }
  if (flags.kind === undefined) return (console.log(BRIDGE_USAGE), 0);
  if (flags.help) return (console.log(KIND_USAGE[flags.kind]), 0);
  if (flags.kind === 'serial' && flags.list) {
    console.log(`Serial ports: ${await describePorts(await loadSerialPort())}`);
    return 0;
  }

  const broker = flags.url ? await givenBroker(flags.url) : await kitBroker();
  const known: KnownProfiles | undefined = flags.kind === 'http' && flags.profilesPath ? await loadProfiles(flags.profilesPath) : broker.known;
  const bridge = await startBridge(flags, { url: broker.url, ...(known ? { known } : {}) });
  onShutdown(() => bridge.close());
  console.log(`${bridge.kind} bridge: ${bridge.where}\n  try: ${bridge.example}`);
  const outcome = await bridge.ready;
  if (!outcome.ok && outcome.refused && flags.kind !== 'http') {
    // Its one login was refused, and it will not retry: nothing left to do.
    console.error(`error: ${outcome.reason}`);
    await bridge.close();
    return 1;
  }
  if (!outcome.ok) console.error(`warning: ${outcome.reason}${flags.kind === 'http' ? ' (requests with their own login may still work)' : ' (still trying)'}`);
  console.log('Press Ctrl-C to stop.');
  return new Promise<number>(() => {});
}

/**
 * The broker of an `npm start` running in this folder (its TCP port moves off 1883 when
 * mosquitto holds it), logged in anonymously (its `public` profile); whose profiles are the
 * defaults when it says so. Otherwise the usual port on this machine, profiles unknown.
 */
async function kitBroker(): Promise<{ url: string; known?: KnownProfiles }> {
  const kit = await findRunningKit(runningKitDir(root));
  if (!kit) return { url: `mqtt://localhost:${DEFAULT_TCP_PORT}` };
  console.log(`Using the broker of ${kit.command ?? 'npm start'} (pid ${kit.pid}) on port ${kit.tcpPort}.`);
  const url = `mqtt://127.0.0.1:${kit.tcpPort}`;
  const known = knownProfilesOf(kit);
  return known ? { url, known } : { url };
}

/** `--url`: when it points at an `npm start` running here, that kit's profiles answer the 403s. */
async function givenBroker(url: string): Promise<{ url: string; known?: KnownProfiles }> {
  const kit = await findRunningKit(runningKitDir(root));
  const known = kit && brokerUrlReachesKit(url, kit) ? knownProfilesOf(kit) : undefined;
  if (kit && known) console.log(`The broker at --url is ${kit.command ?? 'npm start'}'s (pid ${kit.pid}): using its profiles.`);
  return known ? { url, known } : { url };
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: Error) => {
    // Expected failures (a taken port, no such serial port, a bad profiles file) read as sentences.
    console.error(`error: ${error.message}`);
    process.exit(1);
  },
);
