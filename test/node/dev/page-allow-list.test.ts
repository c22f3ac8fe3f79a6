import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isServedUrl, type ServedFiles } from '../../../src/node/dev/page-allow-list.js';
import { servedPaths } from '../../../src/node/dev/served-paths.js';

describe('the dev server answers by URL only for what pages load', () => {
  let root: string;
  let served: ServedFiles;

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'kit-allow-'));
    for (const folder of ['sketches/hello', 'public', 'node_modules/.vite/deps', 'sketches-private']) mkdirSync(join(root, folder), { recursive: true });
    writeFileSync(join(root, 'public/favicon.svg'), '<svg/>');
    served = { root, allowed: [...servedPaths(root), join(root, 'node_modules/.vite')], publicDir: join(root, 'public') };
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("serves the pages, a sketch's files and assets, the browser modules, public files and Vite's own", () => {
    for (const url of [
      '/', '/index.html', '/inspector/', '/class/index.html', '/sketches/hello/', '/sketches/hello/sketch.ts?t=1', '/sketches/hello/data.json',
      '/sketches/hello/images/cat.png', '/sketches/my%20sketch/', '/src/index.ts', '/src/p5/index.ts', '/src/mqtt/worker/worker.ts?worker_file&type=module',
      '/favicon.svg', '/@vite/client', '/@id/__x00__virtual:sketches', '/node_modules/.vite/deps/p5.js?v=1', '/node_modules/vite/dist/client/env.mjs',
      `/@fs${root}/sketches/hello/sketch.ts`, `/@fs${root}/node_modules/.vite/deps/p5.js`,
    ]) expect([url, isServedUrl(url, served)]).toEqual([url, true]);
  });

  it('serves nothing else: root files, src/node, dotfiles, other /@ doors, traversals however encoded', () => {
    for (const url of [
      '/package.json', '/turma.json', '/turma-cards.html', '/kit.config.json', '/README.md', '/src/node/cli/class.ts', '/src/', '/src/node/',
      '/.env', '/sketches/hello/.env', '/sketches/.git/config', '/public/.env', '/.env?raw', '/node_modules/.package-lock.json', '/node_modules/.cache/x',
      '/sketches-private/x.json', '/sketches/../package.json', '/sketches/%2e%2e/package.json', '/sketches/..%2fpackage.json', '/sketches/%252e%252e/package.json',
      '/sketches//hello/', '/sketches/./hello/', '/sketches\\..\\package.json', '/sketches/%5c..%5cpackage.json', '/sketches/%00', '/%E0%A4%A',
      '/@fs/etc/passwd', `/@fs${root}/package.json`, `/@fs${root}/sketches/../package.json`, `/@fs${root}/sketches-private/x`, '/@id/package.json',
      `/@id/${root}/package.json`, `/@id/__x00__${root}/package.json`, '/@id/__x00__../package.json', '/@id/__x00__virtual:x/../../package.json', '/@vite/env/../../package.json', '/@react-refresh', 'package.json', '',
    ]) expect([url, isServedUrl(url, served)]).toEqual([url, false]);
  });

  it('serves a public file only when it is there (a public folder is not a door to the root)', () => {
    expect(isServedUrl('/favicon.svg', served)).toBe(true);
    expect(isServedUrl('/robots.txt', served)).toBe(false);
    expect(isServedUrl('/favicon.svg', { ...served, publicDir: undefined })).toBe(false);
  });
});
