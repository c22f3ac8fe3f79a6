// QR codes of the kit's addresses, made here (uqr, no online service): on student cards, on
// the gallery and in `npm start -- --lan`'s banner. One set of options, so a test can
// rebuild the exact code a page shows from the text it should hold.
import { renderSVG, renderUnicodeCompact, type QrCodeGenerateOptions } from 'uqr';

/**
 * Medium error correction survives a crease in a printed card or glare on a projector at
 * little cost in size for a URL. A quiet zone of two modules, not the standard four: the
 * page and the dark terminal around the code add the rest, and scanners read it.
 */
export const QR_OPTIONS: Readonly<QrCodeGenerateOptions> = { ecc: 'M', border: 2 };

/**
 * The code as an SVG element's markup, black on white, sized by its container (viewBox only).
 *
 * @example
 * figure.innerHTML = qrSvg('http://192.168.1.23:5173/');
 */
export function qrSvg(text: string): string {
  return renderSVG(text, { ...QR_OPTIONS, pixelSize: 1 });
}

/**
 * The code as terminal lines, two modules per character row (half blocks). Plain, the blocks
 * draw the light modules in the text colour, which is right on a dark terminal and inverted
 * on a light one; with `colour`, ANSI codes set white on black themselves, so any theme reads.
 *
 * @example
 * console.log(qrTerminal('http://192.168.1.23:5173/', { colour: process.stdout.isTTY }).join('\n'));
 */
export function qrTerminal(text: string, { colour = false }: { colour?: boolean } = {}): string[] {
  const lines = renderUnicodeCompact(text, QR_OPTIONS).split('\n');
  return colour ? lines.map((line) => `\x1b[97;40m${line}\x1b[0m`) : lines;
}
