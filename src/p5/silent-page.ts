import { showPageProblem } from './hud.js';
import { pageLanguage, type Language } from '../texts/language.js';
import { sketchTexts } from '../texts/sketch-texts.js';

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
    const say = (language: Language) => {
      const texts = sketchTexts(language);
      return onWindow.length > 0 ? texts.noSketchOnWindow(onWindow) : texts.noSketch;
    };
    // The console in English, as every other console line; the page in the browser's language.
    console.error(`[mqtt] ${say('en')}`);
    showPageProblem(say(pageLanguage()));
  };
  const later = () => setTimeout(check, GRACE_MS);
  if (document.readyState === 'complete') later();
  else window.addEventListener('load', later, { once: true });
}
