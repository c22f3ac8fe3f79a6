import { describe, expect, it } from 'vitest';
import { build } from 'vite';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findSketchPages } from '../../../src/node/dev/sketch-pages.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));

describe('npm run build', () => {
  it('builds the gallery and every sketch page, with the MQTT worker and no Node shims', async () => {
    const outDir = mkdtempSync(join(tmpdir(), 'kit-build-'));
    try {
      await build({ root, configFile: join(root, 'vite.config.ts'), logLevel: 'silent', build: { outDir, emptyOutDir: true } });
      const pages = findSketchPages(root);
      expect(pages.map((p) => p.name)).toContain('hello');
      expect(existsSync(join(outDir, 'index.html'))).toBe(true);
      for (const page of pages) expect(existsSync(join(outDir, 'sketches', page.name, 'index.html'))).toBe(true);
      const assets = readdirSync(join(outDir, 'assets'));
      const worker = assets.find((name) => /^worker-.*\.js$/.test(name));
      expect(worker).toBeDefined();
      const workerCode = readFileSync(join(outDir, 'assets', worker!), 'utf8');
      // MQTT.js's browser build, not its Node entry (which would need net/tls shims).
      expect(workerCode).not.toMatch(/from\s*["']node:/);
      expect(workerCode).toContain('WebSocket');
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
