import type { BrokerFlags } from './flags.js';
import type { BrokerOptions } from './options.js';
import { resolveAdminPassword } from './passwords.js';
import { defaultProfiles, loadProfiles } from './profiles.js';

/** Broker options built from flags, plus what the banner needs to explain them. */
export interface BrokerSetup {
  options: BrokerOptions & { profiles: NonNullable<BrokerOptions['profiles']> };
  /** Where the profiles came from: a file path, or 'defaults'. */
  profilesSource: string;
  /** Set when the default profiles are used. */
  admin?: { password: string; generated: boolean };
}

/**
 * Turns parsed flags into createBroker options: reads the profiles file, or builds the
 * default profiles with the admin password from `env` (generated when absent).
 *
 * @example
 * const setup = await brokerSetupFromFlags(parseBrokerFlags(process.argv.slice(2)));
 * const broker = await createBroker(setup.options);
 */
export async function brokerSetupFromFlags(flags: BrokerFlags, env: Record<string, string | undefined> = process.env): Promise<BrokerSetup> {
  const options: BrokerOptions = { lan: flags.lan, allowAnonymous: flags.allowAnonymous, logLevel: flags.logLevel };
  if (flags.tcpPort !== undefined) options.tcpPort = flags.tcpPort;
  if (flags.wsPort !== undefined) options.wsPort = flags.wsPort;
  // A port asked for by number is meant: if it is taken, say who has it rather than move.
  // Port 0 asks for any port, so there is nothing to hold to.
  const strict = ([['tcp', flags.tcpPort], ['ws', flags.wsPort]] as const).filter(([, port]) => port !== undefined && port !== 0);
  if (strict.length > 0) options.strictPorts = strict.map(([listener]) => listener);
  if (flags.rateLimit !== undefined) options.rateLimit = flags.rateLimit;
  if (flags.persistDir !== undefined) options.persistDir = flags.persistDir;
  if (flags.cluster !== undefined) options.cluster = flags.cluster;
  if (flags.tls) options.tls = { ...flags.tls };
  if (flags.profilesPath) {
    return { options: { ...options, profiles: await loadProfiles(flags.profilesPath) }, profilesSource: flags.profilesPath };
  }
  const admin = resolveAdminPassword(env);
  return { options: { ...options, profiles: defaultProfiles(admin.password) }, profilesSource: 'defaults', admin };
}
