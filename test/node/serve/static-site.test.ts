import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Server } from 'node:http';
import { createStaticSite } from '../../../src/node/serve/static-site.js';

/** A raw GET, so the path reaches the server exactly as written (fetch would resolve `..`). */
function rawGet(port: number, path: string, method = 'GET'): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method }, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => resolve({ status: response.statusCode!, headers: response.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the static site of npm run serve', () => {
  let outside: string;
  let dir: string;
  let server: Server;
  let port: number;

  beforeAll(async () => {
    outside = mkdtempSync(join(tmpdir(), 'kit-serve-site-'));
    dir = join(outside, 'dist');
    mkdirSync(join(dir, 'sketches/hello'), { recursive: true });
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<html><head></head><body>gallery</body></html>');
    writeFileSync(join(dir, 'sketches/hello/index.html'), '<html><head></head><body>hello</body></html>');
    writeFileSync(join(dir, 'assets/hello-abc.js'), 'console.log(1);');
    writeFileSync(join(dir, 'favicon.svg'), '<svg/>');
    writeFileSync(join(dir, 'data.bin'), 'xx');
    writeFileSync(join(outside, 'secret.txt'), 'not for the web');
    // A sibling whose name starts with the site's: a prefix test without the separator lets it through.
    mkdirSync(join(outside, 'dist-private'));
    writeFileSync(join(outside, 'dist-private/secret.txt'), 'not for the web either');
    writeFileSync(join(outside, 'dist-private/index.html'), '<html><head></head><body>private page</body></html>');
    writeFileSync(join(dir, '.env'), 'SECRET=dotfile');
    mkdirSync(join(dir, '.git'));
    writeFileSync(join(dir, '.git/config'), '[core] dotfolder');
    server = createStaticSite({ dir, home: 'sketches/hello/', transformHtml: (html) => html.replace('<head>', '<head><meta name="x">') });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    rmSync(outside, { recursive: true, force: true });
  });

  it('serves files with their content types; pages pass through transformHtml, other files do not', async () => {
    const page = await rawGet(port, '/sketches/hello/');
    expect([page.status, page.headers['content-type'], page.body]).toEqual([200, 'text/html; charset=utf-8', '<html><head><meta name="x"></head><body>hello</body></html>']);
    expect(page.headers['content-length']).toBe(String(Buffer.byteLength(page.body)));
    const script = await rawGet(port, '/assets/hello-abc.js');
    expect([script.headers['content-type'], script.body]).toEqual(['text/javascript; charset=utf-8', 'console.log(1);']);
    expect((await rawGet(port, '/favicon.svg')).headers['content-type']).toBe('image/svg+xml');
    expect((await rawGet(port, '/data.bin')).headers['content-type']).toBe('application/octet-stream');
  });

  it("caches Vite's hashed assets for good and pages not at all", async () => {
    expect((await rawGet(port, '/assets/hello-abc.js')).headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect((await rawGet(port, '/sketches/hello/')).headers['cache-control']).toBe('no-cache');
  });

  it('sends / to the piece, and a folder to its trailing-slash form', async () => {
    expect(await rawGet(port, '/?kiosk')).toMatchObject({ status: 302, headers: { location: '/sketches/hello/?kiosk' } });
    expect(await rawGet(port, '/sketches/hello?x=1')).toMatchObject({ status: 301, headers: { location: '/sketches/hello/?x=1' } });
    expect((await rawGet(port, '/index.html')).body).toContain('gallery');
  });

  it('answers 404 for what is missing or outside the site, however the path is written', async () => {
    for (const path of ['/nothing.js', '/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/sketches/%00', '/%E0%A4%A']) {
      const { status, body } = await rawGet(port, path);
      expect([path, status === 404 || status === 400]).toEqual([path, true]);
      expect(body).not.toContain('not for the web');
    }
  });

  it("serves nothing of a sibling folder whose name starts with the site's (dist-private beside dist)", async () => {
    for (const path of ['/..%2fdist-private/secret.txt', '/..%2Fdist-private/secret.txt', '/%2e%2e%2fdist-private/secret.txt', '/..%2fdist-private/', '/..%2fdist-private/index.html', '/assets/..%2f..%2fdist-private/secret.txt']) {
      const { status, body } = await rawGet(port, path);
      expect([path, status]).toEqual([path, 404]);
      expect(body).not.toMatch(/either|private page/);
    }
  });

  it('serves no dotfile or dot folder, however the path is written', async () => {
    for (const path of ['/.env', '/%2eenv', '/.git/config', '/%2egit/config', '/assets/..%2f.env', '/sketches/hello/..%2f..%2f.env']) {
      const { status, body } = await rawGet(port, path);
      expect([path, status]).toEqual([path, 404]);
      expect(body).not.toMatch(/dotfile|dotfolder/);
    }
  });

  it('never redirects to another host, and answers crafted paths without a server error', async () => {
    // The folder redirect once sent `/.//evil.example%2f..%2fsketches` to `//evil.example…/`,
    // which a browser reads as another host; `//x%2f..` was a 500. A browser reads `/\evil.example`
    // as another host too (serve-static alone redirects `/\evil.example/../sketches` there).
    for (const path of ['/.//evil.example%2f..%2fsketches', '//evil.example%2f..%2fsketches', '///evil.example/%2e%2e/sketches', '//x%2f..', '//x%2f..%2f', '/\\evil.example%2f..%2fsketches', '/\\evil.example/../sketches', '/\\\\evil.example/../sketches', '/%5cevil.example/../sketches', '//', '/%2f%2fevil.example%2f..%2fsketches']) {
      const { status, headers } = await rawGet(port, path);
      expect([path, status < 500]).toEqual([path, true]);
      if (headers.location !== undefined) expect([path, new URL(String(headers.location), 'http://site.test/').host]).toEqual([path, 'site.test']);
    }
    // The redirect still happens, to this host.
    const moved = await rawGet(port, '/.//evil.example%2f..%2fsketches');
    expect(moved.status).toBe(301);
    expect(new URL(String(moved.headers.location), 'http://site.test/').href).toBe('http://site.test//evil.example%2f..%2fsketches/');
  });

  it('takes GET and HEAD only; HEAD has the headers and no body', async () => {
    expect(await rawGet(port, '/favicon.svg', 'POST')).toMatchObject({ status: 405, headers: { allow: 'GET, HEAD' } });
    const head = await rawGet(port, '/sketches/hello/', 'HEAD');
    expect([head.status, head.body, head.headers['content-type']]).toEqual([200, '', 'text/html; charset=utf-8']);
  });
});
