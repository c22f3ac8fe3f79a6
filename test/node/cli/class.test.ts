import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadProfiles } from '../../../src/node/broker/index.js';
import { qrSvg } from '../../../src/kit/qr-code.js';
import { collect, grantedQos, useHarness, waitFor } from '../broker/harness.js';
import { runCli } from '../../fixtures/spawn-cli.js';

const h = useHarness();
const root = fileURLToPath(new URL('../../..', import.meta.url));
const PAGE = 'http://192.0.2.10:5173/sketches/hello/';

/** The cards page's student cards, as a reader sees them: user, password, the QR code and where it leads. */
function studentCards(html: string) {
  return [...html.matchAll(/<article class="card student" data-link="([^"]*)">([\s\S]*?)<\/article>/g)].map(([, link, body]) => ({
    link: link!.replaceAll('&#38;', '&'),
    user: /<dd class="user">([^<]*)<\/dd>/.exec(body!)?.[1] ?? '',
    password: /<dd class="password">([^<]*)<\/dd>/.exec(body!)?.[1] ?? '',
    svg: /<svg[\s\S]*?<\/svg>/.exec(body!)?.[0] ?? '',
  }));
}

describe('npm run class', () => {
  let dir: string;
  let out: string;
  let cardsFile: string;
  let output: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'class-'));
    out = join(dir, 'turma.json');
    cardsFile = join(dir, 'turma-cards.html');
    const run = runCli('src/node/cli/class.ts', ['--students', '3', '--out', out, '--url', PAGE]);
    expect(await run.exited).toBe(0);
    output = run.output();
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('writes a profiles file of hashes and a cards page only its owner can read, and says what to run next', async () => {
    const profiles = await loadProfiles(out);
    // The lessons' viewer comes along: lesson 5 logs in as it on purpose.
    expect(profiles.map((p) => p.username)).toEqual(['professor', 'aluno01', 'aluno02', 'aluno03', 'viewer']);
    for (const profile of profiles) expect(profile.password).toMatch(/^scrypt:/);
    expect((await stat(cardsFile)).mode & 0o777).toBe(0o600);
    const cards = studentCards(await readFile(cardsFile, 'utf8'));
    // The plain passwords are on the cards and nowhere else: not in the profiles file, not on the terminal.
    const profilesText = await readFile(out, 'utf8');
    for (const { password } of cards) {
      expect(password).toMatch(/^[a-z]+-\d{4}$/);
      expect(profilesText).not.toContain(password);
      expect(output).not.toContain(password);
    }
    expect(output).toContain(`Start the class: npm start -- --lan --profiles ${out}`);
  });

  it('has a card per student, each with a QR code of the page that logs that student in', async () => {
    const html = await readFile(cardsFile, 'utf8');
    const cards = studentCards(html);
    expect(cards.map((c) => c.user)).toEqual(['aluno01', 'aluno02', 'aluno03']);
    for (const card of cards) {
      expect(card.link).toBe(`${PAGE}?broker=mqtt://${card.user}:${card.password}@192.0.2.10`);
      expect(new URL(card.link).searchParams.get('broker')).toBe(`mqtt://${card.user}:${card.password}@192.0.2.10`);
      expect(card.svg).toMatch(/^<svg /);
      expect(card.svg).toBe(qrSvg(card.link));
      // The address may break after a slash on paper (<wbr />), and reads whole.
      expect(html.replaceAll('<wbr />', "")).toContain(`abra · open <span class="url">${PAGE}</span>`);
    }
    // The teacher's card: a password, no QR code.
    expect(html).toMatch(/<article class="card teacher">[\s\S]*<dd class="user">professor<\/dd>[\s\S]*<dd class="password">[a-z]+-[a-z]+-[a-z]+-\d{4}<\/dd>/);
  });

  it('logs students in to the real broker, confined to class/<user>/… and hello, $SYS out of reach', async () => {
    const profiles = await loadProfiles(out);
    const { broker } = await h.startBroker({ profiles, heartbeatIntervalMs: 100 });
    const url = `mqtt://127.0.0.1:${broker.tcpPort}`;
    const [one, two] = studentCards(await readFile(cardsFile, 'utf8'));
    const watcher = await h.connect(url, { username: two!.user, password: two!.password });
    const seen = collect(watcher);
    await watcher.subscribeAsync('#');

    const student = await h.connect(url, { username: one!.user, password: one!.password });
    await student.publishAsync(`class/${one!.user}/x`, 'mine', { qos: 1 });
    await student.publishAsync('hello', 'world', { qos: 1 });
    // Refused publishes are acknowledged and dropped: the connection stays up.
    await student.publishAsync(`class/${two!.user}/x`, 'not mine', { qos: 1 });
    await student.publishAsync('elsewhere', 'no', { qos: 1 });
    await student.publishAsync(`class/${one!.user}/last`, 'still connected', { qos: 1 });
    await waitFor(() => seen.some((m) => m.topic === `class/${one!.user}/last`), 'the last allowed message');
    expect(seen.map((m) => `${m.topic}=${m.text}`)).toEqual([`class/${one!.user}/x=mine`, 'hello=world', `class/${one!.user}/last=still connected`]);
    expect(await grantedQos(student, { '$SYS/#': { qos: 0 }, 'class/#': { qos: 0 } })).toEqual([128, 0]);

    const wrong = await h.refusal(url, { username: one!.user, password: two!.password });
    expect(wrong.code).toBe(4);
    expect(await h.refusal(url)).toMatchObject({ code: expect.any(Number) });
  });

  it("gives the teacher $SYS, on the teacher card's password", async () => {
    const html = await readFile(cardsFile, 'utf8');
    const password = /<article class="card teacher">[\s\S]*?<dd class="password">([^<]*)</.exec(html)![1]!;
    const { broker } = await h.startBroker({ profiles: await loadProfiles(out), heartbeatIntervalMs: 100 });
    const teacher = await h.connect(`mqtt://127.0.0.1:${broker.tcpPort}`, { username: 'professor', password });
    const seen = collect(teacher);
    expect(await grantedQos(teacher, { '$SYS/#': { qos: 0 } })).toEqual([0]);
    await waitFor(() => seen.some((m) => m.topic.startsWith('$SYS/')), 'a $SYS message', 3000);
  });

  it('refuses to write over a class without --force, touching nothing; with it, makes a new one', async () => {
    const before = [await readFile(out, 'utf8'), await readFile(cardsFile, 'utf8')];
    const refused = runCli('src/node/cli/class.ts', ['--students', '2', '--out', out, '--url', PAGE]);
    expect(await refused.exited).toBe(1);
    expect(refused.output()).toContain(`${out} and ${cardsFile} already exist; nothing was written. Add --force`);
    expect([await readFile(out, 'utf8'), await readFile(cardsFile, 'utf8')]).toEqual(before);

    const forced = runCli('src/node/cli/class.ts', ['--students', '2', '--out', out, '--url', PAGE, '--force']);
    expect(await forced.exited).toBe(0);
    expect((await loadProfiles(out)).map((p) => p.username)).toEqual(['professor', 'aluno01', 'aluno02', 'viewer']);
    expect(studentCards(await readFile(cardsFile, 'utf8'))).toHaveLength(2);
    expect((await stat(cardsFile)).mode & 0o777).toBe(0o600);
  });

  it('refuses to write the cards where the kit serves files to the network, saying where to write instead', async () => {
    // Relative to the project folder, where `npm run class` runs.
    const name = `turma-refused-${process.pid}`;
    for (const [folder, served] of [['sketches/hello', 'sketches/'], ['dist', 'dist/'], ['src/pages', 'src/pages/']] as const) {
      const run = runCli('src/node/cli/class.ts', ['--students', '2', '--out', `${folder}/${name}.json`, '--url', PAGE]);
      expect(await run.exited).toBe(1);
      expect(run.output()).toContain(`${folder}/${name}.json would be in ${served}, which npm start and npm run serve hand to everyone on the network: every student could read it. Nothing was written. Write it where no page server looks, e.g. --out ${name}.json`);
      await expect(stat(join(root, folder, `${name}-cards.html`))).rejects.toThrow();
      await expect(stat(join(root, folder, `${name}.json`))).rejects.toThrow();
    }
  }, 40_000);

  it('explains a bad request and writes nothing', async () => {
    const cases: [string[], RegExp][] = [
      [['--out', join(dir, 'x.json')], /How many students\? Give --students N\./],
      [['--students', '0', '--out', join(dir, 'x.json')], /--students must be a whole number from 1 to 500, got '0'/],
      [['--students', '3'], /Give --out FILE/],
      [['--students', '3', '--out', join(dir, 'x.json'), '--prefix', 'a/b'], /--prefix 'a\/b' must be letters a–z, digits/],
      [['--students', '3', '--out', join(dir, 'x.json'), '--url', 'ftp://x/'], /--url must be a page address/],
    ];
    // Side by side: each is a process start (tsx), which a busy 2-core machine makes slow.
    await Promise.all(cases.map(async ([args, message]) => {
      const run = runCli('src/node/cli/class.ts', args);
      expect(await run.exited).toBe(2);
      expect(run.output()).toMatch(message);
    }));
    await expect(stat(join(dir, 'x.json'))).rejects.toThrow();
  }, 60_000);
});
