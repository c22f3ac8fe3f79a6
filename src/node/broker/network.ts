import { networkInterfaces } from 'node:os';

const WILDCARD_HOSTS = new Set(['0.0.0.0', '::', '']);

/**
 * The host to put in a URL for a server bound to `bindHost`: a wildcard bind is reached
 * locally through 127.0.0.1, and IPv6 literals need brackets.
 *
 * @example
 * urlHost('0.0.0.0') // '127.0.0.1'
 * urlHost('::1')     // '[::1]'
 */
export function urlHost(bindHost: string): string {
  if (WILDCARD_HOSTS.has(bindHost)) return '127.0.0.1';
  return bindHost.includes(':') ? `[${bindHost}]` : bindHost;
}

/**
 * The host for TLS URLs: certificates name hosts, not loopback IPs, so loopback and
 * wildcard binds become `localhost`.
 */
export function tlsUrlHost(bindHost: string): string {
  if (WILDCARD_HOSTS.has(bindHost) || bindHost === '127.0.0.1' || bindHost === '::1') return 'localhost';
  return urlHost(bindHost);
}

/** Whether other machines can reach a server bound to `bindHost`. */
export function isLanHost(bindHost: string): boolean {
  return !(bindHost === '127.0.0.1' || bindHost === '::1' || bindHost === 'localhost');
}

/**
 * This machine's IPv4 addresses on its networks (not loopback), for printing the URLs
 * that classmates can use.
 *
 * @example
 * lanAddresses() // ['192.168.1.23']
 */
export function lanAddresses(): string[] {
  const addresses: string[] = [];
  for (const entries of Object.values(networkInterfaces())) {
    for (const entry of entries ?? []) {
      if (entry.family === 'IPv4' && !entry.internal) addresses.push(entry.address);
    }
  }
  return addresses;
}
