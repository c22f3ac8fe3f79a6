import { readdir, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';

/** What the build reads, relative to the project root: pages, sources, assets, the config that ties them. */
export const BUILD_INPUTS = ['index.html', 'vite.config.ts', 'package.json', 'package-lock.json', 'src', 'sketches', 'public'];
const SKIPPED = new Set(['node_modules', '.git', 'dist']);

/** Whether the built site can be served as it is, and if not, why — in words for the console. */
export type SiteFreshness = { fresh: true } | { fresh: false; why: string };

/**
 * Compares the build (its `index.html`, written by every `vite build`) with the newest of its
 * inputs. Modification times, not contents: cheap on a small computer at every start, and
 * an edit, a `git pull` or a copied-in sketch all move them forward.
 *
 * @example
 * const site = await siteFreshness(root, join(root, 'dist'));
 * if (!site.fresh) console.log(`${site.why}: building it first (vite build)…`);
 */
export async function siteFreshness(root: string, dist: string, inputs: readonly string[] = BUILD_INPUTS): Promise<SiteFreshness> {
  const built = await modified(join(dist, 'index.html'));
  if (built === undefined) return { fresh: false, why: `${relative(root, dist) || dist}/ has no build` };
  const newest = await newestFile(root, inputs);
  if (newest && newest.time > built) return { fresh: false, why: `${relative(root, newest.path)} changed after ${relative(root, dist) || dist}/ was built` };
  return { fresh: true };
}

async function newestFile(root: string, inputs: readonly string[]): Promise<{ path: string; time: number } | undefined> {
  let newest: { path: string; time: number } | undefined;
  const visit = async (path: string): Promise<void> => {
    const info = await stat(path).catch(() => undefined);
    if (!info) return;
    if (info.isFile()) {
      if (!newest || info.mtimeMs > newest.time) newest = { path, time: info.mtimeMs };
      return;
    }
    if (!info.isDirectory()) return;
    for (const entry of await readdir(path).catch(() => [] as string[])) {
      if (!SKIPPED.has(entry)) await visit(join(path, entry));
    }
  };
  for (const input of inputs) await visit(join(root, input));
  return newest;
}

async function modified(path: string): Promise<number | undefined> {
  return (await stat(path).catch(() => undefined))?.mtimeMs;
}
