import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { packageManifest, type RepoManifest } from './manifest.js';
import { moduleUrlsToJs } from './module-urls.js';

const root = fileURLToPath(new URL('..', import.meta.url));
export const DEFAULT_OUT_DIR = join(root, 'dist-pkg');

export interface BuiltPackage {
  outDir: string;
  manifest: Record<string, unknown>;
}

/**
 * Builds the npm package into `outDir` (emptied first): src/'s JavaScript and .d.ts files as
 * tsc emits them, one per source file, so a user's bundler sees the worker's
 * `new URL('./worker.js', import.meta.url)` and bundles it; global-mode typings; package.json;
 * README. Throws on a type error, or on a module URL that names a file the package lacks.
 */
export function buildPackage(outDir = DEFAULT_OUT_DIR): BuiltPackage {
  outDir = resolve(outDir);
  rmSync(outDir, { recursive: true, force: true });
  const config = ts.getParsedCommandLineOfConfigFile(join(root, 'pkg', 'tsconfig.json'), { outDir }, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
      throw new Error(formatDiagnostics([diagnostic]));
    },
  })!;
  const program = ts.createProgram({ rootNames: config.fileNames, options: config.options });
  const errors = ts.getPreEmitDiagnostics(program);
  if (errors.length > 0) throw new Error(formatDiagnostics(errors));
  const urls: { from: string; target: string }[] = [];
  const emitted = program.emit(undefined, undefined, undefined, false, {
    before: [(context) => moduleUrlsToJs(context, (file, specifier) => urls.push({ from: file, target: specifier }))],
  });
  if (emitted.diagnostics.length > 0) throw new Error(formatDiagnostics(emitted.diagnostics));
  for (const { from, target } of urls) {
    const file = join(outDir, relative(join(root, 'src'), dirname(from)), target);
    if (!existsSync(file)) throw new Error(`${relative(root, from)} loads '${target}' by URL, which the package does not hold: add its source to pkg/tsconfig.json "files"`);
  }

  // tsc copies no .d.ts source into its output; users reach this one as p5-mqtt-kit/global.
  mkdirSync(join(outDir, 'p5'), { recursive: true });
  copyFileSync(join(root, 'src', 'p5', 'global.d.ts'), join(outDir, 'p5', 'global.d.ts'));

  const repo = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as RepoManifest;
  const manifest = packageManifest(repo, packagesImportedIn(outDir));
  writeFileSync(join(outDir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  copyFileSync(join(root, 'README.md'), join(outDir, 'README.md'));
  copyFileSync(join(root, 'LICENSE'), join(outDir, 'LICENSE'));
  return { outDir, manifest };
}

/**
 * Bare packages the built files import. Only `node:` names count as built-ins: the files also
 * run in browsers, where a bare 'buffer' is the npm package of that name (in Node, the same
 * import is the built-in).
 */
function packagesImportedIn(dir: string): { runtime: string[]; types: string[] } {
  const found = { runtime: [] as string[], types: [] as string[] };
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = join(entry.parentPath, entry.name);
    const kind = entry.name.endsWith('.d.ts') ? 'types' : entry.name.endsWith('.js') ? 'runtime' : undefined;
    if (!kind) continue;
    for (const { fileName } of ts.preProcessFile(readFileSync(file, 'utf8'), true, true).importedFiles) {
      if (/^[./]/.test(fileName) || fileName.startsWith('node:')) continue;
      found[kind].push(packageName(fileName));
    }
  }
  return found;
}

/** 'p5/core' → 'p5', '@scope/name/x' → '@scope/name'. */
function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return parts.slice(0, specifier.startsWith('@') ? 2 : 1).join('/');
}

function formatDiagnostics(diagnostics: readonly ts.Diagnostic[]): string {
  return ts.formatDiagnostics(diagnostics, { getCanonicalFileName: (name) => name, getCurrentDirectory: () => root, getNewLine: () => '\n' });
}
