import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../fixtures/spawn-cli.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const sketches = join(root, 'sketches');

/** Every file of sketches/, with its content: what a refused command must leave as it was. */
function snapshot(): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of readdirSync(sketches, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) files[join(entry.parentPath, entry.name)] = readFileSync(join(entry.parentPath, entry.name), 'utf8');
  }
  return files;
}

/**
 * The command as typed. Only refusals run here, against the real sketches/ folder, which they
 * must leave untouched; making sketches is tested on a stand-in folder
 * (test/node/dev/scaffold-sketch.test.ts).
 */
describe('npm run new (the command)', () => {
  const run = async (...args: string[]) => {
    const cli = runCli('src/node/cli/new-sketch.ts', args);
    return { code: await cli.exited, output: cli.output() };
  };

  it('refuses an existing sketch with a non-zero exit, touching nothing, and says where its page is', async () => {
    const before = snapshot();
    const { code, output } = await run('hello', '--template', 'blank');
    expect(code).toBe(1);
    expect(output).toContain('sketches/hello already exists; nothing was changed.');
    expect(output).toContain('add --force');
    expect(output).toMatch(/Its page: http:\/\/127\.0\.0\.1:\d+\/sketches\/hello\/\n/);
    expect(snapshot()).toEqual(before);
  });

  it('refuses a bad name with the reason and a name that would do, touching nothing', async () => {
    const before = snapshot();
    const spaced = await run('Minha Maçã');
    expect(spaced.code).toBe(2);
    expect(spaced.output).toContain("'Minha Maçã' has a space, capital letters and 'ç', 'ã'.");
    expect(spaced.output).toContain('Try: minha-maca');
    // Unquoted in a shell, a name with a space arrives as two words.
    const split = await run('my', 'sketch');
    expect(split.code).toBe(2);
    expect(split.output).toContain('try my-sketch');
    const hidden = await run('_template');
    expect(hidden.code).toBe(2);
    expect(hidden.output).toContain("starts with '_', which hides a folder from the gallery");
    expect(snapshot()).toEqual(before);
  });

  it('explains itself: --help, no name, an unknown template', async () => {
    const help = await run('--help');
    expect(help.code).toBe(0);
    expect(help.output).toMatch(/^Usage: npm run new -- <name> \[--template blank\|global\|hello\|sensors\] \[--force\]/);
    const none = await run();
    expect([none.code, none.output.split('\n')[0]]).toEqual([2, 'Give the new sketch a name.']);
    const unknown = await run('ripples', '--template', 'fancy');
    expect([unknown.code, unknown.output.trim()]).toEqual([2, "There is no template 'fancy'; choose one of blank, global, hello, sensors."]);
  });
});
