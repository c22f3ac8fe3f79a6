import { maskUrl } from '../../mqtt/url.js';
import type { PieceFile } from './piece-file.js';

/** What `npm run serve` serves, for the lines it prints between the broker's and the pages'. */
export interface ServeReport {
  /** The served folder as the user would name it, e.g. 'dist/'. */
  site: string;
  /** 'built' just now, 'fresh' as found, 'stale' served as it is (--no-build). */
  build: 'built' | 'fresh' | 'stale';
  pagePort: number;
  /** The piece file and where it came from, if any. */
  piece?: { file: string; settings: PieceFile };
}

/**
 * The lines saying which build is served and what the piece config changes: the piece's
 * address, its broker (password masked), the kiosk.
 *
 * @example
 * describeServe({ site: 'dist/', build: 'fresh', pagePort: 8080 }) // ['Site: dist/ (up to date with the sources)']
 */
export function describeServe(report: ServeReport): string[] {
  const state = { built: 'built just now', fresh: 'up to date with the sources', stale: 'OLDER than the sources: served as it is (--no-build)' }[report.build];
  const lines = [`Site: ${report.site} (${state}); no Vite in this process.`];
  const piece = report.piece?.settings;
  if (!report.piece || !piece) return lines;
  lines.push('', `Piece config (${report.piece.file}):`);
  const base = `http://127.0.0.1:${report.pagePort}/`;
  if (piece.page) lines.push(`  page       ${base}${piece.page}   (${base} goes there too)`);
  if (piece.broker) lines.push(`  broker     ${maskUrl(piece.broker)}   (localhost in sketches means this broker)`);
  if (piece.kiosk !== undefined) lines.push(`  kiosk      ${piece.kiosk === false ? 'off' : piece.kiosk === true ? 'on for every page' : `on for every page: ${JSON.stringify(piece.kiosk)}`}`);
  if (piece.bot) {
    const { topics, interval, pattern } = piece.bot;
    const parts = [topics && `topics ${topics.join(', ')}`, interval && `every ${interval} ms`, pattern && `pattern ${pattern}`].filter(Boolean);
    lines.push(`  bot        ${parts.join(', ')} (with --bot)`);
  }
  return lines;
}
