import type { KioskOptions } from './kiosk/options.js';

/**
 * The id of the `<script type="application/json">` through which `npm run serve` hands a
 * page the piece's kit.config.json (what concerns pages: broker and kiosk).
 */
export const PIECE_CONFIG_ID = 'p5-mqtt-piece';

/** What a page learns from the piece's kit.config.json. */
export interface PieceConfig {
  /** The broker where `localhost` in sketches should go, like `VITE_MQTT_URL` but chosen at the venue. */
  broker?: string;
  kiosk?: boolean | KioskOptions;
}

/**
 * The piece's settings the server wrote into this page, or `{}` when there are none (a
 * page from `npm start` or a plain host) or they are unreadable.
 */
export function pieceConfig(doc: Document | undefined = globalThis.document): PieceConfig {
  const text = doc?.getElementById(PIECE_CONFIG_ID)?.textContent;
  if (!text) return {};
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return {};
  }
  if (typeof data !== 'object' || data === null) return {};
  const { broker, kiosk } = data as Record<string, unknown>;
  return {
    ...(typeof broker === 'string' && broker.trim() ? { broker: broker.trim() } : {}),
    ...(typeof kiosk === 'boolean' || (typeof kiosk === 'object' && kiosk !== null && !Array.isArray(kiosk)) ? { kiosk: kiosk as boolean | KioskOptions } : {}),
  };
}

/**
 * The tag that hands `config` to a page. `<` is escaped so no value can close the script
 * element early and write markup into the page.
 *
 * @example
 * pieceConfigScript({ kiosk: true }) // '<script type="application/json" id="p5-mqtt-piece">{"kiosk":true}</script>'
 */
export function pieceConfigScript(config: PieceConfig): string {
  const json = JSON.stringify(config).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
  return `<script type="application/json" id="${PIECE_CONFIG_ID}">${json}</script>`;
}
