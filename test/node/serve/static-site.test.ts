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

  it('takes GET and HEAD only; HEAD has the headers and no body', async () => {
    expect(await rawGet(port, '/favicon.svg', 'POST')).toMatchObject({ status: 405, headers: { allow: 'GET, HEAD' } });
    const head = await rawGet(port, '/sketches/hello/', 'HEAD');
    expect([head.status, head.body, head.headers['content-type']]).toEqual([200, '', 'text/html; charset=utf-8']);
  });
});
