import { pageTexts, type PageTexts } from '../texts/page-texts.js';
import { pageLanguage, type Language } from '../texts/language.js';

/**
 * Puts the page's static words in the browser's language: `data-text="key"` sets an element's
 * text (its markup, for keys ending in `Html`), `data-placeholder` and `data-aria-label` those
 * attributes, from src/texts/page-texts.ts. Also sets `<html lang>`. Returns the texts, for
 * what the page words itself.
 *
 * @example
 * // <h2 data-text="toolsHeading">Tools</h2>
 * const texts = translatePage(); // "Ferramentas" in a Portuguese browser
 */
export function translatePage(root: ParentNode = document, language: Language = pageLanguage()): PageTexts {
  const texts = pageTexts(language);
  const lookup = (key: string | undefined): string | undefined => {
    const value = key === undefined ? undefined : (texts as unknown as Record<string, unknown>)[key];
    return typeof value === 'string' ? value : undefined;
  };
  for (const element of root.querySelectorAll<HTMLElement>('[data-text]')) {
    const key = element.dataset.text;
    const value = lookup(key);
    if (value === undefined) continue;
    // Markup only from keys that say so, written in the table itself.
    if (key!.endsWith('Html')) element.innerHTML = value;
    else element.textContent = value;
  }
  for (const element of root.querySelectorAll<HTMLElement>('[data-placeholder]')) {
    const value = lookup(element.dataset.placeholder);
    if (value !== undefined) element.setAttribute('placeholder', value);
  }
  for (const element of root.querySelectorAll<HTMLElement>('[data-aria-label]')) {
    const value = lookup(element.dataset.ariaLabel);
    if (value !== undefined) element.setAttribute('aria-label', value);
  }
  if (typeof document !== 'undefined' && root === document) document.documentElement.lang = language;
  return texts;
}
