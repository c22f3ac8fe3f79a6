import { parseArgs } from 'node:util';
import type { LogLevel } from './log.js';
import { PERSIST_WITH_CLUSTER } from './options.js';
import { checkRedisUrl, type RedisUrlError } from './redis-url.js';
import { explainFlagError } from './flag-suggestions.js';

/** The broker's command-line settings, before any file is read. */
export interface BrokerFlags {
  tcpPort?: number;
  wsPort?: number;
  lan: boolean;
  profilesPath?: string;
  persistDir?: string;
  /** A Redis URL, checked for its form only. */
  cluster?: string;
  allowAnonymous: boolean;
  tls?: { cert: string; key: string };
  rateLimit?: number;
  logLevel: LogLevel;
  help: boolean;
}

/** A command line that cannot be used; the CLI prints it with the usage and exits 2. */
export class FlagError extends Error {
  override name = 'FlagError';
}

/** The parseArgs option table, exported so `npm start` can merge it with its own flags. */
export const BROKER_FLAG_OPTIONS = {
  'tcp-port': { type: 'string' },
  'ws-port': { type: 'string' },
  lan: { type: 'boolean' },
  profiles: { type: 'string' },
  'no-anonymous': { type: 'boolean' },
  'tls-cert': { type: 'string' },
  'tls-key': { type: 'string' },
  'rate-limit': { type: 'string' },
  persist: { type: 'string' },
  cluster: { type: 'string' },
  verbose: { type: 'boolean' },
  quiet: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** What parseArgs returns for BROKER_FLAG_OPTIONS. */
export type BrokerFlagValues = { [K in keyof typeof BROKER_FLAG_OPTIONS]?: (typeof BROKER_FLAG_OPTIONS)[K]['type'] extends 'string' ? string : boolean };

export const BROKER_USAGE = `Usage: npm run broker -- [options]

  --tcp-port N          MQTT over TCP (default 1883, or the next free port if taken;
                        a port given here must be free, 0 takes any)
  --ws-port N           MQTT over WebSocket, for sketches (default 9001, likewise)
  --lan                 listen on all networks, not only this computer
  --profiles FILE       usernames, passwords and permissions from a JSON file
  --no-anonymous        refuse connections without username and password
  --tls-cert FILE       with --tls-key: also serve mqtts:// (8883) and wss:// (8443)
  --tls-key FILE
  --rate-limit N        drop messages beyond N per second per connection
  --persist DIR         keep sessions and queued messages in DIR across restarts
  --cluster URL         join the brokers sharing the Redis at URL (redis://host:6379):
                        together they act as one broker (see docs/scaling.md)
  --verbose             log every message
  --quiet               log only errors
  -h, --help            show this help

The admin password comes from MQTT_ADMIN_PASSWORD, or is generated and printed.`;

/**
 * Parses the broker's flags; throws FlagError for an unknown flag or a bad value.
 *
 * @example
 * parseBrokerFlags(['--tcp-port', '1884', '--lan']) // { tcpPort: 1884, lan: true, … }
 */
export function parseBrokerFlags(argv: string[]): BrokerFlags {
  let values: BrokerFlagValues;
  try {
    ({ values } = parseArgs({ args: argv, options: BROKER_FLAG_OPTIONS, strict: true, allowPositionals: false }));
  } catch (error) {
    throw new FlagError(explainFlagError(error, BROKER_FLAG_OPTIONS));
  }
  return brokerFlagsFromValues(values);
}

/** Checks and converts parsed values; for callers that ran parseArgs with extra options of their own. */
export function brokerFlagsFromValues(values: BrokerFlagValues): BrokerFlags {
  if (values.verbose && values.quiet) throw new FlagError('--verbose and --quiet cannot be used together');
  if (Boolean(values['tls-cert']) !== Boolean(values['tls-key'])) throw new FlagError('--tls-cert and --tls-key must be given together');
  if (values.persist !== undefined && values.cluster !== undefined) throw new FlagError(PERSIST_WITH_CLUSTER);
  const flags: BrokerFlags = {
    lan: values.lan ?? false,
    allowAnonymous: !values['no-anonymous'],
    logLevel: values.verbose ? 'verbose' : values.quiet ? 'quiet' : 'normal',
    help: values.help ?? false,
  };
  if (values['tcp-port'] !== undefined) flags.tcpPort = integer(values['tcp-port'], '--tcp-port', 0, 65535);
  if (values['ws-port'] !== undefined) flags.wsPort = integer(values['ws-port'], '--ws-port', 0, 65535);
  if (values['rate-limit'] !== undefined) flags.rateLimit = integer(values['rate-limit'], '--rate-limit', 1, Number.MAX_SAFE_INTEGER);
  if (values.profiles !== undefined) flags.profilesPath = values.profiles;
  if (values.persist !== undefined) flags.persistDir = values.persist;
  if (values.cluster !== undefined) flags.cluster = redisUrl(values.cluster);
  if (values['tls-cert'] && values['tls-key']) flags.tls = { cert: values['tls-cert'], key: values['tls-key'] };
  return flags;
}

function redisUrl(text: string): string {
  try {
    return checkRedisUrl(text);
  } catch (error) {
    throw new FlagError((error as RedisUrlError).message);
  }
}

function integer(text: string, flag: string, min: number, max: number): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) throw new FlagError(`${flag} expects a whole number from ${min} to ${max}, got '${text}'`);
  return value;
}
