import { resolve } from 'node:path';

/** One of the kit's own pages (not a sketch): its HTML at the repository root, its code in src/pages/<name>/. */
export interface KitPage {
  name: string;
  /** Path of its index.html relative to the root, e.g. 'inspector/index.html'. */
  html: string;
}

/**
 * The kit's pages that are not sketches. Vite serves a page by its path, so `html` also
 * fixes the URL ('inspector/index.html' is /inspector/); a new kit page is one entry here,
 * and the build and the page tests pick it up.
 */
export const KIT_PAGES: readonly KitPage[] = [
  { name: 'gallery', html: 'index.html' },
  { name: 'inspector', html: 'inspector/index.html' },
  { name: 'serial', html: 'serial/index.html' },
  { name: 'class', html: 'class/index.html' },
];

/** The URL path a kit page is served at: '/' for the gallery, '/inspector/' for the inspector. */
export function kitPagePath(page: KitPage): string {
  return `/${page.html.replace(/index\.html$/, '')}`;
}

/** Vite's build inputs for the kit pages: name → absolute path of its index.html. */
export function kitPageInputs(root: string): Record<string, string> {
  return Object.fromEntries(KIT_PAGES.map((page) => [page.name, resolve(root, page.html)]));
}
