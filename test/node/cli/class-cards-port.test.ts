import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadProfiles } from '../../../src/node/broker/index.js';
import { freePort } from '../../fixtures/mosquitto.js';
import { runCli, type CliRun } from '../../fixtures/spawn-cli.js';

/**
 * The class's order of things: cards printed with `npm run class` before the kit runs, then
 * `npm start -- --profiles turma.json`. The pages go where the cards' QR codes point, or the
 * terminal says at once that they could not and how to print cards that fit.
 */
describe('npm run class, then npm start: the cards and the pages agree on a port', () => {
  let dir: string;
  let run: CliRun | undefined;
  let held: Server | undefined;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kit-cards-port-'));
  });
  afterEach(async () => {
    if (run && run.child.exitCode === null) {
      run.kill('SIGINT');
      await run.exited;
    }
    held?.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function makeClass(port: number): Promise<string> {
    const out = join(dir, 'turma.json');
    const made = runCli('src/node/cli/class.ts', ['--students', '2', '--out', out, '--url', `http://127.0.0.1:${port}/sketches/hello/`]);
    expect(await made.exited).toBe(0);
    return out;
  }

  it('serves the pages on the port the cards point at, with no --http-port', async () => {
    const port = await freePort();
    const out = await makeClass(port);
    // The broker reads the same file: the cards' page beside the profiles is no trouble to it.
    expect((await loadProfiles(out)).map((p) => p.username)).toEqual(['professor', 'aluno01', 'aluno02', 'viewer']);
    expect(JSON.parse(await readFile(out, 'utf8')).cards).toEqual({ page: `http://127.0.0.1:${port}/sketches/hello/` });
    run = runCli('src/node/cli/start.ts', ['--profiles', out, '--tcp-port', '0', '--ws-port', '0', '--no-bot']);
    await run.waitForOutput(/^Ready: /m, 60_000);
    expect(run.output()).toContain(`Ready: http://127.0.0.1:${port}/`);
    expect(run.output()).not.toContain('Warning: the cards');
  }, 90_000);

  it('says at once when that port is taken, and how to print cards for the one the pages got', async () => {
    const port = await freePort();
    const out = await makeClass(port);
    held = createServer();
    await new Promise<void>((resolve) => held!.listen(port, '127.0.0.1', resolve));
    run = runCli('src/node/cli/start.ts', ['--profiles', out, '--tcp-port', '0', '--ws-port', '0', '--no-bot']);
    await run.waitForOutput(/^Ready: /m, 60_000);
    const got = Number(/^Ready: http:\/\/127\.0\.0\.1:(\d+)\//m.exec(run.output())![1]);
    expect(got).not.toBe(port);
    expect(run.output()).toContain(`Warning: the cards of ${out} open port ${port}, which is in use`);
    expect(run.output()).toContain(`npm run class -- --students N --out ${out} --url http://127.0.0.1:${got}/sketches/hello/ --force`);
  }, 90_000);

  it('refuses an --out in a folder that does not exist with a sentence, not a stack trace', async () => {
    const made = runCli('src/node/cli/class.ts', ['--students', '2', '--out', join(dir, 'some/missing/dir/t.json'), '--url', 'http://127.0.0.1:5173/sketches/hello/']);
    expect(await made.exited).toBe(1);
    expect(made.output()).toBe(`The folder ${join(dir, 'some/missing/dir')} does not exist, so t.json cannot go there; nothing was written. Create it first (mkdir -p ${join(dir, 'some/missing/dir')}) or choose another --out.\n`);
    await expect(stat(join(dir, 'some'))).rejects.toThrow();
  }, 30_000);
});
