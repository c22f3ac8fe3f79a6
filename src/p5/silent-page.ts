import { showPageProblem } from './hud.js';

/** Long enough after `load` for any sketch p5 is going to start to have begun its setup. */
const GRACE_MS = 2000;

/**
 * A page that registers the addon but never starts a sketch is blank and silent — most
 * often `function setup() {…}` written in a module, where it is not global, so p5 never
 * sees it. Say so, in the console and on the page, once.
 */
export function reportIfNoSketchStarts(started: () => boolean): void {
  if (typeof window === 'undefined' || typeof document === 'undefined') return;
  const check = () => {
    if (started()) return;
    const onWindow = ['setup', 'draw'].filter((name) => typeof (window as unknown as Record<string, unknown>)[name] === 'function');
    const text = onWindow.length > 0
      ? `No p5 sketch started, though window.${onWindow.join(' and window.')} exist${onWindow.length > 1 ? '' : 's'}: p5 assembled from modules (src/p5/p5-2d.js) does not start global mode by itself. Add \`new p5();\` after handing your functions to window.`
      : 'No p5 sketch started: p5 found no setup() or draw(). In a module (a sketch.ts, or <script type="module">) functions are not global: end the file with `Object.assign(window, { setup, draw, messageReceived }); new p5();` (see sketches/_template-global), or use instance mode (sketches/_template).';
    console.error(`[mqtt] ${text}`);
    showPageProblem(text);
  };
  const later = () => setTimeout(check, GRACE_MS);
  if (document.readyState === 'complete') later();
  else window.addEventListener('load', later, { once: true });
}
