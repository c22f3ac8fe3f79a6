import type { ClientStatus } from '../mqtt/transport.js';
import type { Language } from './language.js';

/**
 * What a sketch page itself shows besides the status reasons (status-texts.ts): the HUD's
 * words and the notice of a page where no sketch starts. Apart from the kit pages' table, so a
 * sketch's bundle (size-budgeted) carries only these. `ptBR` has the type of `en`: a key missing
 * from either is a type error.
 */
const en = {
  // The HUD (src/p5/hud.ts): state words, and the rate.
  status: { connecting: 'connecting', connected: 'connected', reconnecting: 'reconnecting', offline: 'offline', error: 'error' } satisfies Record<ClientStatus, string>,
  perSecond: 'msg/s',
  // A page with no sketch (src/p5/silent-page.ts).
  noSketchOnWindow: (names: string[]) => `No p5 sketch started, though window.${names.join(' and window.')} exist${names.length > 1 ? '' : 's'}: p5 assembled from modules (src/p5/p5-2d.js) does not start global mode by itself. Add \`new p5();\` after handing your functions to window.`,
  noSketch: 'No p5 sketch started: p5 found no setup() or draw(). In a module (a sketch.ts, or <script type="module">) functions are not global: end the file with `Object.assign(window, { setup, draw, messageReceived }); new p5();` (see sketches/_template-global), or use instance mode (sketches/_template).',
};

export type SketchTexts = typeof en;

const ptBR: SketchTexts = {
  status: { connecting: 'conectando', connected: 'conectado', reconnecting: 'reconectando', offline: 'desconectado', error: 'erro' },
  perSecond: 'msg/s',
  noSketchOnWindow: (names) => `Nenhum sketch p5 começou, embora window.${names.join(' e window.')} exista${names.length > 1 ? 'm' : ''}: o p5 montado a partir de módulos (src/p5/p5-2d.js) não inicia o modo global sozinho. Acrescente \`new p5();\` depois de passar suas funções para window.`,
  noSketch: 'Nenhum sketch p5 começou: o p5 não encontrou setup() nem draw(). Num módulo (um sketch.ts, ou <script type="module">) as funções não são globais: termine o arquivo com `Object.assign(window, { setup, draw, messageReceived }); new p5();` (veja sketches/_template-global), ou use o modo instância (sketches/_template).',
};

const TABLES: Record<Language, SketchTexts> = { en, 'pt-BR': ptBR };

/** A sketch page's own words in `language`. */
export function sketchTexts(language: Language): SketchTexts {
  return TABLES[language];
}
