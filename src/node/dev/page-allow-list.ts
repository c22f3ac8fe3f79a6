import { existsSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join, relative, sep } from 'node:path';
import { isInside } from './served-paths.js';

/** What a dev server may hand out, as absolute paths. */
export interface ServedFiles {
  root: string;
  /** Folders and files served, with everything in a folder (Vite's `server.fs.allow`, and its dependency cache). */
  allowed: readonly string[];
  /** Served at `/` (a file `public/x` is `/x`); none when Vite's publicDir is turned off. */
  publicDir?: string;
}

// Vite's own modules: its client, and virtual modules (`\0`-ids, served only by plugins).
const VITE_PATHS = ['/@vite/client', '/@vite/env'];
const VIRTUAL_PREFIX = '/@id/__x00__';
const FS_PREFIX = '/@fs/';

/**
 * Whether the dev server may answer `url` (path and query, as in the request line): a file
 * or page in `allowed`, a public file, Vite's client and virtual modules, and `/@fs/` only
 * into `allowed`. Refused: dot segments, names starting with a dot inside an allowed folder,
 * backslashes, NUL, double encoding, and Vite's other `/@…` doors.
 *
 * @example
 * isServedUrl('/sketches/hello/sketch.ts?t=1', served) // true
 * isServedUrl('/turma-cards.html', served) // false
 */
export function isServedUrl(url: string, served: ServedFiles): boolean {
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
  if (VITE_PATHS.includes(decoded)) return true;
  // A virtual module's id names no file (`virtual:sketches`); one that looks like a path is refused.
  if (decoded.startsWith(VIRTUAL_PREFIX)) return !/^\/|\.\./.test(decoded.slice(VIRTUAL_PREFIX.length));
  const fromFs = decoded.startsWith(FS_PREFIX);
  if (decoded.startsWith('/@') && !fromFs) return false;
  const path = fromFs ? decoded.slice(FS_PREFIX.length - 1) : decoded;
  const segments = path.slice(1).split('/');
  if (path.endsWith('/')) segments.pop();
  if (segments.some((segment) => segment === '' || segment === '.' || segment === '..')) return false;
  if (!fromFs && isPublicFile(path, served.publicDir)) return true;
  const file = fromFs ? path : join(served.root, path);
  const target = path.endsWith('/') ? join(file, 'index.html') : file;
  // The most specific entry: node_modules/.vite (Vite's cache) inside node_modules.
  const entry = served.allowed.filter((candidate) => isInside(candidate, target)).sort((a, b) => b.length - a.length)[0];
  // Inside it, no name may start with a dot: .env, .git, a teacher's .secrets/.
  return entry !== undefined && !relative(entry, target).split(sep).some((name) => name.startsWith('.'));
}

function isPublicFile(path: string, publicDir: string | undefined): boolean {
  if (!publicDir || path.split('/').some((name) => name.startsWith('.'))) return false;
  const file = join(publicDir, path);
  return file !== publicDir && isInside(publicDir, file) && existsSync(file);
}

/**
 * Connect middleware for the dev server, first in line: a plain 404 for every request
 * `isServedUrl` refuses, before Vite reads anything (its own 403 page names the folders it
 * allows, and says that the file exists).
 */
export function pageAllowList(served: ServedFiles) {
  return (request: IncomingMessage, response: ServerResponse, next: () => void): void => {
    if (isServedUrl(request.url ?? '/', served)) return next();
    response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
    response.end(request.method === 'HEAD' ? undefined : 'Not found\n');
  };
}
