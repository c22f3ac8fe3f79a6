import { isLoopback, parseBrokerUrl } from '../mqtt/url.js';
import { pieceConfig } from './piece-config.js';

/**
 * Which broker a page talks to. The person at the page decides last: `?broker=URL` in the
 * address (the gallery's broker selector writes it) beats everything. Then the code's URL —
 * except that one naming this machine (`localhost`, the tutorial's habit) means the broker
 * the piece is deployed with: the `broker` of the piece's kit.config.json that `npm run serve`
 * wrote into the page, or else `VITE_MQTT_URL` set at build time (the config is chosen at
 * the venue, after the build, so it comes first). Its credentials, if it has none of its
 * own, come from the code's URL. With neither, the code's URL, and with no URL at all, the
 * kit's broker that served the page.
 *
 * @example
 * // built with VITE_MQTT_URL=wss://mqtt.venue.example/mqtt
 * chooseBrokerUrl('mqtt://public:public@localhost') // 'wss://public:public@mqtt.venue.example/mqtt'
 */
export function chooseBrokerUrl(
  fromCode?: string,
  search = globalThis.location?.search ?? '',
  fromBuild = import.meta.env?.VITE_MQTT_URL as string | undefined,
  fromPiece = pieceConfig().broker,
): string | undefined {
  const fromPage = new URLSearchParams(search).get('broker')?.trim();
  if (fromPage) return fromPage;
  const deployed = (typeof fromPiece === 'string' && fromPiece.trim()) || fromBuild?.trim();
  if (!deployed) return fromCode;
  if (fromCode && !namesThisMachine(fromCode)) return fromCode;
  return withCredentialsOf(fromCode, deployed);
}

function namesThisMachine(url: string): boolean {
  try {
    return isLoopback(parseBrokerUrl(url, { runtime: 'node' }).host);
  } catch {
    // A broken URL is left for connect() to explain.
    return false;
  }
}

/** `target` with the `user:pass@` of `source`, unless it carries its own. */
function withCredentialsOf(source: string | undefined, target: string): string {
  const credentials = source === undefined ? undefined : /^(?:[a-z][a-z0-9+.-]*:\/\/)?([^/?#]*)@/i.exec(source)?.[1];
  if (!credentials || target.includes('@')) return target;
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(target)?.[0] ?? '';
  return `${scheme}${credentials}@${target.slice(scheme.length)}`;
}
