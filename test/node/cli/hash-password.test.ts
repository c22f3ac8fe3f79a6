import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { verifyPassword } from '../../../src/node/broker/index.js';
import { runCli, type CliRun } from '../../fixtures/spawn-cli.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const HASH = /^scrypt:[0-9a-f]{32}:[0-9a-f]{64}$/m;
// util-linux `script` gives the CLI a real terminal (a pty), so the echo test is the real thing.
const hasScript = spawnSync('script', ['--version'], { stdio: 'ignore' }).status === 0;

describe('npm run hash-password', () => {
  let run: CliRun | undefined;
  afterEach(async () => {
    if (run && run.child.exitCode === null) {
      run.kill('SIGKILL');
      await run.exited;
    }
  });

  it('prints help for --help and -h', async () => {
    for (const flag of ['--help', '-h']) {
      run = runCli('src/node/cli/hash-password.ts', [flag]);
      expect(await run.exited).toBe(0);
      expect(run.output()).toMatch(/^Usage: npm run hash-password/);
      expect(run.output()).not.toMatch(HASH);
    }
  });

  it('hashes a password piped in, without its final line break, and prints only the hash', async () => {
    run = runCli('src/node/cli/hash-password.ts', [], {}, 'chalk board\n');
    expect(await run.exited).toBe(0);
    const out = run.output().trim();
    expect(out).toMatch(HASH);
    expect(await verifyPassword(out, 'chalk board')).toBe(true);
  });

  it('still takes the password as an argument', async () => {
    run = runCli('src/node/cli/hash-password.ts', ['chalk']);
    expect(await run.exited).toBe(0);
    expect(await verifyPassword(run.output().trim(), 'chalk')).toBe(true);
  });

  it.each([
    ['', /The password is empty/, 2],
    ['one\ntwo\n', /more than one line/, 1],
  ])('refuses the input %j', async (input, message, code) => {
    run = runCli('src/node/cli/hash-password.ts', [], {}, input);
    expect(await run.exited).toBe(code);
    expect(run.output()).toMatch(message);
    expect(run.output()).not.toMatch(HASH);
  });

  it.skipIf(!hasScript)('asks twice on a terminal without showing what is typed', async () => {
    const child = spawn('script', ['-qec', `${process.execPath} --import tsx src/node/cli/hash-password.ts`, '/dev/null'], {
      cwd: root,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    const waitFor = async (pattern: RegExp) => {
      const deadline = Date.now() + 15_000;
      while (!pattern.test(out)) {
        if (Date.now() > deadline) throw new Error(`no ${pattern} in ${JSON.stringify(out)}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    };
    try {
      await waitFor(/Password: /);
      // A typo fixed with backspace, as a person would.
      child.stdin.write('secrex\u007ft\r');
      await waitFor(/again: /);
      child.stdin.write('secret\r');
      expect(await exited).toBe(0);
    } finally {
      child.kill('SIGKILL');
    }
    const hash = HASH.exec(out.replace(/\r/g, ''))?.[0];
    expect(hash).toBeDefined();
    expect(await verifyPassword(hash!, 'secret')).toBe(true);
    expect(out).not.toContain('secre');
  });
});
