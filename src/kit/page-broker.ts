import { DEFAULT_WS_PORT } from '../mqtt/defaults.js';
import { isLoopback, parseBrokerUrl, type PageBroker } from '../mqtt/url.js';

/** The <meta name=…> through which the kit's servers tell a page its broker's WebSocket port. */
export const BROKER_PORT_META = 'p5-mqtt-ws-port';
/**
 * The <meta name=…> with the kit broker's MQTT-over-TCP port, for pages that tell people how
 * to connect from outside a browser (Processing, mosquitto_sub, `npm run bot`): it moves off
 * 1883 when Debian's mosquitto holds that port. Only present beside a running kit broker.
 */
export const BROKER_TCP_PORT_META = 'p5-mqtt-tcp-port';
/** The dev server's event to the gallery: the list of sketches changed. */
export const SKETCHES_CHANGED = 'kit:sketches-changed';

/**
 * The kit's broker that served this page, if the page came from the kit (`npm start`): its
 * host is the one the page was reached by, so a student opening the teacher's LAN address
 * gets the teacher's broker, not one on their own machine.
 */
export function pageBroker(doc: Document | undefined = globalThis.document, loc: Location | undefined = globalThis.location): PageBroker | undefined {
  const port = Number(doc?.querySelector(`meta[name="${BROKER_PORT_META}"]`)?.getAttribute('content'));
  if (!loc || !Number.isInteger(port) || port <= 0 || port > 65535) return undefined;
  return { host: loc.hostname || 'localhost', wsPort: port, ...(loc.protocol === 'https:' ? { secure: true } : {}) };
}

/** The WebSocket address sketches reach the kit's broker at from this page. */
export function pageBrokerAddress(broker = pageBroker()): string {
  if (!broker) return `ws://${globalThis.location?.hostname || 'localhost'}:${DEFAULT_WS_PORT}`;
  return `${broker.secure ? 'wss' : 'ws'}://${broker.host}:${broker.wsPort}`;
}

/**
 * What to suggest when the broker cannot be reached: `npm start` only where running it can
 * help, i.e. when the broker is meant to be on this very machine.
 */
export function unreachableHint(url: string | undefined, broker: PageBroker | undefined): string | undefined {
  let host: string;
  try {
    host = parseBrokerUrl(url ?? 'mqtt://localhost', { runtime: 'browser', ...(broker ? { pageBroker: broker } : {}) }).host;
  } catch {
    return undefined;
  }
  if (isLoopback(host)) return 'Try: npm start';
  if (broker && host === broker.host.toLowerCase()) return `It runs beside this page's server on ${host}: is the kit (npm start) still running there?`;
  return undefined;
}
