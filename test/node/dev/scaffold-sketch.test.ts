import { mkdtemp, mkdir, readFile, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SKETCH_TEMPLATES, ScaffoldError, scaffoldSketch, sketchNameProblem, type SketchTemplate } from '../../../src/node/dev/scaffold-sketch.js';
import { findSketchPages } from '../../../src/node/dev/sketch-pages.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const templates = Object.keys(SKETCH_TEMPLATES) as SketchTemplate[];

/**
 * A stand-in project: its own sketches/ (so nothing is ever written into the real one, where
 * a running gallery or build would see it) beside links to the real src/ and node_modules/,
 * so a new sketch's `../../src/p5/…` imports resolve exactly as they do in the project.
 */
let project: string;
let sketches: string;
beforeEach(async () => {
  project = await mkdtemp(join(tmpdir(), 'new-sketch-'));
  sketches = join(project, 'sketches');
  await mkdir(sketches);
  await symlink(join(root, 'src'), join(project, 'src'));
  await symlink(join(root, 'node_modules'), join(project, 'node_modules'));
});
afterEach(() => rm(project, { recursive: true, force: true }));

const make = (name: string, template?: SketchTemplate, force?: boolean) =>
  scaffoldSketch({ root, name, sketchesDir: sketches, ...(template ? { template } : {}), ...(force ? { force } : {}) });

/** The project's own compiler settings and ambient declarations, applied to `files`; returns the errors as text. */
function typeErrors(files: string[]): string[] {
  const config = ts.getParsedCommandLineOfConfigFile(join(root, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} })!;
  // Through the stand-in's src/ link, as the sketch reaches them: one path per file, one type per class.
  const declarations = config.fileNames.filter((file) => file.endsWith('.d.ts')).map((file) => file.replace(join(root, 'src'), join(project, 'src')));
  const program = ts.createProgram([...files, ...declarations], { ...config.options, noEmit: true });
  return ts.getPreEmitDiagnostics(program).map((d) => `${d.file?.fileName ?? ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
}

describe('npm run new: making a sketch', () => {
  it('copies every template into sketches/<name>/, named after it, and the copies type-check', async () => {
    for (const template of templates) {
      const made = await make(`from-${template}`, template);
      expect(made).toMatchObject({ dir: join(sketches, `from-${template}`), replaced: false });
      expect(made.files).toEqual(['index.html', 'sketch.ts']);
      const html = await readFile(join(made.dir, 'index.html'), 'utf8');
      const code = await readFile(join(made.dir, 'sketch.ts'), 'utf8');
      expect(html).toContain(`<title>from-${template}</title>`);
      expect(html).toMatch(new RegExp(`<meta name="description" content="Started from ${SKETCH_TEMPLATES[template].label}\\. `));
      expect(html).toMatch(new RegExp(`<nav>.*<span>from-${template} — `));
      expect(code.split('\n').slice(0, 2)).toEqual(['/**', ` * from-${template} — started from ${SKETCH_TEMPLATES[template].label} (sketches/${SKETCH_TEMPLATES[template].folder}) by \`npm run new\`.`]);
      // The template's how-to-copy-me and its placeholder topic do not survive.
      for (const text of [html, code]) expect(text).not.toMatch(/Copy it:|my-sketch|my sketch/);
      // The code itself is the template's: the copy runs as the template does.
      const original = await readFile(join(root, 'sketches', SKETCH_TEMPLATES[template].folder, 'sketch.ts'), 'utf8');
      const body = (text: string) => text.slice(text.indexOf('*/')).replaceAll(`from-${template}`, 'my-sketch');
      expect(body(code)).toBe(body(original));
    }
    expect(typeErrors(templates.map((t) => join(sketches, `from-${t}`, 'sketch.ts')))).toEqual([]);
  }, 60_000);

  it('puts the blank templates on a topic of their own, so sketches made from one do not share clicks', async () => {
    const { dir } = await make('ripples');
    expect(await readFile(join(dir, 'sketch.ts'), 'utf8')).toContain("const TOPIC = 'ripples';");
  });

  it('is listed by the gallery and the build (findSketchPages) by existing', async () => {
    await make('ripples', 'hello');
    await make('lamp', 'sensors');
    expect(findSketchPages(root, sketches).map(({ name, href, title }) => ({ name, href, title }))).toEqual([
      { name: 'lamp', href: 'sketches/lamp/', title: 'lamp' },
      { name: 'ripples', href: 'sketches/ripples/', title: 'ripples' },
    ]);
  });

  it('refuses to write over an existing sketch, touching nothing and leaving no stray folder', async () => {
    const { dir } = await make('ripples', 'hello');
    await writeFile(join(dir, 'sketch.ts'), '// my own work\n');
    const error = await make('ripples', 'blank').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ScaffoldError);
    expect(error).toMatchObject({ reason: 'exists', message: expect.stringContaining('sketches/ripples already exists; nothing was changed') });
    expect(await readFile(join(dir, 'sketch.ts'), 'utf8')).toBe('// my own work\n');
    expect(await readdir(sketches)).toEqual(['ripples']);
  });

  it('with force, writes the template over it and keeps the files the template does not have', async () => {
    const { dir } = await make('ripples', 'hello');
    await writeFile(join(dir, 'sketch.ts'), '// my own work\n');
    await writeFile(join(dir, 'notes.txt'), 'keep me');
    expect(await make('ripples', 'blank', true)).toMatchObject({ replaced: true, files: ['index.html', 'sketch.ts'] });
    expect(await readFile(join(dir, 'sketch.ts'), 'utf8')).toContain("const TOPIC = 'ripples';");
    expect(await readFile(join(dir, 'notes.txt'), 'utf8')).toBe('keep me');
    expect((await readdir(sketches)).sort()).toEqual(['ripples']);
  });

  it('refuses a template copied onto itself, even with force', async () => {
    await expect(scaffoldSketch({ root, name: 'hello', template: 'hello', force: true })).rejects.toThrow('is the hello template itself');
  });
});

describe('npm run new: sketch names', () => {
  it.each([
    ['My Sketch', "'My Sketch' has a space and capital letters.", 'my-sketch'],
    ['maçã-do-amor', "'maçã-do-amor' has 'ç', 'ã'.", 'maca-do-amor'],
    ['_secret', "'_secret' starts with '_', which hides a folder from the gallery", 'secret'],
    ['my_sketch', "'my_sketch' has '_'.", 'my-sketch'],
    ['a/../b', "'a/../b' has '/', '.'.", 'a-b'],
    ['a--b', "'a--b' starts or ends with '-', or has two in a row.", 'a-b'],
  ])('refuses %j, says why and what would do', async (name, why, suggestion) => {
    const problem = sketchNameProblem(name);
    expect(problem).toContain(why);
    expect(problem).toMatch(new RegExp(`Try: ${suggestion}$`));
    expect(sketchNameProblem(suggestion)).toBeUndefined();
    await expect(make(name)).rejects.toMatchObject({ reason: 'name' });
    expect(await readdir(sketches)).toEqual([]);
  });

  it('takes lowercase letters, digits and single dashes, and refuses names Windows cannot make', () => {
    for (const name of ['ripples', 'ripples-2', '3d', 'aula-1-ola']) expect(sketchNameProblem(name)).toBeUndefined();
    expect(sketchNameProblem('con')).toMatch(/Windows/);
    expect(sketchNameProblem('')).toMatch(/needs a name/);
    expect(sketchNameProblem('x'.repeat(51))).toMatch(/longer than 50/);
  });
});
