import { networkInterfaces } from 'node:os';
import { defaultProfiles } from '../broker/profiles.js';
import type { KnownProfiles } from '../bridges/publish-rights.js';
import type { RunningKit } from './running-kit.js';

/**
 * Does the broker URL a user gave point at this running kit: an address of this machine
 * and one of the kit's ports (TCP for mqtt://, WebSocket for ws://)?
 *
 * @example
 * brokerUrlReachesKit('mqtt://public:public@127.0.0.1:1884', kit) // true when kit.tcpPort is 1884
 */
export function brokerUrlReachesKit(url: string, kit: Pick<RunningKit, 'tcpPort' | 'wsPort'>, ownAddresses: readonly string[] = thisMachine()): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  const local = host === 'localhost' || host.startsWith('127.') || host === '::1' || host === '0.0.0.0' || ownAddresses.includes(host);
  if (!local) return false;
  const port = Number(parsed.port);
  if (parsed.protocol === 'mqtt:' || parsed.protocol === 'tcp:') return port === kit.tcpPort;
  if (parsed.protocol === 'ws:') return port === kit.wsPort;
  return false;
}

/**
 * What the kit's broker lets each profile publish, when its note says: the rights it
 * announced, or the defaults' for a kit that uses them (an older note has no rights).
 *
 * @example
 * const known = knownProfilesOf(kit); // [{ username: 'viewer', publish: [] }, …]
 */
export function knownProfilesOf(kit: Pick<RunningKit, 'defaultProfiles' | 'publishRights'>): KnownProfiles | undefined {
  if (kit.publishRights) return kit.publishRights;
  // Passwords are not needed to know who may publish where; the broker checks them.
  return kit.defaultProfiles ? defaultProfiles('') : undefined;
}

function thisMachine(): string[] {
  return Object.values(networkInterfaces()).flatMap((entries) => (entries ?? []).map((entry) => entry.address));
}
