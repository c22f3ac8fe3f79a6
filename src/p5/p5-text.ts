/**
 * `p5-2d.ts` plus text (`text()`, `textSize()`, fonts). The type module carries p5's font
 * engine, the heaviest part of p5 a 2D sketch would load (README's Performance table has the
 * weights); sketches that can show their words in HTML instead (like hello) leave it out.
 *
 * @example
 * import p5 from '../../src/p5/p5-text.js';
 */
import p5 from './p5-2d.js';
import type from 'p5/type';

type(p5);

export default p5;
