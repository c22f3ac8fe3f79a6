import { randomBytes } from 'node:crypto';
import { connect } from '../../mqtt/connect.js';
import type { MqttClient } from '../../mqtt/client.js';
import { parseBrokerUrl } from '../../mqtt/url.js';
import type { Logger } from '../broker/log.js';
import { LogThrottle } from '../broker/log-throttle.js';

/** A user name and password to log in to the broker with, e.g. from HTTP Basic auth. */
export interface Credentials {
  username: string;
  password: string;
}

/**
 * `url` with `credentials` in place of its own user:password (split at the last '@', as
 * the kit's URL parser does, so a password may hold '@').
 *
 * @example
 * withCredentials('mqtt://127.0.0.1:1883', { username: 'viewer', password: 'viewer' })
 * // 'mqtt://viewer:viewer@127.0.0.1:1883'
 */
export function withCredentials(url: string, credentials: Credentials | undefined): string {
  if (!credentials) return url;
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(url)?.[0] ?? 'mqtt://';
  const rest = url.startsWith(scheme) ? url.slice(scheme.length) : url;
  const host = rest.slice(rest.lastIndexOf('@') + 1);
  return `${scheme}${encodeURIComponent(credentials.username)}:${encodeURIComponent(credentials.password)}@${host}`;
}

/** The user name a URL logs in with, or undefined (anonymous, or a URL the kit cannot read). */
export function usernameOf(url: string): string | undefined {
  try {
    return parseBrokerUrl(url, { runtime: 'node' }).username;
  } catch {
    return undefined;
  }
}

/** A client id for one bridge connection: `<kind>-bridge-<random>`, never another client's. */
export function bridgeClientId(kind: string): string {
  return `${kind}-bridge-${randomBytes(3).toString('hex')}`;
}

/** How a first connection went: up, refused by the broker (wrong password…), or not reachable in time. */
export type LinkOutcome = { ok: true } | { ok: false; refused: boolean; reason: string };

/**
 * Settles once `client` is connected, refused (status `error`, which stops its retries), or
 * still not connected after `timeoutMs` — then with its status text, which says why.
 */
export function firstConnection(client: MqttClient, timeoutMs: number): Promise<LinkOutcome> {
  if (client.connected) return Promise.resolve({ ok: true });
  if (client.status === 'error') return Promise.resolve({ ok: false, refused: true, reason: client.statusText });
  return new Promise((resolve) => {
    const done = (outcome: LinkOutcome) => {
      clearTimeout(timer);
      offConnected();
      offStatus();
      resolve(outcome);
    };
    const timer = setTimeout(() => done({ ok: false, refused: false, reason: client.statusText }), timeoutMs);
    const offConnected = client.on('connected', () => done({ ok: true }));
    const offStatus = client.on('status', ({ status, text }) => {
      if (status === 'error') done({ ok: false, refused: true, reason: text });
    });
  });
}

/**
 * The long-lived connection of a bridge (OSC, serial): it reconnects by itself, and its
 * log says each change of state once — not every retry, and never the password.
 *
 * @example
 * const client = openBrokerLink('mqtt://127.0.0.1:1883', 'osc', logger);
 */
export function openBrokerLink(url: string, kind: string, logger: Logger): MqttClient {
  const client = connect(url, bridgeClientId(kind), { deliver: 'immediate' });
  let last = '';
  const say = (line: string, error = false) => {
    if (line === last) return;
    last = line;
    if (error) logger.error(line);
    else logger.info(line);
  };
  if (client.status === 'error') say(`${kind}: ${client.statusText}`, true);
  client.on('connected', () => say(`${kind}: connected to ${client.target} as '${client.clientId}'`));
  client.on('status', ({ status, text }) => {
    if (status === 'error') say(`${kind}: ${text}`, true);
    else if (status === 'reconnecting' || status === 'connecting') say(`${kind}: ${text}`);
  });
  // A publish dropped while offline, say: once a minute per wording, not once per message.
  const throttle = new LogThrottle(60_000);
  client.on('error', (error) => {
    const pass = throttle.take(error.message);
    if (pass) logger.info(`${kind}: ${error.message}${pass.suppressed ? ` (and ${pass.suppressed} more like it)` : ''}`);
  });
  return client;
}
