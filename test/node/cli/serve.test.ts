import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../fixtures/spawn-cli.js';

/** `npm run serve` refusing to start, before any port is opened or build made. Page tests: test/e2e/serve.test.ts. */
describe('npm run serve, refusing', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });
  const folder = () => (dir = mkdtempSync(join(tmpdir(), 'kit-serve-cli-')));

  it('a piece config with a mistake, saying where', async () => {
    const work = folder();
    writeFileSync(join(work, 'kit.config.json'), '{ "kiosk": true, "brokr": "ws://x" }');
    const run = runCli('src/node/cli/serve.ts', ['--config', join(work, 'kit.config.json'), '--dist', join(work, 'dist')]);
    expect(await run.exited).toBe(1);
    expect(run.output()).toContain(`${join(work, 'kit.config.json')}: unknown field 'brokr'`);
    expect(existsSync(join(work, 'dist'))).toBe(false);
  }, 30_000);

  it('to build into a folder that holds something other than a build (vite would empty it)', async () => {
    const work = folder();
    writeFileSync(join(work, 'precious.txt'), 'keep me');
    writeFileSync(join(work, 'empty.json'), '{}');
    const run = runCli('src/node/cli/serve.ts', ['--config', join(work, 'empty.json'), '--dist', work]);
    expect(await run.exited).toBe(1);
    expect(run.output()).toMatch(/holds files but no built site, so it is not emptied for one/);
    expect(existsSync(join(work, 'precious.txt'))).toBe(true);
  }, 30_000);

  it('to serve no build at all with --no-build', async () => {
    const work = folder();
    writeFileSync(join(work, 'empty.json'), '{}');
    const run = runCli('src/node/cli/serve.ts', ['--config', join(work, 'empty.json'), '--dist', join(work, 'dist'), '--no-build']);
    expect(await run.exited).toBe(1);
    expect(run.output()).toMatch(/has no build, and --no-build was given\. Build it: npm run build/);
  }, 30_000);
});
