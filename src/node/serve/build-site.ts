import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * Runs `vite build` into `outDir`, in a process of its own: Vite and its bundler stay out
 * of the long-running server, which on a small gallery computer keeps for weeks only what
 * serving needs. Its output goes to this console; rejects with a readable message when the
 * build fails.
 */
export async function buildSite(root: string, outDir: string): Promise<void> {
  // vite empties the folder first: never one that holds something other than a build (a
  // mistyped --dist pointing at a home folder).
  if (existsSync(outDir) && readdirSync(outDir).length > 0 && !existsSync(join(outDir, 'index.html'))) {
    throw new Error(`${outDir} holds files but no built site, so it is not emptied for one. Choose an empty or new folder.`);
  }
  // Resolving a path loads nothing.
  const vitePackage = createRequire(join(root, 'package.json')).resolve('vite/package.json');
  const vite = join(dirname(vitePackage), 'bin', 'vite.js');
  const child = spawn(process.execPath, [vite, 'build', '--outDir', outDir, '--emptyOutDir'], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  const code = await new Promise<number | string>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (exitCode, signal) => resolve(exitCode ?? signal ?? -1));
  });
  if (code !== 0) throw new Error(`vite build failed (${typeof code === 'number' ? `exit code ${code}` : code}); its messages are above. Fix them, or build by hand: npm run build`);
}
