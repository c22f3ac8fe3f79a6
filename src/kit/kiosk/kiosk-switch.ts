import type { KioskOptions } from './options.js';

// Its own file: every page with a sketch asks this, while the kiosk's settings and the rest
// load only on kiosk pages (a module shared by both would land on every page whole).

/**
 * Whether this page runs as a kiosk. The person at the page decides first: `?kiosk` turns it
 * on, `?kiosk=off` off (the cursor and the page bar back, while fixing things). Then the
 * piece's kit.config.json, decided where the piece is shown (`false` there turns off a kiosk
 * the code asked for), then the sketch's `kiosk` option.
 *
 * @example
 * kioskIsOn(undefined, '?kiosk', undefined) // true
 * kioskIsOn(true, '?kiosk=off', undefined)  // false
 */
export function kioskIsOn(fromCode: boolean | KioskOptions | undefined, search: string, fromPiece: boolean | KioskOptions | undefined): boolean {
  const asked = new URLSearchParams(search).get('kiosk');
  if (asked !== null) return !/^(off|0|false)$/i.test(asked);
  return fromPiece !== false && Boolean(fromCode || fromPiece);
}
