import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { KIOSK_DEFAULTS } from '../../src/kit/kiosk/options.js';
import { parsePieceFile } from '../../src/node/serve/piece-file.js';
import { canPublish, parseProfiles } from '../../src/node/broker/index.js';
import { runCli } from '../fixtures/spawn-cli.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const read = (path: string) => readFileSync(join(root, path), 'utf8');
const GUIDES = { en: read('docs/installation.md'), pt: read('docs/installation.pt-BR.md') };

/** Fenced code blocks of a language (`json`, `ini`…), in order. */
function blocks(markdown: string, language: string): string[] {
  return [...markdown.matchAll(new RegExp('```' + language + '\\n([^]*?)```', 'g'))].map((m) => m[1]!);
}

// What an installer copies from the guide must be what the kit accepts.
describe('docs/installation (EN + PT-BR)', () => {
  it('link each other, and README links both', () => {
    expect(GUIDES.en).toContain('](installation.pt-BR.md)');
    expect(GUIDES.pt).toContain('](installation.md)');
    expect(read('README.md')).toContain('](docs/installation.md)');
    expect(read('README.md')).toContain('](docs/installation.pt-BR.md)');
  });

  it.each(Object.entries(GUIDES))('every kit.config.json shown is one serve accepts (%s)', (_language, guide) => {
    const files = blocks(guide, 'json').filter((file) => !('profiles' in JSON.parse(file)));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) expect(() => parsePieceFile(JSON.parse(file), 'kit.config.json')).not.toThrow();
  });

  it.each(Object.entries(GUIDES))("the piece's restricted account may publish its kiosk reports (%s)", (_language, guide) => {
    const [file, ...more] = blocks(guide, 'json').filter((text) => 'profiles' in JSON.parse(text));
    expect(more).toEqual([]);
    const [piece] = parseProfiles(JSON.parse(file!), 'guide');
    // A kiosk page reports on kit/status/<client id>: a broker drops it silently otherwise.
    expect(canPublish(piece!, 'kit/status/left-screen')).toBe(true);
    expect(canPublish(piece!, 'hello')).toBe(false);
  });

  it('show the same systemd units in both languages', () => {
    const units = blocks(GUIDES.en, 'ini');
    expect(units).toHaveLength(2);
    expect(blocks(GUIDES.pt, 'ini')).toEqual(units);
  });

  it.each(Object.entries(GUIDES))('give the kiosk settings with their real defaults (%s)', (_language, guide) => {
    const rows = [...guide.matchAll(/^\| `(\w+)`(?:, `(\w+)`)? \| ([\d, ]+) \|/gm)];
    const documented = Object.fromEntries(rows.flatMap((row) => {
      const values = row[3]!.split(',').map((value) => Number(value.trim()));
      return [[row[1]!, values[0]], ...(row[2] ? [[row[2], values[1]]] : [])];
    }));
    expect(documented).toEqual(KIOSK_DEFAULTS);
  });

  it('use only flags npm run serve has', async () => {
    const help = runCli('src/node/cli/serve.ts', ['--help']);
    expect(await help.exited).toBe(0);
    for (const guide of Object.values(GUIDES)) {
      // `npm run serve -- …` or, in the systemd unit, `node --import tsx src/node/cli/serve.ts …`: the flags after it.
      const commands = guide.split('\n').flatMap((line) => /(?:npm run serve|cli\/serve\.ts)(.*)$/.exec(line)?.[1] ?? []);
      expect(commands.length).toBeGreaterThan(3);
      for (const flag of commands.flatMap((rest) => rest.match(/(?<=\s)--[a-z][a-z-]*/g) ?? [])) expect(help.output(), flag).toContain(`${flag} `);
    }
  }, 30_000);
});
