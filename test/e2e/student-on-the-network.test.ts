import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crawl, rawGet, type Crawled, type Reply, type Vantage } from '../fixtures/page-crawl.js';
import { pathGuesses } from '../fixtures/path-guesses.js';
import { runCli, type CliRun } from '../fixtures/spawn-cli.js';

const root = fileURLToPath(new URL('../..', import.meta.url)).replace(/\/$/, '');

/**
 * A classroom, as a student who pokes around sees it: the teacher runs `npm run class` (its
 * cards land in the project folder, as README's flow writes them) and `npm start -- --lan`,
 * or an installation runs `npm run serve -- --lan`; the student's computer (127.0.0.3) reaches
 * the teacher's (127.0.0.2). Every path the pages refer to loads; nothing else of the project
 * folder does, however the path is written.
 */
describe('a student on the network', () => {
  const TEACHER = '127.0.0.2';
  const STUDENT = '127.0.0.3';
  const tag = `student-test-${process.pid}`;
  const profilesFile = `turma-${tag}.json`;
  const cardsFile = `turma-${tag}-cards.html`;
  // A sketch's own data, beside its page, as p5's loadJSON('data.json') would ask for it.
  const sketchData = `sketches/hello/${tag}.json`;
  const sketchDotfile = `sketches/hello/.${tag}`;
  /** What must never reach a student: a password from the cards, the hashes, the project's own files. */
  let secrets: string[];

  beforeAll(async () => {
    const cls = runCli('src/node/cli/class.ts', ['--students', '2', '--out', profilesFile, '--url', `http://${TEACHER}:5173/sketches/hello/`]);
    expect(await cls.exited, cls.output()).toBe(0);
    const cards = readFileSync(join(root, cardsFile), 'utf8');
    const password = /<dd class="password">([^<]+)<\/dd>/.exec(cards)![1]!;
    writeFileSync(join(root, sketchData), JSON.stringify({ readings: [1, 2, 3] }));
    writeFileSync(join(root, sketchDotfile), 'TOKEN=dotfile-in-a-sketch');
    secrets = [password, 'scrypt:', '"name": "p5-mqtt-kit"', 'compilerOptions', 'root:x:0:0', 'dotfile-in-a-sketch', 'node_modules', 'parseArgs', '[core]', 'not for students'];
  }, 30_000);

  afterAll(() => {
    for (const file of [profilesFile, cardsFile, sketchData, sketchDotfile]) rmSync(join(root, file), { force: true });
  });

  /** A 404 (or 403, or 400 for a path that cannot be read), never a page, never a file's content. */
  function expectRefused(path: string, reply: Reply): void {
    const shown = path.length > 120 ? `${path.slice(0, 120)}…` : path;
    expect([shown, [400, 403, 404].includes(reply.status)], `${shown} answered ${reply.status}: ${reply.body.slice(0, 200)}`).toEqual([shown, true]);
    for (const secret of secrets) expect(reply.body.includes(secret), `${shown} gave away '${secret}'`).toBe(false);
  }

  /** Every crawled path loaded, and what an import asked for is a module, not a fallback page. */
  function expectAllLoaded(crawled: Crawled[]): void {
    const broken = crawled.filter((entry) => entry.status !== 200 || (entry.asModule && entry.contentType.includes('html')));
    expect(broken.map((entry) => `${entry.path} (from ${entry.from || 'start'}): ${entry.status} ${entry.contentType}`)).toEqual([]);
  }

  describe('npm start -- --lan', () => {
    let kit: CliRun;
    let student: Vantage;

    beforeAll(async () => {
      kit = runCli('src/node/cli/start.ts', ['--lan', '--no-bot', '--tcp-port', '0', '--ws-port', '0', '--http-port', '0']);
      await kit.waitForOutput(/^Ready: /m, 60_000);
      const port = Number(/gallery\s+http:\/\/127\.0\.0\.1:(\d+)\//.exec(kit.output())![1]);
      student = { host: TEACHER, port, localAddress: STUDENT };
    }, 90_000);

    afterAll(async () => {
      kit?.kill('SIGKILL');
      await kit?.exited;
    });

    it('loads every path the gallery and a sketch refer to, and a sketch’s own data', async () => {
      const crawled = await crawl(student, ['/', '/sketches/hello/', '/inspector/']);
      expectAllLoaded(crawled);
      // The crawl went through pages, browser modules, Vite's client and the prebundled packages.
      for (const kind of [/^\/sketches\/hello\/sketch\.ts/, /^\/src\/p5\//, /^\/src\/mqtt\//, /^\/@vite\/client/, /^\/node_modules\/\.vite\/deps\//, /^\/favicon\.svg/]) {
        expect(crawled.some((entry) => kind.test(entry.path)), `no ${kind} among ${crawled.length} paths`).toBe(true);
      }
      const data = await rawGet(student, `/${sketchData}`);
      expect([data.status, JSON.parse(data.body)]).toEqual([200, { readings: [1, 2, 3] }]);
      // The worker, which the pages start with a query of Vite's own.
      expect((await rawGet(student, '/src/mqtt/worker/worker.ts?worker_file&type=module')).status).toBe(200);
    }, 120_000);

    it('serves nothing else of the project folder: the cards, the profiles, the sources, dotfiles, /@fs/', async () => {
      const guesses = [...pathGuesses(root, [profilesFile, cardsFile]), `/${sketchDotfile}`, `/${sketchDotfile}?raw`, `/@fs${root}/${sketchDotfile}`];
      for (const path of guesses) expectRefused(path, await rawGet(student, path));
    }, 120_000);
  });

  describe('npm run serve -- --lan', () => {
    let work: string;
    let site: CliRun;
    let student: Vantage;

    beforeAll(async () => {
      work = mkdtempSync(join(tmpdir(), 'kit-student-'));
      // What an installation keeps beside its site: the piece config, and a folder named like the site.
      writeFileSync(join(work, 'kit.config.json'), '{ "//": "not for students" }');
      mkdirSync(join(work, 'dist-private'));
      writeFileSync(join(work, 'dist-private', 'secret.txt'), 'not for students');
      site = runCli('src/node/cli/serve.ts', ['--lan', '--tcp-port', '0', '--ws-port', '0', '--http-port', '0', '--dist', join(work, 'dist'), '--config', join(work, 'kit.config.json')]);
      await site.waitForOutput(/^Ready: /m, 150_000);
      const port = Number(/gallery\s+http:\/\/127\.0\.0\.1:(\d+)\//.exec(site.output())![1]);
      student = { host: TEACHER, port, localAddress: STUDENT };
      writeFileSync(join(work, 'dist', '.env'), 'TOKEN=not for students');
    }, 180_000);

    afterAll(async () => {
      site?.kill('SIGKILL');
      await site?.exited;
      if (work) rmSync(work, { recursive: true, force: true });
    });

    it('loads every path the built gallery and a sketch refer to', async () => {
      const crawled = await crawl(student, ['/', '/sketches/hello/', '/inspector/']);
      expectAllLoaded(crawled);
      expect(crawled.some((entry) => /^\/assets\/.+\.js$/.test(entry.path)), 'no built module crawled').toBe(true);
    }, 60_000);

    it('serves nothing outside the built site, no dotfile, and no sibling folder named like it', async () => {
      const guesses = [
        ...pathGuesses(root, [profilesFile, cardsFile]),
        '/.env', '/%2eenv', '/../kit.config.json', '/..%2fkit.config.json', '/%2e%2e/kit.config.json',
        '/..%2fdist-private/secret.txt', '/%2e%2e%2fdist-private/secret.txt', '/assets/..%2f..%2fdist-private/secret.txt',
        `/@fs${work}/kit.config.json`,
      ];
      for (const path of guesses) expectRefused(path, await rawGet(student, path));
    }, 60_000);
  });
});
