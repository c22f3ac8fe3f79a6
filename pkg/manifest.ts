/** The fields of the repository's package.json that the package takes over. */
export interface RepoManifest {
  name: string;
  version: string;
  description?: string;
  license?: string;
  engines?: Record<string, string>;
  dependencies?: Record<string, string>;
}

/** Bare packages the emitted files import: `runtime` from the JavaScript, `types` from the .d.ts files. */
export interface PackageImports {
  runtime: Iterable<string>;
  types: Iterable<string>;
}

/**
 * Packages only the types import, which users bring themselves. p5 is never imported at run
 * time: `p5.registerAddon(mqttAddon)` (2.x) or `registerOnP5(p5)` (1.9 and newer, or either)
 * hands the addon the sketch's own p5 class. The peer is optional so that the helper alone
 * (`p5-mqtt-kit` in Node) installs no p5.
 */
export const PEERS: Record<string, string> = { p5: '>=1.9.0' };

/** Entry points: the helper, the p5 addon, and global-mode typings (types only). */
export const EXPORTS = {
  '.': { types: './index.d.ts', default: './index.js' },
  './p5': { types: './p5/index.d.ts', default: './p5/index.js' },
  './global': { types: './p5/global.d.ts' },
  './package.json': './package.json',
} as const;

/**
 * package.json for dist-pkg/. The repository's own package.json describes the kit as an app
 * (`npm start` runs a broker and a dev server, so aedes, level, vite and tsx are its
 * dependencies); the package is the browser-and-Node client, and depends on exactly what its
 * files import, at the ranges the repository pins.
 */
export function packageManifest(repo: RepoManifest, imports: PackageImports): Record<string, unknown> {
  const dependencies: Record<string, string> = {};
  for (const name of [...new Set(imports.runtime)].sort()) {
    const range = repo.dependencies?.[name];
    if (!range) throw new Error(`The package's JavaScript imports '${name}', which package.json does not list in "dependencies"`);
    dependencies[name] = range;
  }
  for (const name of new Set(imports.types)) {
    if (!(name in dependencies) && !(name in PEERS)) throw new Error(`The package's types import '${name}', which is neither a dependency nor in PEERS (pkg/manifest.ts)`);
  }
  return {
    name: repo.name,
    version: repo.version,
    ...(repo.description ? { description: repo.description } : {}),
    ...(repo.license ? { license: repo.license } : {}),
    // `npm pack` works on a private package, `npm publish` refuses it: publishing stays a
    // deliberate step (README, "As an npm package").
    private: true,
    type: 'module',
    ...(repo.engines ? { engines: repo.engines } : {}),
    exports: EXPORTS,
    // For tools that predate "exports".
    main: './index.js',
    types: './index.d.ts',
    files: ['**/*.js', '**/*.d.ts'],
    dependencies,
    peerDependencies: PEERS,
    peerDependenciesMeta: Object.fromEntries(Object.keys(PEERS).map((name) => [name, { optional: true }])),
  };
}
