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
 * page from `npm start` or a plain host) or they are unreadable. Taken as written: `serve`
 * checked the file, and the readers (`chooseBrokerUrl`, the kiosk) check each value's type.
 */
export function pieceConfig(doc: Document | undefined = globalThis.document): PieceConfig {
  try {
    const data: unknown = JSON.parse(doc?.getElementById(PIECE_CONFIG_ID)?.textContent || '{}');
    return typeof data === 'object' && data !== null ? (data as PieceConfig) : {};
  } catch {
    return {};
  }
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
