import { describe, expect, it } from 'vitest';
import { build } from 'vite';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findSketchPages } from '../../../src/node/dev/sketch-pages.js';
import { KIT_PAGES } from '../../../src/node/dev/kit-pages.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));

/**
 * Gzipped bytes of JS a sketch page may load, worker included: what each page weighed when
 * its budget was last set, plus a few KB, so that growth is a decision rather than drift.
 * hello's budget also keeps it under half of the naive page, which npm run bench weighs.
 */
// +1 KB each for kiosks (issue 14): every page decides whether it is one, reads the piece
// config `npm run serve` writes and can reconnect forever (~0.55 KB); the kiosk loads apart.
// +1 KB each for a class (issue 22): the card's login that follows a student across pages, and
// words for a cloud broker out of reach (0.2 KB over the sensors budget when measured).
// +3 KB each for Portuguese (issue 22): the HUD words the status in the browser's language,
// so every sketch page carries the pt-BR status sentences and HUD words (~2 KB; the worker
// stays English-only).
const PAGE_BUDGETS: Record<string, number> = { hello: 201 * 1024, sensors: 249 * 1024 };

/** The JS files an HTML page loads up front: module scripts and their preloads. */
function pageScripts(outDir: string, page: string): string[] {
  const html = readFileSync(join(outDir, page), 'utf8');
  const urls = [...html.matchAll(/<(?:script[^>]+src|link[^>]+rel="modulepreload"[^>]+href)="([^"]+\.js)"/g)].map((m) => m[1]!);
  return urls.map((url) => url.replace(/^\//, ''));
}

describe('npm run build', () => {
  it('builds the kit pages (gallery, inspector) and every sketch page, with the MQTT worker and no Node built-ins', async () => {
    const outDir = mkdtempSync(join(tmpdir(), 'kit-build-'));
    try {
      await build({ root, configFile: join(root, 'vite.config.ts'), logLevel: 'silent', build: { outDir, emptyOutDir: true } });
      const pages = findSketchPages(root);
      expect(pages.map((p) => p.name)).toContain('hello');
      expect(KIT_PAGES.map((p) => p.html)).toEqual(expect.arrayContaining(['index.html', 'inspector/index.html']));
      for (const page of KIT_PAGES) {
        expect(existsSync(join(outDir, page.html)), page.html).toBe(true);
        // Built, not copied: its module script was bundled into assets/.
        expect(pageScripts(outDir, page.html).some((file) => file.startsWith('assets/')), page.html).toBe(true);
      }
      for (const page of pages) expect(existsSync(join(outDir, 'sketches', page.name, 'index.html'))).toBe(true);
      const assets = readdirSync(join(outDir, 'assets'));
      const worker = assets.find((name) => /^worker-.*\.js$/.test(name));
      expect(worker).toBeDefined();
      const workerCode = readFileSync(join(outDir, 'assets', worker!), 'utf8');
      // MQTT.js built from its sources for a browser worker (src/node/dev/mqtt-worker-plugin.ts):
      // WebSocket only, no Node built-ins. It is MQTT.js's one home, so it must be counted below.
      expect(workerCode).not.toMatch(/from\s*["']node:/);
      expect(workerCode).toContain('WebSocket');
      expect(workerCode).toContain('mqttjs');

      // Size budgets: the gzipped JS each page loads (its scripts, their preloads, the
      // MQTT worker).
      for (const [name, budget] of Object.entries(PAGE_BUDGETS)) {
        const files = pageScripts(outDir, join('sketches', name, 'index.html'));
        for (const file of files) {
          // MQTT.js belongs in the worker; on the main thread too, pages would download it twice.
          expect(readFileSync(join(outDir, file), 'utf8'), `${file} on the ${name} page`).not.toContain('mqttjs');
        }
        const bytes = [...files, join('assets', worker!)].reduce((sum, file) => sum + gzipSync(readFileSync(join(outDir, file))).length, 0);
        expect(bytes, `${name}: ${(bytes / 1024).toFixed(0)} KB gzipped`).toBeLessThanOrEqual(budget);
      }
    } finally {
      rmSync(outDir, { recursive: true, force: true });
    }
  }, 60_000);

  it('lists every sketches/*/index.html with its title and description, skipping _template', () => {
    const hello = findSketchPages(root).find((p) => p.name === 'hello');
    expect(hello).toMatchObject({ href: 'sketches/hello/', title: 'hello' });
    expect(hello?.description.length).toBeGreaterThan(20);
    expect(findSketchPages(root).some((p) => p.name.startsWith('_'))).toBe(false);
  });
});
