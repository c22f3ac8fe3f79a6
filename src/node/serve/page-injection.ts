import { BROKER_PORT_META, BROKER_TCP_PORT_META } from '../../kit/page-broker.js';
import { pieceConfigScript, type PieceConfig } from '../../kit/piece-config.js';

export interface PageInjection {
  /** The embedded broker's real ports: `localhost` in a sketch then means this broker. */
  wsPort: number;
  tcpPort?: number;
  /** What the piece's kit.config.json tells pages (broker, kiosk); nothing when empty. */
  piece?: PieceConfig;
}

// Any order of attributes, either quote: the build writes its own (the port it was built
// with, 9001 unless told), which the running broker's replaces.
const KIT_META = new RegExp(`<meta\\b[^>]*\\bname=["']?(?:${BROKER_PORT_META}|${BROKER_TCP_PORT_META})["']?[^>]*>\\s*`, 'gi');

/**
 * A built page as `npm run serve` hands it out: the broker's real ports in the meta tags
 * the dev server writes (the kit's pages read them: `pageBroker()`), and the piece config
 * as inline JSON (`pieceConfig()`), early in <head> — after its `<meta charset>`, which
 * must come first — so they are there before any script runs.
 *
 * @example
 * injectIntoPage(html, { wsPort: 9002, tcpPort: 1884, piece: { kiosk: true } })
 */
export function injectIntoPage(html: string, injection: PageInjection): string {
  const { wsPort, tcpPort, piece } = injection;
  const tags = [
    `<meta name="${BROKER_PORT_META}" content="${wsPort}">`,
    ...(tcpPort === undefined ? [] : [`<meta name="${BROKER_TCP_PORT_META}" content="${tcpPort}">`]),
    ...(piece && Object.keys(piece).length > 0 ? [pieceConfigScript(piece)] : []),
  ].join('\n    ');
  const page = html.replace(KIT_META, '');
  const anchor = /<meta\s+charset\b[^>]*>/i.exec(page) ?? /<head\b[^>]*>/i.exec(page);
  if (!anchor) return `${tags}\n${page}`;
  const at = anchor.index + anchor[0].length;
  return `${page.slice(0, at)}\n    ${tags}${page.slice(at)}`;
}
