import { readdirSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';

/** The HTML pages of a built site, looked up by URL path. */
export interface SitePages {
  /** The site's folder, absolute. */
  dir: string;
  /** The page file a URL path names (`/`, `/sketches/hello/`, `/inspector/index.html`), or undefined. */
  find(pathname: string): string | undefined;
}

/** How often a miss may list the site again: a site rebuilt while serving gains pages. */
const RELIST_MS = 1000;

/**
 * The site's pages, found by listing its folder (dotfiles and dot folders left out), so a
 * page is served only when the request names one of them exactly: nothing of the request
 * becomes part of a path. Listed again on a miss, at most once a second.
 *
 * @example
 * sitePages('dist').find('/sketches/hello/') // '/…/dist/sketches/hello/index.html'
 */
export function sitePages(dir: string): SitePages {
  const base = resolve(dir);
  let pages = listPages(base);
  let listedAt = Date.now();
  return {
    dir: base,
    find(pathname) {
      let decoded: string;
      try {
        decoded = decodeURIComponent(pathname);
      } catch {
        return undefined;
      }
      const key = decoded.endsWith('/') ? `${decoded}index.html` : decoded;
      if (!key.endsWith('.html')) return undefined;
      if (!pages.has(key) && Date.now() - listedAt > RELIST_MS) {
        pages = listPages(base);
        listedAt = Date.now();
      }
      return pages.get(key);
    },
  };
}

/** URL path ('/sketches/hello/index.html') → file, for every .html file under `base`. */
function listPages(base: string): Map<string, string> {
  let names: string[];
  try {
    names = readdirSync(base, { recursive: true, encoding: 'utf8' });
  } catch {
    // No site (yet): nothing to serve.
    return new Map();
  }
  return new Map(
    names
      .filter((name) => name.endsWith('.html') && !name.split(sep).some((part) => part.startsWith('.')))
      .map((name) => [`/${name.split(sep).join('/')}`, join(base, name)]),
  );
}
