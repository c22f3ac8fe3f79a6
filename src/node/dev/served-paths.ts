import { isAbsolute, relative, resolve, sep } from 'node:path';
import { KIT_PAGES } from './kit-pages.js';

/**
 * What of the project folder pages load, relative to its root: the sketches with their
 * assets, the public files, the browser side of src/ and the packages it imports. Nothing
 * else there is served, so what a teacher keeps in the project folder (a class's cards and
 * profiles, kit.config.json, .env) stays on the teacher's computer.
 */
export const SERVED_FOLDERS: readonly string[] = ['sketches', 'public', 'src/mqtt', 'src/p5', 'src/kit', 'src/pages', 'src/texts', 'node_modules'];

/** Single files served: the kit's pages and the public API sketches import. */
export const SERVED_FILES: readonly string[] = [...KIT_PAGES.map((page) => page.html), 'src/index.ts'];

/** The built site `npm run serve` serves everything of (its default `--dist`). */
export const SITE_FOLDER = 'dist';

/**
 * The dev server's served folders and files for the project at `root`, as absolute paths
 * (what the kit's plugin gives Vite as `server.fs.allow`), plus folders it was told of: a
 * sketches folder elsewhere, Vite's dependency cache when it is not under node_modules/.
 */
export function servedPaths(root: string, extra: (string | undefined)[] = []): string[] {
  const base = resolve(root);
  const named = [...SERVED_FOLDERS, ...SERVED_FILES].map((path) => resolve(base, path));
  return [...new Set([...named, ...extra.filter((path): path is string => !!path).map((path) => resolve(base, path))])];
}

/** Whether `path` is `folder` or inside it; the separator keeps `sketches-private/` out of `sketches/`. */
export function isInside(folder: string, path: string): boolean {
  const rel = relative(folder, path);
  return rel === '' || (!isAbsolute(rel) && rel.split(sep)[0] !== '..');
}

/**
 * The part of the project that would hand `file` to anyone on the network, when it does:
 * a served folder of `npm start` or the site of `npm run serve`, or a served file.
 *
 * @example
 * servingFolder('/home/ana/kit', '/home/ana/kit/sketches/turma.json') // 'sketches/'
 * servingFolder('/home/ana/kit', '/home/ana/kit/turma.json') // undefined
 */
export function servingFolder(root: string, file: string): string | undefined {
  const base = resolve(root);
  const target = resolve(file);
  const folder = [...SERVED_FOLDERS, SITE_FOLDER].find((name) => isInside(resolve(base, name), target));
  if (folder) return `${folder}/`;
  return SERVED_FILES.find((name) => resolve(base, name) === target);
}

/**
 * Why a profiles file must not be used where it is, when a page server would hand it out:
 * its scrypt hashes can be tried offline, and a class's passwords (a word and four digits)
 * fall to that in minutes. `served` is the folder the server serves, when it is not the
 * project's usual ones (`npm run serve --dist`).
 */
export function exposedProfilesProblem(root: string, profilesPath: string, served?: string): string | undefined {
  const file = resolve(profilesPath);
  const folder = served !== undefined ? (isInside(resolve(served), file) ? `${served}/` : undefined) : servingFolder(root, file);
  if (!folder) return undefined;
  return `The profiles file ${profilesPath} is in ${folder}, which the kit's pages hand to everyone who can reach them: anyone could copy its password hashes and try passwords on them at leisure. Move it out of the served folders (the project folder itself is not served) and give that path to --profiles.`;
}
