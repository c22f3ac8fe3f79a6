/**
 * p5.js for 2D sketches, assembled from p5 2.x's modules instead of the whole library:
 * core + shapes, colour, input events, maths and time — no text (`p5-text.ts` adds it;
 * its font engine is the heaviest part). A sketch page loads a fraction of p5 this way
 * (see `npm run bench`, page weight). A sketch that needs more (images, WebGL, DOM)
 * imports `p5` whole, or registers the module it needs:
 *
 * @example
 * import p5 from '../../src/p5/p5-2d.js';
 * new p5((p) => { p.setup = () => p.createCanvas(200, 200); });
 */
import p5 from 'p5/core';
import color from 'p5/color';
import events from 'p5/events';
import math from 'p5/math';
import shape from 'p5/shape';
import utilities from 'p5/utilities';
import { explainMissingModules } from './missing-modules.js';

for (const module of [shape, color, events, math, utilities]) module(p5);
explainMissingModules(p5);
// p5 2.x's resizeCanvas() asks the accessibility module (left out here) whether to update its
// outputs without checking it is there, as p5 does elsewhere (`_addAccsOutput?.()`): without
// this, resizeCanvas() — in windowResized(), in a kiosk — throws. Loading the module replaces it.
(p5.prototype as unknown as { _addAccsOutput?: () => boolean })._addAccsOutput ??= () => false;

export default p5;
