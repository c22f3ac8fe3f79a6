import { BrokerUrlError, parseBrokerUrl, type BrokerTarget, type UrlContext } from './url.js';

/** One broker of a list, as the transport needs it (plain data: it crosses into the worker). */
export interface BrokerServer {
  protocol: BrokerTarget['protocol'];
  host: string;
  port: number;
  path: string;
  display: string;
}

// A comma starts a new URL only where a scheme follows, so a password may hold a comma.
const NEXT_URL = /,\s*(?=[a-z][a-z0-9+.-]*:\/\/)/i;

/**
 * Splits `ws://a:9001,ws://b:9001` (what `?broker=` carries) into its URLs. Each URL after
 * the first must start with its scheme.
 *
 * @example
 * splitBrokerList('ws://a:9001, ws://b:9001') // ['ws://a:9001', 'ws://b:9001']
 * splitBrokerList('mqtt://u:p,w@host')        // ['mqtt://u:p,w@host']
 */
export function splitBrokerList(written: string): string[] {
  return written.split(NEXT_URL).map((url) => url.trim());
}

/**
 * Parses one broker URL or several (the nodes of one cluster, tried in turn). They must log
 * in the same way: a client has one user name and password.
 *
 * @example
 * parseBrokerList(['ws://a:9001', 'ws://b:9001'], { runtime: 'node' }).map((t) => t.port) // [9001, 9001]
 */
export function parseBrokerList(written: string | readonly string[], context: UrlContext): BrokerTarget[] {
  const urls = typeof written === 'string' ? splitBrokerList(written) : [...written];
  if (urls.length === 0) throw new BrokerUrlError('The list of broker URLs is empty. Give one or more, e.g. [\'ws://a.local:9001\', \'ws://b.local:9001\'].');
  const targets = urls.map((url) => parseBrokerUrl(url, context));
  const [first] = targets as [BrokerTarget, ...BrokerTarget[]];
  for (const target of targets) {
    if (target.username !== first.username || target.password !== first.password) {
      throw new BrokerUrlError(
        `The brokers in a list are nodes of one cluster and are logged into the same way, but '${target.display}' has another user name or password than '${first.display}'.`,
      );
    }
  }
  return targets;
}

export function toBrokerServer(target: BrokerTarget): BrokerServer {
  const { protocol, host, port, path, display } = target;
  return { protocol, host, port, path, display };
}

/** MQTT.js' `servers` entry: TCP wants an IPv6 address without its brackets, WebSocket URLs with them. */
export function toMqttServer(server: BrokerServer): { host: string; port: number; protocol: BrokerServer['protocol'] } {
  const host = server.protocol.startsWith('ws') ? server.host : server.host.replace(/^\[(.*)\]$/, '$1');
  return { host, port: server.port, protocol: server.protocol };
}

/**
 * The server MQTT.js is using or last used, from the options it rewrites for each attempt,
 * or undefined before the first.
 */
export function serverInUse(servers: readonly BrokerServer[], options: { protocol?: string; hostname?: string; port?: number }): BrokerServer | undefined {
  return servers.find((server) => server.protocol === options.protocol && server.port === options.port && toMqttServer(server).host === options.hostname);
}
