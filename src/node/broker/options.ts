import type { Aedes } from 'aedes';
import {
  DEFAULT_TCP_PORT, DEFAULT_WS_PORT, MAX_CLIENT_ID_LENGTH, MAX_PAYLOAD_BYTES, MAX_TOPIC_LENGTH,
} from '../../mqtt/defaults.js';
import type { BrokerLog, LogLevel } from './log.js';
import { defaultProfiles, type Profile } from './profiles.js';
import { DEFAULT_LOGIN_BACKOFF, type LoginBackoffLimits } from './login-backoff.js';
import { resolveAdminPassword } from './passwords.js';
import { checkRedisUrl } from './redis-url.js';

/** Said by the CLIs and by createBroker when both are asked for. */
export const PERSIST_WITH_CLUSTER =
  '--persist and --cluster cannot be used together: a cluster keeps sessions, retained and queued messages in its Redis, ' +
  'shared by every node. Give each node --cluster only (and make Redis itself persistent if they must outlive a Redis restart).';

/** Loopback unless the user asks for the LAN (`--lan`): a classroom broker is not the street's. */
const DEFAULT_BIND_HOST = '127.0.0.1';
export const DEFAULT_TLS_PORT = 8883;
export const DEFAULT_WSS_PORT = 8443;

/** Certificate and key files (PEM) for the encrypted listeners. */
export interface BrokerTlsOptions {
  cert: string;
  key: string;
  /** mqtts:// port, default 8883. */
  tcpPort?: number;
  /** wss:// port, default 8443. */
  wsPort?: number;
}

/** The broker's listeners: MQTT over TCP, WebSocket, TLS and secure WebSocket. */
export type BrokerListener = 'tcp' | 'ws' | 'tls' | 'wss';

/** Everything `createBroker` can be told; all optional. Port 0 means "any free port". */
export interface BrokerOptions {
  /** Interface to bind; default 127.0.0.1, or 0.0.0.0 with `lan: true`. */
  host?: string;
  lan?: boolean;
  tcpPort?: number;
  wsPort?: number;
  tls?: BrokerTlsOptions;
  /** Default: `defaultProfiles()` with the admin password from `resolveAdminPassword()`. */
  profiles?: Profile[];
  /** Connections without a username use the `public` profile; default true. */
  allowAnonymous?: boolean;
  maxPayloadBytes?: number;
  maxClientIdLength?: number;
  /** In UTF-8 bytes, like the client's own check. */
  maxTopicLength?: number;
  /** Messages per second per connection; the rest are dropped. Default: no limit. */
  rateLimit?: number;
  /** Failed logins per address before it must wait, and how fast tries come back (see LoginBackoff). */
  loginBackoff?: Partial<LoginBackoffLimits>;
  log?: BrokerLog;
  logLevel?: LogLevel;
  /**
   * Fail instead of moving to the next port when one is taken: every listener, or those
   * named (the CLIs name the ports given by flag; only default ports move).
   */
  strictPorts?: boolean | readonly BrokerListener[];
  /** How often aedes publishes `$SYS/<id>/heartbeat`; default 60 s. */
  heartbeatIntervalMs?: number;
  /** Keep sessions and queued messages in this folder, across restarts (default: memory). */
  persistDir?: string;
  /**
   * Publish the class graph's activity feed on `$SYS/kit/…` while someone subscribes to it
   * (default true; it costs nothing while nobody does). False leaves it out entirely.
   */
  activityFeed?: boolean;
  /**
   * Join the cluster whose messages and state go through the Redis at this URL
   * (`redis://host:6379`); brokers given the same URL act as one. Not with `persistDir`.
   */
  cluster?: string;
}

/** A broker that is listening. `close()` frees every port and socket. */
export interface RunningBroker {
  aedes: Aedes;
  host: string;
  tcpPort: number;
  wsPort: number;
  tlsPort?: number;
  wssPort?: number;
  urls: { tcp: string; ws: string; mqtts?: string; wss?: string };
  /** Set for a node of a cluster: its Redis (password masked) and its aedes id. */
  cluster?: { redis: string; nodeId: string };
  close(): Promise<void>;
}

/** BrokerOptions with every default filled in. */
export interface ResolvedBrokerOptions {
  host: string;
  tcpPort: number;
  wsPort: number;
  tls?: Required<BrokerTlsOptions>;
  profiles: Profile[];
  allowAnonymous: boolean;
  maxPayloadBytes: number;
  maxClientIdLength: number;
  maxTopicLength: number;
  rateLimit?: number;
  loginBackoff: LoginBackoffLimits;
  log?: BrokerLog;
  logLevel: LogLevel;
  strictPorts: ReadonlySet<BrokerListener>;
  heartbeatIntervalMs?: number;
  persistDir?: string;
  activityFeed: boolean;
  cluster?: string;
}

/**
 * A cluster node's heartbeat. The survivors of a node that died publish its clients' wills
 * once it has been silent for 3 heartbeats (checked every 4), so aedes' 60 s default would
 * hold them back for up to 7 minutes; every 5 s costs one small Redis message per node.
 */
const CLUSTER_HEARTBEAT_MS = 5000;

const ALL_LISTENERS: readonly BrokerListener[] = ['tcp', 'ws', 'tls', 'wss'];

/** Fills in defaults and rejects values that can only be mistakes. */
export function resolveBrokerOptions(options: BrokerOptions = {}): ResolvedBrokerOptions {
  const resolved: ResolvedBrokerOptions = {
    host: options.host ?? (options.lan ? '0.0.0.0' : DEFAULT_BIND_HOST),
    tcpPort: port(options.tcpPort ?? DEFAULT_TCP_PORT, 'tcpPort'),
    wsPort: port(options.wsPort ?? DEFAULT_WS_PORT, 'wsPort'),
    profiles: options.profiles ?? defaultProfiles(resolveAdminPassword().password),
    allowAnonymous: options.allowAnonymous ?? true,
    loginBackoff: { ...DEFAULT_LOGIN_BACKOFF, ...options.loginBackoff },
    maxPayloadBytes: positive(options.maxPayloadBytes ?? MAX_PAYLOAD_BYTES, 'maxPayloadBytes'),
    maxClientIdLength: positive(options.maxClientIdLength ?? MAX_CLIENT_ID_LENGTH, 'maxClientIdLength'),
    maxTopicLength: positive(options.maxTopicLength ?? MAX_TOPIC_LENGTH, 'maxTopicLength'),
    logLevel: options.logLevel ?? 'normal',
    strictPorts: new Set(options.strictPorts === true ? ALL_LISTENERS : options.strictPorts || []),
    activityFeed: options.activityFeed ?? true,
  };
  if (options.tls) {
    resolved.tls = {
      cert: options.tls.cert,
      key: options.tls.key,
      tcpPort: port(options.tls.tcpPort ?? DEFAULT_TLS_PORT, 'tls.tcpPort'),
      wsPort: port(options.tls.wsPort ?? DEFAULT_WSS_PORT, 'tls.wsPort'),
    };
  }
  if (options.rateLimit !== undefined) resolved.rateLimit = positive(options.rateLimit, 'rateLimit');
  if (options.log) resolved.log = options.log;
  if (options.persistDir) resolved.persistDir = options.persistDir;
  if (options.cluster) {
    if (options.persistDir) throw new RangeError(PERSIST_WITH_CLUSTER);
    resolved.cluster = checkRedisUrl(options.cluster);
    resolved.heartbeatIntervalMs = CLUSTER_HEARTBEAT_MS;
  }
  if (options.heartbeatIntervalMs !== undefined) resolved.heartbeatIntervalMs = positive(options.heartbeatIntervalMs, 'heartbeatIntervalMs');
  return resolved;
}

function port(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 0 || value > 65535) throw new RangeError(`${name} must be a port number 0–65535, got ${value}`);
  return value;
}

function positive(value: number, name: string): number {
  if (!Number.isFinite(value) || value <= 0) throw new RangeError(`${name} must be a positive number, got ${value}`);
  return value;
}
