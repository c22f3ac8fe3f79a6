import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** One sketch page, as the gallery lists it. */
export interface SketchPage {
  /** Folder name under sketches/, e.g. 'hello'. */
  name: string;
  /** Absolute path of its index.html (a Vite build input). */
  file: string;
  /** URL path served by Vite, e.g. '/sketches/hello/'. */
  href: string;
  title: string;
  description: string;
}

/**
 * Every `sketches/<name>/index.html` (or `<dir>/<name>/…`; folders starting with `_`, like the template, are
 * skipped). This one list feeds both Vite's build inputs and the gallery, so a new
 * sketch appears everywhere by existing.
 */
export function findSketchPages(root: string, dir = resolve(root, 'sketches')): SketchPage[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith('_') && !entry.name.startsWith('.'))
    .map((entry) => join(dir, entry.name, 'index.html'))
    .filter((file) => existsSync(file))
    .sort()
    .map((file) => describePage(file));
}

function describePage(file: string): SketchPage {
  const html = readFileSync(file, 'utf8');
  const name = file.split(/[\\/]/).at(-2) ?? 'sketch';
  const title = /<title>([^<]*)<\/title>/i.exec(html)?.[1]?.trim() || name;
  const description = /<meta\s+name="description"\s+content="([^"]*)"/i.exec(html)?.[1]?.trim() ?? '';
  return { name, file, href: `sketches/${name}/`, title, description };
}
