import { describe, expect, it } from 'vitest';
import { encode } from 'uqr';
import { QR_OPTIONS, qrSvg, qrTerminal } from '../../src/kit/qr-code.js';

const URL_TEXT = 'http://192.168.1.23:5173/';

/** The dark modules an SVG draws, read back from its one path of unit squares. */
function svgModules(svg: string): Set<string> {
  const d = /<path[^>]*\sd="([^"]*)"/.exec(svg)?.[1] ?? '';
  return new Set([...d.matchAll(/M(\d+),(\d+)/g)].map((m) => `${m[1]},${m[2]}`));
}

/** Reads half-block terminal lines back into rows of modules (true = dark), as a camera would on a dark terminal. */
function terminalModules(lines: string[]): boolean[][] {
  const rows: boolean[][] = [];
  for (const line of lines) {
    const top: boolean[] = [];
    const bottom: boolean[] = [];
    for (const char of line) {
      // A block is lit, i.e. a light module; a space is the dark terminal showing through.
      top.push(!(char === '█' || char === '▀'));
      bottom.push(!(char === '█' || char === '▄'));
    }
    rows.push(top, bottom);
  }
  return rows;
}

describe('QR codes of the kit', () => {
  const code = encode(URL_TEXT, QR_OPTIONS);

  it('draws exactly the dark modules of the code in the SVG, on a white square', () => {
    const svg = qrSvg(URL_TEXT);
    expect(svg).toMatch(/^<svg [^>]*viewBox="0 0 (\d+) \1"/);
    expect(svg).toContain(`viewBox="0 0 ${code.size} ${code.size}"`);
    const dark = new Set<string>();
    code.data.forEach((row, y) => row.forEach((on, x) => on && dark.add(`${x},${y}`)));
    expect(svgModules(svg)).toEqual(dark);
    // A different text is a different code: the comparison above can fail.
    expect(svgModules(qrSvg(`${URL_TEXT}x`))).not.toEqual(dark);
  });

  it('prints light modules as lit blocks, so the code reads right on a dark terminal', () => {
    const lines = qrTerminal(URL_TEXT);
    expect(lines).toHaveLength(Math.ceil(code.size / 2));
    expect(terminalModules(lines).slice(0, code.size)).toEqual(code.data);
    // The quiet zone is lit all round.
    expect(lines[0]).toBe('█'.repeat(code.size));
  });

  it('sets white on black itself when asked to colour, for light terminals too', () => {
    const plain = qrTerminal(URL_TEXT);
    const coloured = qrTerminal(URL_TEXT, { colour: true });
    expect(coloured.map((line) => line.replace(/\x1b\[[\d;]*m/g, ''))).toEqual(plain);
    for (const line of coloured) expect(line).toMatch(/^\x1b\[97;40m.*\x1b\[0m$/);
  });
});
