import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';

/** Content types by file extension, for what a built site holds; anything else is served as bytes. */
export const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm',
  '.mp3': 'audio/mpeg',
  '.wav': 'audio/wav',
  '.ogg': 'audio/ogg',
  '.mp4': 'video/mp4',
  '.webm': 'video/webm',
};

export interface StaticSiteOptions {
  /** The folder served, e.g. the project's dist/. */
  dir: string;
  /** Rewrites every HTML page on its way out (the broker's ports, the piece config). */
  transformHtml?: (html: string) => string;
  /** Where `/` sends the browser instead of the gallery, e.g. 'sketches/my-piece/'. */
  home?: string;
}

/**
 * The built site as a plain static host serves it, for `npm run serve`: GET and HEAD only,
 * `index.html` for a folder (after a redirect to its trailing-slash form, so relative links
 * resolve), 404 for anything missing or outside `dir`, content types by extension. Vite's
 * hashed files under /assets/ are cached for good; pages are not, so a rebuilt piece shows
 * on the next reload. Not yet listening.
 */
export function createStaticSite(options: StaticSiteOptions): Server {
  const base = resolve(options.dir);
  return createServer((request, response) => {
    serve(request, response).catch(() => {
      if (!response.headersSent) send(request, response, 500, 'Internal error');
      else response.destroy();
    });
  });

  async function serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (request.method !== 'GET' && request.method !== 'HEAD') return send(request, response, 405, 'Method not allowed', { allow: 'GET, HEAD' });
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname === '/' && options.home) return send(request, response, 302, 'Found', { location: `/${options.home}${url.search}` });
    let pathname: string;
    try {
      pathname = decodeURIComponent(url.pathname);
    } catch {
      return send(request, response, 400, 'Bad request');
    }
    const file = normalize(join(base, pathname));
    if (file !== base && !file.startsWith(base + sep)) return send(request, response, 404, 'Not found');
    const found = await statOf(file);
    if (found?.isDirectory()) {
      if (!url.pathname.endsWith('/')) return send(request, response, 301, 'Moved', { location: `${url.pathname}/${url.search}` });
      return serveFile(request, response, join(file, 'index.html'));
    }
    if (!found?.isFile()) return send(request, response, 404, 'Not found');
    return serveFile(request, response, file);
  }

  async function serveFile(request: IncomingMessage, response: ServerResponse, path: string): Promise<void> {
    const found = await statOf(path);
    if (!found?.isFile()) return send(request, response, 404, 'Not found');
    const type = CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
    const cache = path.startsWith(join(base, 'assets') + sep) ? 'public, max-age=31536000, immutable' : 'no-cache';
    if (type.startsWith('text/html') && options.transformHtml) {
      const body = Buffer.from(options.transformHtml(await readFile(path, 'utf8')));
      response.writeHead(200, { 'content-type': type, 'content-length': String(body.length), 'cache-control': cache });
      return void response.end(request.method === 'HEAD' ? undefined : body);
    }
    response.writeHead(200, { 'content-type': type, 'content-length': String(found.size), 'cache-control': cache });
    if (request.method === 'HEAD') return void response.end();
    createReadStream(path).on('error', () => response.destroy()).pipe(response);
  }
}

function send(request: IncomingMessage, response: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', ...headers });
  response.end(request.method === 'HEAD' ? undefined : `${text}\n`);
}

async function statOf(path: string) {
  try {
    return await stat(path);
  } catch {
    // Missing, unreadable, or a name the file system refuses (a NUL byte): all "not found".
    return undefined;
  }
}
