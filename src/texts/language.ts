/** The languages the kit's pages and HUD speak. */
export type Language = 'en' | 'pt-BR';

/**
 * Portuguese when the browser's first language is any Portuguese (pt, pt-BR, pt-PT), English
 * otherwise: the first entry is the one the person put on top, so a Brazilian with English
 * second still gets Portuguese, and an English-first browser that also lists pt does not.
 *
 * @example
 * chooseLanguage(['pt-BR', 'en-US']) // 'pt-BR'
 * chooseLanguage(['en-GB', 'pt'])    // 'en'
 */
export function chooseLanguage(languages: readonly string[] | undefined): Language {
  const first = languages?.[0]?.toLowerCase() ?? '';
  return first === 'pt' || first.startsWith('pt-') ? 'pt-BR' : 'en';
}

/** This page's language, from `navigator.languages` (English where there is no navigator: Node, tests). */
export function pageLanguage(): Language {
  const nav = (globalThis as { navigator?: { languages?: readonly string[]; language?: string } }).navigator;
  if (!nav) return 'en';
  return chooseLanguage(nav.languages && nav.languages.length > 0 ? nav.languages : nav.language ? [nav.language] : []);
}
