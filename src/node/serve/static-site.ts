import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { extname, join, sep } from 'node:path';
import serveStatic from 'serve-static';
import { sitePages } from './site-pages.js';

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
 * resolve), 404 for anything missing, outside `dir` or a dotfile, content types by extension.
 * Vite's hashed files under /assets/ are cached for good; pages are not, so a rebuilt piece
 * shows on the next reload. Not yet listening.
 *
 * Files are served by serve-static, which refuses `..` however it is encoded and never
 * redirects to another host (`/.//evil.example%2f..` stays on this one). Pages are served
 * only from the list of the site's HTML files (`sitePages`), so the page injection never
 * builds a path from the request.
 */
export function createStaticSite(options: StaticSiteOptions): Server {
  const pages = sitePages(options.dir);
  const base = pages.dir;
  const files = serveStatic(base, {
    // Pages go through `servePage`, which injects; a folder's index.html is one of them.
    index: false,
    redirect: true,
    dotfiles: 'ignore',
    fallthrough: true,
    setHeaders: (response, path) => {
      response.setHeader('content-type', CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream');
      response.setHeader('cache-control', path.startsWith(join(base, 'assets') + sep) ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });

  return createServer((request, response) => {
    serve(request, response).catch(() => {
      if (!response.headersSent) send(request, response, 500, 'Internal error');
      else response.destroy();
    });
  });

  async function serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (request.method !== 'GET' && request.method !== 'HEAD') return send(request, response, 405, 'Method not allowed', { allow: 'GET, HEAD' });
    const target = request.url ?? '/';
    const query = target.indexOf('?');
    const pathname = query === -1 ? target : target.slice(0, query);
    if (pathname === '/' && options.home) return send(request, response, 302, 'Found', { location: `/${options.home}${query === -1 ? '' : target.slice(query)}` });
    // A browser reads `\` as `/`, so serve-static's folder redirect of `/\evil.example/../sketches`
    // (to the same path plus `/`) would send it to evil.example. No page's address has one.
    if (pathname.includes('\\')) return send(request, response, 404, 'Not found');
    const page = pages.find(pathname);
    if (page) return servePage(request, response, page);
    files(request, response, (error?: unknown) => {
      // Client errors (a bad encoding, `..`, a dotfile, nothing there) fall through to here
      // without an error: all of them are "not found".
      const status = (error as { status?: number } | undefined)?.status;
      if (error && (status === undefined || status >= 500)) send(request, response, 500, 'Internal error');
      else send(request, response, 404, 'Not found');
    });
  }

  async function servePage(request: IncomingMessage, response: ServerResponse, path: string): Promise<void> {
    let html: string;
    try {
      html = await readFile(path, 'utf8');
    } catch {
      // Gone since the list was made (a rebuild under way).
      return send(request, response, 404, 'Not found');
    }
    const body = Buffer.from(options.transformHtml ? options.transformHtml(html) : html);
    response.writeHead(200, { 'content-type': CONTENT_TYPES['.html']!, 'content-length': String(body.length), 'cache-control': 'no-cache' });
    response.end(request.method === 'HEAD' ? undefined : body);
  }
}

function send(request: IncomingMessage, response: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', ...headers });
  response.end(request.method === 'HEAD' ? undefined : `${text}\n`);
}
