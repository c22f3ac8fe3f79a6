// The arrows of ARCHITECTURE.md that a file's imports can break: src/ loads only runtime
// dependencies, src/ has no import cycles, and nothing outside sketches/ imports from sketches/.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { importSpecifiers, packageName, sourceFiles } from './fixtures/import-specifiers.js';
import { KIT_PAGES } from '../src/node/dev/kit-pages.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };

/**
 * Imports in `files` of packages that are not runtime dependencies. Built-ins are fine, and
 * so are `virtual:` modules (served by the kit's own Vite plugin); an `import type` of any
 * package is fine, since it leaves nothing in the JavaScript.
 */
function nonRuntimeImports(files: Record<string, string>, dependencies: Record<string, string>): string[] {
  const problems: string[] = [];
  for (const [file, source] of Object.entries(files)) {
    for (const { specifier, typeOnly, line } of importSpecifiers(source, file)) {
      if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('virtual:') || isBuiltin(specifier)) continue;
      const name = packageName(specifier);
      if (!typeOnly && !Object.hasOwn(dependencies, name)) problems.push(`${file}:${line} imports '${specifier}', and '${name}' is not in "dependencies"`);
    }
  }
  return problems;
}

/** Imports in `files` that resolve into sketches/, including the module scripts of HTML pages. */
function importsFromSketches(files: Record<string, string>): string[] {
  const sketches = join(root, 'sketches') + sep;
  const problems: string[] = [];
  for (const [file, source] of Object.entries(files)) {
    const specifiers = file.endsWith('.html')
      ? [...source.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g)].map((match) => ({ specifier: match[1]!, line: source.slice(0, match.index).split('\n').length }))
      : importSpecifiers(source, file);
    for (const { specifier, line } of specifiers) {
      // A leading slash is the Vite root, which is the repository root.
      const target = specifier.startsWith('/') ? join(root, specifier) : specifier.startsWith('.') ? resolve(root, dirname(file), specifier) : undefined;
      if (target?.startsWith(sketches)) problems.push(`${file}:${line} imports '${specifier}' from sketches/`);
    }
  }
  return problems;
}

const read = (files: string[]) => Object.fromEntries(files.map((file) => [file, readFileSync(join(root, file), 'utf8')]));

describe('src/', () => {
  it('imports only packages listed in "dependencies" (type-only imports aside)', () => {
    expect(nonRuntimeImports(read(sourceFiles(root, 'src')), manifest.dependencies), 'move the file to test/ or bench/, or make the package a dependency').toEqual([]);
  });

  it('would be caught importing a devDependency, or a dependency only as a type through a plain import', () => {
    const source = [
      "import type { Browser } from 'playwright-core';",
      "import { chromium } from 'playwright-core';",
      "import { type Page } from 'playwright-core/lib';",
      "export { expect } from 'vitest';",
      "const ts = await import('typescript');",
      "type Client = import('@types/ws').WebSocket;",
      "import { readFileSync } from 'node:fs';",
      "import mqtt from 'mqtt';",
      "// import nothing from 'left-pad'",
    ].join('\n');
    expect(nonRuntimeImports({ 'src/x.ts': source }, { mqtt: '~5.16.0' })).toEqual([
      `src/x.ts:2 imports 'playwright-core', and 'playwright-core' is not in "dependencies"`,
      `src/x.ts:3 imports 'playwright-core/lib', and 'playwright-core' is not in "dependencies"`,
      `src/x.ts:4 imports 'vitest', and 'vitest' is not in "dependencies"`,
      `src/x.ts:5 imports 'typescript', and 'typescript' is not in "dependencies"`,
    ]);
  });
});

/** Cycles among `files`' relative imports (type-only ones too: a type cycle tangles the design as much). */
function importCycles(files: Record<string, string>): string[][] {
  const edges = new Map<string, string[]>();
  for (const [file, source] of Object.entries(files)) {
    const targets = importSpecifiers(source, file)
      .filter(({ specifier }) => specifier.startsWith('.'))
      .map(({ specifier }) => relative(root, resolve(root, dirname(file), specifier)).replace(/\.js$/, '.ts'))
      .filter((target) => target in files || target.replace(/\.ts$/, '.d.ts') in files);
    edges.set(file, targets.map((target) => (target in files ? target : target.replace(/\.ts$/, '.d.ts'))));
  }
  const cycles: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (file: string) => {
    state.set(file, 'open');
    path.push(file);
    for (const next of edges.get(file) ?? []) {
      if (state.get(next) === 'open') cycles.push([...path.slice(path.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    path.pop();
    state.set(file, 'done');
  };
  for (const file of edges.keys()) if (!state.has(file)) visit(file);
  return cycles;
}

describe('src/ imports', () => {
  it('form no cycle, type imports included', () => {
    expect(importCycles(read(sourceFiles(root, 'src')))).toEqual([]);
  });

  it('would be caught in a cycle', () => {
    expect(importCycles({ 'src/a.ts': "import type { B } from './b.js';", 'src/b.ts': "import { a } from './a.js';", 'src/c.ts': "import './a.js';" })).toEqual([
      ['src/a.ts', 'src/b.ts', 'src/a.ts'],
    ]);
  });
});

describe('sketches/', () => {
  it('is imported by nothing outside it', () => {
    const outside = ['src', 'bench', 'test', 'docs'];
    const files = [
      ...outside.flatMap((dir) => [...sourceFiles(root, dir), ...sourceFiles(root, dir, /\.html$/)]),
      ...KIT_PAGES.map((page) => page.html),
      ...['vite.config.ts', 'vitest.config.ts'],
    ];
    expect(files).toContain(join('bench', 'naive', 'sensors', 'index.html'));
    expect(importsFromSketches(read(files))).toEqual([]);
  });

  it('would be caught imported by a module or a page', () => {
    expect(
      importsFromSketches({
        'bench/naive/x/sketch.ts': "import { drawCard } from '../../../sketches/sensors/gauges.js';\nimport { x } from './sketches/y.js';",
        'bench/naive/x/index.html': '<body>\n<script type="module" src="/sketches/hello/sketch.ts"></script>',
      }),
    ).toEqual([
      "bench/naive/x/sketch.ts:1 imports '../../../sketches/sensors/gauges.js' from sketches/",
      "bench/naive/x/index.html:2 imports '/sketches/hello/sketch.ts' from sketches/",
    ]);
  });
});
