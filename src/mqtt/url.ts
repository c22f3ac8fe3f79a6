import { DEFAULT_WS_PORT } from './defaults.js';
import { publicBroker } from './public-brokers.js';

/** Where and how to connect, after translating what the user wrote. */
export interface BrokerTarget {
  /** What MQTT.js connects to; credentials are kept apart, never in this string. */
  readonly url: string;
  readonly protocol: 'mqtt' | 'mqtts' | 'ws' | 'wss';
  readonly host: string;
  readonly port: number;
  /** WebSocket path ('' for TCP). */
  readonly path: string;
  readonly username?: string;
  readonly password?: string;
  /** The target with the password masked, for logs and the HUD: `ws://public:****@localhost:9001`. */
  readonly display: string;
  /** Why the URL differs from what was written (a browser cannot open TCP sockets), if it does. */
  readonly note?: string;
}

/** A broker that came with the page (the server that served it runs one beside it). */
export interface PageBroker {
  /** The host as this page reached it (`location.hostname`): a LAN address for a student. */
  readonly host: string;
  readonly wsPort: number;
  /** It speaks wss:// (the page was served with TLS). */
  readonly secure?: boolean;
}

export interface UrlContext {
  /** Browsers speak MQTT over WebSocket only; Node speaks both. */
  readonly runtime: 'browser' | 'node';
  /**
   * In a page served beside a broker, `localhost` in a URL means that broker, wherever the
   * page is opened from: the sketch a teacher serves keeps working on every student's machine.
   */
  readonly pageBroker?: PageBroker;
  /** The page was loaded over https://, where browsers refuse ws:// to other hosts. */
  readonly securePage?: boolean;
}

/** Thrown for a URL we cannot use; the message names the bad part and shows a valid one. */
export class BrokerUrlError extends Error {
  override name = 'BrokerUrlError';
}

const SCHEMES = { mqtt: 'mqtt', tcp: 'mqtt', mqtts: 'mqtts', ssl: 'mqtts', tls: 'mqtts', ws: 'ws', wss: 'wss' } as const;
type Scheme = keyof typeof SCHEMES;
const DEFAULT_PORTS = { mqtt: 1883, mqtts: 8883, ws: 80, wss: 443 } as const;
const EXAMPLE = 'mqtt://public:public@public.cloud.shiftr.io or ws://localhost:9001';
// scheme :// [user[:pass]@] host [:port] [/path] [?query]. Credentials are split off at
// the last '@' first, so a password may hold '#', '/', '?' or '@' without leaking into
// the host part (and from there into an error message).
// A DNS name or IPv4 address (letters, digits, '-', '_', '.'), or an IPv6 address in brackets.
const VALID_HOST = /^(?:[a-z0-9_](?:[a-z0-9_.-]*[a-z0-9_])?|\[[0-9a-f:.]+\])$/i;
const SCHEME = /^([a-z][a-z0-9+.-]*):\/\/(.*)$/is;
const HOST_PART = /^(\[[^\]]*\]|[^:/?#]*)(?::([^/?#]*))?([^?#]*)?(?:[?#].*)?$/s;

/**
 * Parses a broker URL written the way Processing users write it and translates it for
 * the runtime: in a browser `mqtt://` becomes WebSocket (`wss://…:443` for shiftr.io and
 * `mqtts://`, the embedded broker's port for other hosts); in Node TCP stays TCP.
 *
 * @example
 * parseBrokerUrl('mqtt://public:public@public.cloud.shiftr.io', { runtime: 'browser' }).url
 * // 'wss://public.cloud.shiftr.io:443'
 */
export function parseBrokerUrl(input: string, context: UrlContext): BrokerTarget {
  if (typeof input !== 'string' || input.trim() === '') {
    throw new BrokerUrlError(`The broker URL is empty. Write one such as ${EXAMPLE}.`);
  }
  const written = input.trim();
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(written) ? written : `mqtt://${written}`;
  const [, rawScheme = '', rest = ''] = SCHEME.exec(withScheme) ?? [];
  const at = rest.lastIndexOf('@');
  const userInfo = at < 0 ? undefined : rest.slice(0, at);
  const parts = HOST_PART.exec(at < 0 ? rest : rest.slice(at + 1));
  if (!parts) throw new BrokerUrlError(`'${mask(written)}' is not a URL. Write one such as ${EXAMPLE}.`);
  const [, rawHost = '', rawPort, rawPath = ''] = parts;

  const scheme = rawScheme.toLowerCase();
  if (!(scheme in SCHEMES)) {
    throw new BrokerUrlError(
      `The scheme '${scheme}://' in '${mask(written)}' is not supported; use mqtt://, mqtts://, tcp://, ws:// or wss://, e.g. ${EXAMPLE}.`,
    );
  }
  let host = rawHost.toLowerCase();
  if (host === '' || host === '[]') {
    throw new BrokerUrlError(`The host is missing in '${mask(written)}'. Write one such as ${EXAMPLE}.`);
  }
  if (!VALID_HOST.test(host)) {
    throw new BrokerUrlError(`The host '${printable(host)}' in '${mask(written)}' is not a valid host name. Write one such as ${EXAMPLE}.`);
  }
  let port: number | undefined;
  if (rawPort !== undefined) {
    port = Number(rawPort);
    if (!/^\d{1,5}$/.test(rawPort) || port < 1 || port > 65535) {
      throw new BrokerUrlError(
        `The port '${rawPort}' in '${mask(written)}' is not a port number (1–65535). Write one such as ${EXAMPLE}.`,
      );
    }
  }
  const { username, password } = splitUserInfo(userInfo, written);
  const written_protocol = SCHEMES[scheme as Scheme];
  const translated = translate({ protocol: written_protocol, host, port, path: rawPath }, context, written);
  const { protocol, path, note } = translated;
  const finalPort = translated.port;
  host = translated.host;
  if (context.runtime === 'browser' && context.securePage && protocol === 'ws' && !isLoopback(host)) {
    throw new BrokerUrlError(
      `This page was loaded over https://, and browsers block ws:// connections from it. Use the broker's wss:// URL instead of '${mask(written)}', e.g. wss://public:public@public.cloud.shiftr.io.`,
    );
  }
  const url = `${protocol}://${host}:${finalPort}${path}`;
  const auth = username === undefined ? '' : `${username}${password === undefined ? '' : ':****'}@`;
  return {
    url,
    protocol,
    host,
    port: finalPort,
    path,
    ...(username === undefined ? {} : { username }),
    ...(password === undefined ? {} : { password }),
    display: `${protocol}://${auth}${host}:${finalPort}${path}`,
    ...(note ? { note } : {}),
  };
}

interface Written {
  readonly protocol: BrokerTarget['protocol'];
  readonly host: string;
  readonly port: number | undefined;
  readonly path: string;
}

function translate(
  url: Written,
  context: UrlContext,
  written: string,
): { protocol: BrokerTarget['protocol']; host: string; port: number; path: string; note?: string } {
  const { protocol, host, port, path } = url;
  const isWebSocket = protocol === 'ws' || protocol === 'wss';
  if (context.runtime === 'node') return { protocol, host, port: port ?? DEFAULT_PORTS[protocol], path: isWebSocket ? path : '' };
  const page = context.pageBroker;
  const meansPage = page !== undefined && (isLoopback(host) || host === page.host.toLowerCase());
  if (isWebSocket) {
    // Only the page's own broker port is rewritten: ws://localhost:1884 may well be another
    // broker on the student's own machine (shiftr.io's desktop app, say).
    if (meansPage && port === page.wsPort) return { protocol, host: page.host.toLowerCase(), port, path };
    return { protocol, host, port: port ?? DEFAULT_PORTS[protocol], path };
  }
  const why = 'browsers cannot open TCP sockets, so MQTT goes over WebSocket';
  if (meansPage) {
    const secure = page.secure ? 'wss' : 'ws';
    return { protocol: secure, host: page.host.toLowerCase(), port: page.wsPort, path, note: `${why} (${secure} on port ${page.wsPort}, the broker that served this page)` };
  }
  if (isLoopback(host)) {
    return { protocol: 'ws', host, port: DEFAULT_WS_PORT, path, note: `${why} (ws on port ${DEFAULT_WS_PORT}, the kit's broker)` };
  }
  const known = publicBroker(host);
  if (known) {
    const useTls = protocol === 'mqtts' || known.ws === undefined;
    const ws = useTls ? 'wss' : 'ws';
    const wsPort = useTls ? known.wss : known.ws!;
    return { protocol: ws, host, port: wsPort, path: path || known.path, note: `${why} (${ws} on port ${wsPort})` };
  }
  const example = protocol === 'mqtts' ? `wss://${host}:8084/mqtt` : `ws://${host}:8080/mqtt`;
  throw new BrokerUrlError(
    `In a browser MQTT goes over WebSocket, and the WebSocket port of '${printable(host)}' is not known here (in '${mask(written)}'). Write the broker's WebSocket URL, e.g. ${example} (its documentation names the port and path; the kit's own broker is ws://${host}:${DEFAULT_WS_PORT}).`,
  );
}

/**
 * This machine or a network it is on, as a URL may name it: loopback, private and link-local
 * addresses, names local networks use (`teacher-laptop.local`, `.lan`, `.home.arpa`,
 * `.internal`) and names without a dot (`raspberrypi`). Anything else is on the internet.
 */
export function isLocalNetworkHost(host: string): boolean {
  const name = host.toLowerCase().replace(/^\[|\]$/g, '');
  if (isLoopback(host) || !name.includes('.') && !name.includes(':')) return true;
  if (/\.(local|lan|home\.arpa|internal)$/.test(name)) return true;
  const v4 = /^(\d{1,3})\.(\d{1,3})\.\d{1,3}\.\d{1,3}$/.exec(name);
  if (v4) {
    const [a, b] = [Number(v4[1]), Number(v4[2])];
    return a === 10 || a === 127 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254);
  }
  return /^(fc|fd|fe8|fe9|fea|feb)[0-9a-f]*:/.test(name) || name === '::1';
}

/** This machine, as a URL may name it. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '[::1]' || host === '0.0.0.0' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

function splitUserInfo(userInfo: string | undefined, written: string): { username?: string; password?: string } {
  if (userInfo === undefined) return {};
  const colon = userInfo.indexOf(':');
  const rawUser = colon < 0 ? userInfo : userInfo.slice(0, colon);
  const rawPass = colon < 0 ? undefined : userInfo.slice(colon + 1);
  try {
    const username = decodeURIComponent(rawUser);
    return rawPass === undefined ? { username } : { username, password: decodeURIComponent(rawPass) };
  } catch {
    throw new BrokerUrlError(
      `The user name or password in '${mask(written)}' has a broken %-escape. Write one such as ${EXAMPLE}.`,
    );
  }
}

/** Control characters shown escaped, so an error message stays one readable line. */
function printable(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** Hides the password in a URL (`mqtt://public:****@host`) so it can be shown or logged. */
export function maskUrl(url: string): string {
  return mask(url);
}

function mask(url: string): string {
  const parts = /^([a-z][a-z0-9+.-]*:\/\/)?(.*)$/is.exec(url);
  const [, scheme = '', rest = ''] = parts ?? [];
  const at = rest.lastIndexOf('@');
  if (at < 0) return url;
  const colon = rest.indexOf(':');
  if (colon < 0 || colon > at) return url;
  return `${scheme}${rest.slice(0, colon)}:****${rest.slice(at)}`;
}
