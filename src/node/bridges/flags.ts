// `npm run bridge -- <kind> [flags]`: each kind's flags and help, checked before anything starts.
import { parseArgs } from 'node:util';
import { filterProblem } from '../../mqtt/topics.js';
import type { LogLevel } from '../broker/log.js';
import { FlagError } from '../broker/flags.js';
import { explainFlagError } from '../broker/flag-suggestions.js';
import { DEFAULT_HTTP_BRIDGE_PORT } from './http.js';
import { DEFAULT_OSC_IN_PORT } from './osc.js';
import { parseOrigin } from './origin-policy.js';

export const BRIDGE_KINDS = ['http', 'osc', 'serial'] as const;
export type BridgeKind = (typeof BRIDGE_KINDS)[number];

const COMMON = {
  url: { type: 'string' },
  verbose: { type: 'boolean' },
  quiet: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

const OPTIONS = {
  http: { ...COMMON, port: { type: 'string' }, lan: { type: 'boolean' }, profiles: { type: 'string' }, 'max-body': { type: 'string' }, 'sse-buffer': { type: 'string' }, 'max-streams': { type: 'string' }, 'allow-origin': { type: 'string', multiple: true } },
  osc: { ...COMMON, in: { type: 'string' }, out: { type: 'string' }, topics: { type: 'string' }, lan: { type: 'boolean' } },
  serial: { ...COMMON, port: { type: 'string' }, baud: { type: 'string' }, list: { type: 'boolean' } },
} as const;

const COMMON_USAGE = `  --url URL          the broker, with user:password to log in as (default: the broker of
                     npm start or serve in this folder, else mqtt://localhost:1883)
  --verbose          log every message
  --quiet            log only errors
  -h, --help         this help`;

export const BRIDGE_USAGE = `Usage: npm run bridge -- <kind> [options]

  http     HTTP ⇄ MQTT: POST /publish/<topic>, GET /subscribe?topic=<filter> (Server-Sent Events)
  osc      OSC over UDP ⇄ MQTT, for Max, Pure Data, TouchDesigner, SuperCollider
  serial   lines printed by a board on a serial port → MQTT ('temperatura:23.5')

npm run bridge -- <kind> --help lists the options of one kind.`;

export const KIND_USAGE: Record<BridgeKind, string> = {
  http: `Usage: npm run bridge -- http [options]

  --port N           where it listens (default ${DEFAULT_HTTP_BRIDGE_PORT}, or the next free port if taken;
                     a port given here must be free, 0 takes any)
  --lan              listen on all networks, not only this computer
  --profiles FILE    the broker's profiles file, so a publish the login may not make is
                     answered 403 (npm start's are known when the bridge uses its broker)
  --max-body BYTES   largest message published (default 65536, the broker's limit)
  --sse-buffer BYTES an event stream with more than this unread is closed (default 1048576)
  --max-streams N    event streams open at once (default 200)
  --allow-origin ORIGIN
                     let web pages from ORIGIN (e.g. https://editor.p5js.org) publish and
                     log in; repeat for more. Without it pages elsewhere may only read the
                     event streams of the bridge's own login
${COMMON_USAGE}

  curl -d 23.5 http://127.0.0.1:${DEFAULT_HTTP_BRIDGE_PORT}/publish/temperatura
  curl -N 'http://127.0.0.1:${DEFAULT_HTTP_BRIDGE_PORT}/subscribe?topic=%23'`,
  osc: `Usage: npm run bridge -- osc [options]

  --in PORT          UDP port OSC arrives on (default ${DEFAULT_OSC_IN_PORT}; held to, as senders are set up with it)
  --out HOST:PORT    send messages on --topics there as OSC (nothing goes out without it)
  --topics A,B       topic filters sent out (default '#', with --out)
  --lan              listen on all networks, not only this computer
${COMMON_USAGE}

  /sensors/fader 0.5 arriving on --in is published as 0.5 on sensors/fader.`,
  serial: `Usage: npm run bridge -- serial --port PATH [options]

  --port PATH        the board's port: /dev/ttyACM0, /dev/ttyUSB0 (Linux),
                     /dev/cu.usbmodem1101 (macOS), COM3 (Windows)
  --baud N           the board's Serial.begin(…) (default 9600)
  --list             list the serial ports and stop
${COMMON_USAGE}

  Each line the board prints, 'topic value' or 'topic:value', is published.`,
};

/** A kind's settings as given on the command line; what it defaults to is the bridge's business. */
export type BridgeFlags =
  | { kind: 'http'; port?: number; lan: boolean; profilesPath?: string; maxBodyBytes?: number; sseBufferBytes?: number; maxStreams?: number; allowOrigins?: string[] } & Common
  | { kind: 'osc'; inPort?: number; out?: { host: string; port: number }; topics?: string[]; lan: boolean } & Common
  | { kind: 'serial'; path?: string; baudRate?: number; list: boolean } & Common;

interface Common {
  url?: string;
  logLevel: LogLevel;
  help: boolean;
}

/**
 * Reads `npm run bridge`'s arguments; throws FlagError (printed with the usage, exit 2)
 * for an unknown kind or flag, or a bad value.
 *
 * @example
 * parseBridgeFlags(['osc', '--in', '9000', '--out', '127.0.0.1:9001']) // { kind: 'osc', inPort: 9000, out: { host: '127.0.0.1', port: 9001 }, … }
 */
export function parseBridgeFlags(argv: string[]): BridgeFlags | { kind: undefined; help: true } {
  const [kind, ...rest] = argv;
  if (kind === undefined || kind === '--help' || kind === '-h') return { kind: undefined, help: true };
  if (!(BRIDGE_KINDS as readonly string[]).includes(kind)) throw new FlagError(`unknown bridge '${kind}'; choose ${BRIDGE_KINDS.join(', ')}`);
  let values: Record<string, string | string[] | boolean | undefined>;
  try {
    // Every option is a string (one, or several when repeatable) or a flag.
    values = parseArgs({ args: rest, options: OPTIONS[kind as BridgeKind], strict: true, allowPositionals: false }).values as typeof values;
  } catch (error) {
    throw new FlagError(explainFlagError(error, OPTIONS[kind as BridgeKind]));
  }
  if (values.verbose && values.quiet) throw new FlagError('--verbose and --quiet cannot be used together');
  const common: Common = {
    logLevel: values.verbose ? 'verbose' : values.quiet ? 'quiet' : 'normal',
    help: Boolean(values.help),
    ...(typeof values.url === 'string' ? { url: values.url } : {}),
  };
  const number = (flag: string, min: number, max: number): number | undefined => {
    const text = values[flag];
    if (typeof text !== 'string') return undefined;
    if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max) throw new FlagError(`--${flag} expects a whole number from ${min} to ${max}, got '${text}'`);
    return Number(text);
  };
  const set = <T extends object>(base: T, key: string, value: unknown): T => (value === undefined ? base : { ...base, [key]: value });
  switch (kind as BridgeKind) {
    case 'http': {
      let flags: BridgeFlags = { kind: 'http', lan: Boolean(values.lan), ...common };
      flags = set(flags, 'port', number('port', 0, 65535));
      flags = set(flags, 'profilesPath', values.profiles);
      flags = set(flags, 'maxBodyBytes', number('max-body', 1, 256 * 1024 * 1024));
      flags = set(flags, 'sseBufferBytes', number('sse-buffer', 1024, 1024 * 1024 * 1024));
      flags = set(flags, 'allowOrigins', Array.isArray(values['allow-origin']) ? values['allow-origin'].map(originFlag) : undefined);
      return set(flags, 'maxStreams', number('max-streams', 1, 100_000));
    }
    case 'osc': {
      let flags: BridgeFlags = { kind: 'osc', lan: Boolean(values.lan), ...common };
      flags = set(flags, 'inPort', number('in', 0, 65535));
      flags = set(flags, 'out', typeof values.out === 'string' ? hostPort(values.out) : undefined);
      return set(flags, 'topics', typeof values.topics === 'string' ? topicList(values.topics) : undefined);
    }
    case 'serial': {
      const flags: BridgeFlags = { kind: 'serial', list: Boolean(values.list), ...common };
      if (!flags.list && !flags.help && typeof values.port !== 'string') {
        throw new FlagError('say which port: --port /dev/ttyACM0 (npm run bridge -- serial --list shows the ports)');
      }
      return set(set(flags, 'path', values.port), 'baudRate', number('baud', 50, 10_000_000));
    }
  }
}

function originFlag(text: string): string {
  const origin = parseOrigin(text);
  if (typeof origin !== 'string') throw new FlagError(origin.problem);
  return origin;
}

function hostPort(text: string): { host: string; port: number } {
  const match = /^(\[[^\]]+\]|[^:]+)?:(\d{1,5})$/.exec(text) ?? /^()(\d{1,5})$/.exec(text);
  const port = Number(match?.[2]);
  if (!match || port < 1 || port > 65535) throw new FlagError(`--out expects HOST:PORT, e.g. 127.0.0.1:9001, got '${text}'`);
  return { host: (match[1] || '127.0.0.1').replace(/^\[|\]$/g, ''), port };
}

function topicList(text: string): string[] {
  const topics = text.split(',').map((t) => t.trim()).filter(Boolean);
  if (topics.length === 0) throw new FlagError('--topics needs at least one topic filter, e.g. --topics sensors/#');
  for (const topic of topics) {
    const problem = filterProblem(topic);
    if (problem) throw new FlagError(`--topics: ${problem}`);
  }
  return topics;
}
