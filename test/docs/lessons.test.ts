import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { defaultProfiles, loadProfiles } from '../../src/node/broker/index.js';
import { findSketchPages } from '../../src/node/dev/sketch-pages.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const lessonsDir = join(root, 'docs/lessons');
const read = (path: string) => readFileSync(path, 'utf8');
const LESSONS = [1, 2, 3, 4, 5, 6];
const LANGUAGES = [
  {
    name: 'English',
    index: 'README.md',
    page: (n: number) => `lesson-${n}.md`,
    sections: ['Goal', 'Run it', 'The code', 'What you should see', 'Exercise', 'Solution', 'For the teacher'],
  },
  {
    name: 'Brazilian Portuguese',
    index: 'README.pt-BR.md',
    page: (n: number) => `lesson-${n}.pt-BR.md`,
    sections: ['Objetivo', 'Para rodar', 'O código', 'O que você deve ver', 'Exercício', 'Solução', 'Para o professor'],
  },
];

/** Lesson N's sketch folder and its solution's, e.g. sketches/lesson-1-connect and sketches/_lesson-1-connect-solution. */
function lessonFolders(n: number): { lesson: string; solution: string } {
  const names = readdirSync(join(root, 'sketches'));
  const lesson = names.find((name) => name.startsWith(`lesson-${n}-`));
  expect(lesson, `sketches/lesson-${n}-…`).toBeDefined();
  const solution = names.find((name) => name === `_${lesson}-solution`);
  expect(solution, `sketches/_${lesson}-solution`).toBeDefined();
  return { lesson: lesson!, solution: solution! };
}

/** Fenced code blocks of a language (`ts`, `json`…), in order. */
function blocks(markdown: string, language: string): string[] {
  return [...markdown.matchAll(new RegExp('```' + language + '\\n([^]*?)```', 'g'))].map((m) => m[1]!);
}

/** Every file of lesson N's two folders, as trimmed lines. */
function sourceLines(n: number): Set<string> {
  const { lesson, solution } = lessonFolders(n);
  const lines = new Set<string>();
  for (const folder of [lesson, solution]) {
    for (const file of readdirSync(join(root, 'sketches', folder))) {
      for (const line of read(join(root, 'sketches', folder, file)).split('\n')) lines.add(line.trim());
    }
  }
  return lines;
}

// What a teacher reads must be what the type check and test/e2e/lessons.test.ts run.
describe('the lessons in docs/lessons', () => {
  it.each(LANGUAGES)('the $name index links all six lessons, in order, and each links back', ({ index, page }) => {
    const text = read(join(lessonsDir, index));
    const linked = [...text.matchAll(/\]\((lesson-\d[^)]*\.md)\)/g)].map((m) => m[1]);
    expect(linked).toEqual(LESSONS.map(page));
    for (const n of LESSONS) expect(read(join(lessonsDir, page(n)))).toContain(`](${index})`);
  });

  it.each(LANGUAGES)('every $name lesson has its sections, names its sketch and solution, and links to the other language', ({ page, sections }) => {
    for (const n of LESSONS) {
      const text = read(join(lessonsDir, page(n)));
      const headings = [...text.matchAll(/^## (.+)$/gm)].map((m) => m[1]!);
      for (const section of sections) expect(headings.some((h) => h.startsWith(section)), `${page(n)}: ## ${section}`).toBe(true);
      const { lesson, solution } = lessonFolders(n);
      expect(text).toContain(`/sketches/${lesson}/`);
      expect(text).toContain(`sketches/${solution}/`);
      // The solution is folded away, so students try first.
      expect(text).toMatch(/<details>\s*<summary>[^<]+<\/summary>/);
      const other = LANGUAGES.find((l) => l.page !== page)!.page(n);
      expect(text).toContain(`](${other})`);
    }
  });

  it('every relative link and image in the lesson pages and the README points at a file that exists', () => {
    const pages = [...readdirSync(lessonsDir).filter((f) => f.endsWith('.md')).map((f) => join(lessonsDir, f)), join(root, 'README.md')];
    for (const path of pages) {
      for (const [, target] of read(path).matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^[a-z]+:/i.test(target!) || target!.startsWith('#')) continue;
        expect(existsSync(resolve(dirname(path), target!.split('#')[0]!)), `${path}: ${target}`).toBe(true);
      }
    }
    expect(read(join(root, 'README.md'))).toContain('](docs/lessons/README.md)');
    expect(read(join(root, 'README.md'))).toContain('](docs/lessons/README.pt-BR.md)');
  });

  it('every line of code shown in a lesson page is in the lesson’s sketch, bot or solution', () => {
    for (const { page } of LANGUAGES) {
      for (const n of LESSONS) {
        const lines = sourceLines(n);
        const text = read(join(lessonsDir, page(n)));
        for (const block of [...blocks(text, 'ts'), ...blocks(text, 'python')]) {
          for (const line of block.split('\n').map((l) => l.trim()).filter((l) => l !== '')) {
            expect(lines.has(line), `${page(n)} shows a line found in no file of lesson ${n}: ${line}`).toBe(true);
          }
        }
      }
    }
  });

  it('lesson 5 shows turma.json as it is, and turma.json keeps public and viewer as the defaults have them', async () => {
    const file = read(join(lessonsDir, 'turma.json'));
    for (const page of ['lesson-5.md', 'lesson-5.pt-BR.md']) expect(blocks(read(join(lessonsDir, page)), 'json')).toEqual([file]);
    const turma = await loadProfiles(join(lessonsDir, 'turma.json'));
    const defaults = defaultProfiles('unused');
    for (const username of ['public', 'viewer']) {
      expect(turma.find((p) => p.username === username)).toEqual(defaults.find((p) => p.username === username));
    }
    expect(turma.find((p) => p.username === 'ana')).toMatchObject({ publish: ['class/ana/#', 'hello'] });
  });

  it('lesson sketches are in the gallery, solutions are not, and every sketch says where its lesson is', () => {
    const gallery = findSketchPages(root).map((p) => p.name);
    for (const n of LESSONS) {
      const { lesson, solution } = lessonFolders(n);
      expect(gallery).toContain(lesson);
      expect(gallery).not.toContain(solution);
      for (const folder of [lesson, solution]) {
        for (const file of readdirSync(join(root, 'sketches', folder)).filter((f) => /\.(ts|py)$/.test(f))) {
          expect(read(join(root, 'sketches', folder, file)), `${folder}/${file}`).toContain(`docs/lessons/lesson-${n}.md`);
        }
      }
    }
  });
});
