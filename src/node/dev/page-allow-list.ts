import { existsSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join, relative, sep } from 'node:path';
import { isInside, type ServedPaths } from './served-paths.js';

// Vite's own modules: its client, and virtual modules (`\0`-ids, served only by plugins).
const VITE_PATHS = ['/@vite/client', '/@vite/env'];
const VIRTUAL_PREFIX = '/@id/__x00__';
const FS_PREFIX = '/@fs/';

/**
 * Whether the dev server may answer `url` (path and query, as in the request line): a kit
 * page, a file in a served folder, a public file, Vite's client and virtual modules, and
 * `/@fs/` only into served folders. Refused: dot segments and dotfiles (Vite's dependency
 * cache, node_modules/.vite, aside), backslashes, NUL, double encoding, and any path Vite
 * could read as something else.
 *
 * @example
 * isServedUrl('/sketches/hello/sketch.ts?t=1', paths) // true
 * isServedUrl('/turma-cards.html', paths) // false
 */
export function isServedUrl(url: string, paths: ServedPaths): boolean {
  const pathname = url.split(/[?#]/, 1)[0]!;
  if (!pathname.startsWith('/') || pathname.includes('\\')) return false;
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return false;
  }
  // Encoded twice: a layer that decodes again would see another path than this check did.
  if (/[\0\\]|%[0-9a-f]{2}/i.test(decoded)) return false;
  if (VITE_PATHS.includes(decoded) || decoded.startsWith(VIRTUAL_PREFIX)) return true;
  if (decoded.startsWith('/@') && !decoded.startsWith(FS_PREFIX)) return false;
  const path = decoded.startsWith(FS_PREFIX) ? decoded.slice(FS_PREFIX.length - 1) : decoded;
  const segments = path.slice(1).split('/');
  if (path.endsWith('/')) segments.pop();
  if (segments.some((segment) => segment === '' || segment === '.' || segment === '..')) return false;
  const file = decoded.startsWith(FS_PREFIX) ? path : join(paths.root, path);
  if (!decoded.startsWith(FS_PREFIX) && isPublicFile(path, paths.publicDir)) return true;
  const target = path.endsWith('/') ? join(file, 'index.html') : file;
  if (paths.files.includes(target) || paths.files.includes(join(target, 'index.html'))) return true;
  const folder = paths.folders.filter((candidate) => isInside(candidate, target)).sort((a, b) => b.length - a.length)[0];
  // Inside its folder, no name may start with a dot: .env, .git, a teacher's .secrets/.
  return folder !== undefined && !relative(folder, target).split(sep).some((name) => name.startsWith('.'));
}

function isPublicFile(path: string, publicDir: string | undefined): boolean {
  if (!publicDir || path.split('/').some((name) => name.startsWith('.'))) return false;
  const file = join(publicDir, path);
  return isInside(publicDir, file) && file !== publicDir && existsSync(file);
}

/**
 * Connect middleware for the dev server, first in line: a plain 404 for every request
 * `isServedUrl` refuses, before Vite reads anything (its own 403 would name the folders it
 * allows, and say that the file exists).
 */
export function pageAllowList(paths: ServedPaths) {
  return (request: IncomingMessage, response: ServerResponse, next: () => void): void => {
    if (isServedUrl(request.url ?? '/', paths)) return next();
    response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
    response.end(request.method === 'HEAD' ? undefined : 'Not found\n');
  };
}
