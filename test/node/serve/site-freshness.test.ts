import { afterEach, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { siteFreshness } from '../../../src/node/serve/site-freshness.js';

let root: string | undefined;
afterEach(() => {
  if (root) rmSync(root, { recursive: true, force: true });
  root = undefined;
});

/** A project with sources and a build, their files dated `minutesAgo`. */
function project(dates: Record<string, number>): string {
  root = mkdtempSync(join(tmpdir(), 'kit-freshness-'));
  for (const [file, minutesAgo] of Object.entries(dates)) {
    const path = join(root, file);
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, '');
    const when = new Date(Date.now() - minutesAgo * 60_000);
    utimesSync(path, when, when);
  }
  return root;
}

describe('siteFreshness', () => {
  it('is fresh when the build is newer than every source', async () => {
    const dir = project({ 'src/a.ts': 30, 'sketches/hello/sketch.ts': 20, 'index.html': 40, 'dist/index.html': 10 });
    expect(await siteFreshness(dir, join(dir, 'dist'))).toEqual({ fresh: true });
  });

  it('names the source that changed after the build', async () => {
    const dir = project({ 'src/a.ts': 30, 'sketches/hello/sketch.ts': 5, 'dist/index.html': 10 });
    expect(await siteFreshness(dir, join(dir, 'dist'))).toEqual({ fresh: false, why: 'sketches/hello/sketch.ts changed after dist/ was built' });
  });

  it('says when there is no build at all', async () => {
    const dir = project({ 'src/a.ts': 30 });
    expect(await siteFreshness(dir, join(dir, 'dist'))).toEqual({ fresh: false, why: 'dist/ has no build' });
  });

  it('ignores what the build does not read (node_modules, the build itself)', async () => {
    const dir = project({ 'src/a.ts': 30, 'src/node_modules/x.js': 1, 'dist/index.html': 10, 'dist/assets/new.js': 1, 'notes.md': 1 });
    expect(await siteFreshness(dir, join(dir, 'dist'))).toEqual({ fresh: true });
  });
});
