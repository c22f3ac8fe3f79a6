import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createStaticSite } from '../../../src/node/serve/static-site.js';
import { rawGet, type Vantage } from '../../fixtures/page-crawl.js';

/** Pieces a crafted path is made of: traversals and their encodings, slashes, dots, the names that are there. */
const PIECES = [
  '..', '.', '', '%2e%2e', '%2E%2E', '.%2e', '%2e', '%2f', '%2F', '%5c', '\\', '%00', '%', '%zz', '%c0%ae', '%252e%252e', '%252f', '//', ';', '?x', '#',
  'evil.example', 'evil.example:80', '@evil.example', 'sketches', 'hello', 'assets', 'index.html', 'dist', 'dist-private', 'secret.txt', '.env', '.git', 'config', 'kit.config.json',
];

/**
 * `npm run serve`'s static site under crafted paths: whatever the path, no server error, no
 * redirect that a browser would follow to another host, and nothing from outside the site
 * folder or from a dotfile in it.
 */
describe('the static site of npm run serve, fuzzed', () => {
  let work: string;
  let server: Server;
  let at: Vantage;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'kit-serve-fuzz-'));
    const dir = join(work, 'dist');
    mkdirSync(join(dir, 'sketches/hello'), { recursive: true });
    mkdirSync(join(dir, 'assets'));
    mkdirSync(join(dir, '.git'));
    mkdirSync(join(work, 'dist-private'));
    writeFileSync(join(dir, 'index.html'), '<html><head></head><body>gallery</body></html>');
    writeFileSync(join(dir, 'sketches/hello/index.html'), '<html><head></head><body>hello</body></html>');
    writeFileSync(join(dir, 'assets/index-abc.js'), 'export {};');
    writeFileSync(join(dir, '.env'), 'SECRET-DOTFILE');
    writeFileSync(join(dir, '.git/config'), 'SECRET-DOTFOLDER');
    writeFileSync(join(work, 'secret.txt'), 'SECRET-PARENT');
    writeFileSync(join(work, 'kit.config.json'), '{ "//": "SECRET-CONFIG" }');
    writeFileSync(join(work, 'dist-private/secret.txt'), 'SECRET-SIBLING');
    writeFileSync(join(work, 'dist-private/index.html'), '<html><body>SECRET-SIBLING-PAGE</body></html>');
    server = createStaticSite({ dir, transformHtml: (html) => html.replace('<head>', '<head><meta name="injected">') });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    at = { host: '127.0.0.1', port: (server.address() as AddressInfo).port };
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    rmSync(work, { recursive: true, force: true });
  });

  it('never answers 5xx, never redirects to another host, never serves a file outside the site or a dotfile', async () => {
    const path = fc
      .tuple(fc.array(fc.constantFrom(...PIECES), { minLength: 1, maxLength: 8 }), fc.array(fc.constantFrom('/', '', '/./', '//'), { minLength: 8, maxLength: 8 }))
      .map(([pieces, glue]) => `/${pieces.map((piece, i) => `${piece}${glue[i]}`).join('')}`);
    await fc.assert(
      fc.asyncProperty(path, async (target) => {
        const reply = await rawGet(at, target);
        expect(reply.status, target).toBeLessThan(500);
        if (reply.headers.location !== undefined) {
          // As a browser resolves it (WHATWG URL: `\` is `/`, `/.//x` stays here).
          expect(new URL(String(reply.headers.location), 'http://site.test/').host, `${target} → ${String(reply.headers.location)}`).toBe('site.test');
        }
        expect(reply.body, target).not.toMatch(/SECRET-/);
      }),
      { numRuns: 400 },
    );
  }, 60_000);

  it('redirects a folder only to this host, however its path starts (every start × host × way back × folder)', async () => {
    // A folder's redirect repeats the path: one that starts like an address of another host and
    // climbs back into a real folder is what an open redirect is made of.
    const starts = ['/', '//', '///', '/./', '/.//', '/\\', '/\\\\', '/%5c', '/%2f', '\\'];
    const hosts = ['evil.example', 'evil.example:80', '@evil.example'];
    const back = ['/../', '%2f..%2f', '/%2e%2e/', '%2F..%2F', '/.%2e/'];
    const folders = ['sketches', 'sketches/hello', 'assets'];
    for (const start of starts) for (const host of hosts) for (const way of back) for (const folder of folders) {
      const target = `${start}${host}${way}${folder}`;
      const reply = await rawGet(at, target);
      expect(reply.status, target).toBeLessThan(500);
      if (reply.headers.location !== undefined) expect(new URL(String(reply.headers.location), 'http://site.test/').host, `${target} → ${String(reply.headers.location)}`).toBe('site.test');
    }
    // Pages still get their injection.
    expect((await rawGet(at, '/sketches/hello/')).body).toContain('<meta name="injected">');
  }, 30_000);
});
