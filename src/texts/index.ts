// The words the kit shows people, in English and Brazilian Portuguese. Re-exports only.
export { chooseLanguage, pageLanguage, type Language } from './language.js';
export { describeStatus, type StatusReason } from './status-words.js';
export { pageTexts, type PageTexts } from './page-texts.js';
export { sketchTexts, type SketchTexts } from './sketch-texts.js';
