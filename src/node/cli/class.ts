// `npm run class -- --students 30 [--prefix aluno] [--teacher professor] --out turma.json
//  [--url http://192.168.1.23:5173/sketches/hello/] [--force]`: student accounts for the
// broker and printable cards to hand them out.
import { explainFlagError, usageErrorText } from '../broker/flag-suggestions.js';
import { lstat, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { lanAddresses } from '../broker/network.js';
import { LESSON_VIEWER, MAX_STUDENTS, classNameProblem, classProfiles, makeClassAccounts } from '../classroom/class-accounts.js';
import { classCards } from '../classroom/class-cards.js';
import { DEFAULT_PAGE_PORT, findRunningKit, runningKitDir } from './running-kit.js';
import { servingFolder } from '../dev/served-paths.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));

const USAGE = `Usage: npm run class -- --students N --out turma.json [options]

Writes a profiles file with one account per student and one for the teacher, and beside it
a page of cards to print and hand out (turma.json → turma-cards.html). Then:
  npm start -- --lan --profiles turma.json

  --students N       how many students (1–${MAX_STUDENTS})
  --out FILE         the profiles file; passwords in it are scrypt hashes only
  --prefix P         students are P01, P02, … (default aluno)
  --teacher NAME     the teacher's user name (default professor)
  --url URL          the page each card's QR code opens (default: hello at this computer's
                     network address, as npm start -- --lan prints it)
  --force            write over existing files

Each student may publish under class/<user>/… and on the lessons' topics (hello/#, dado/#,
temperatura, umidade, luminosidade), and read everything but $SYS; the teacher may do
everything, $SYS/# included. The lessons' viewer/viewer (may publish nothing) is kept. The
passwords are shown nowhere but on the cards page (mode 600; npm start and npm run serve never
serve it, and a --out in a folder they serve, such as sketches/ or dist/, is refused): print
it, then delete it.`;

const CLASS_OPTIONS = {
  students: { type: 'string' },
  out: { type: 'string' },
  prefix: { type: 'string', default: 'aluno' },
  teacher: { type: 'string', default: 'professor' },
  url: { type: 'string' },
  force: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

async function main(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: CLASS_OPTIONS,
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    return usageError(explainFlagError(error, CLASS_OPTIONS));
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const students = Number(values.students);
  if (values.students === undefined) return usageError('How many students? Give --students N.');
  if (!Number.isInteger(students) || students < 1 || students > MAX_STUDENTS) return usageError(`--students must be a whole number from 1 to ${MAX_STUDENTS}, got '${values.students}'`);
  if (!values.out) return usageError('Where should the profiles go? Give --out FILE, e.g. --out turma.json');
  const problem = classNameProblem(values.prefix, '--prefix') ?? classNameProblem(values.teacher, '--teacher');
  if (problem) return usageError(problem);
  const accounts = makeClassAccounts({ students, prefix: values.prefix, teacher: values.teacher });
  if (values.teacher === LESSON_VIEWER.username) return usageError(`--teacher '${values.teacher}' is the lessons' read-only account; choose another name.`);
  if (accounts.slice(1).some((a) => a.username === values.teacher)) return usageError(`--teacher '${values.teacher}' is also a student's name; choose another.`);

  let page: string;
  if (values.url) {
    const url = parseUrl(values.url);
    if (!url || !/^https?:$/.test(url.protocol)) return usageError(`--url must be a page address like http://192.168.1.23:5173/sketches/hello/, got '${values.url}'`);
    page = url.href;
  } else {
    // What `npm start -- --lan` prints: this computer's first network address, the pages' real port.
    const kit = await findRunningKit(runningKitDir(root));
    const [lan] = lanAddresses();
    if (!lan) console.error('No network address found (is this computer on a network?): the cards point at 127.0.0.1, which phones cannot reach. Give --url.');
    page = `http://${lan ?? '127.0.0.1'}:${kit?.pagePort ?? DEFAULT_PAGE_PORT}/sketches/hello/`;
  }

  const out = values.out;
  const cards = join(dirname(out), `${basename(out, extname(out))}-cards.html`);
  for (const file of [out, cards]) {
    const folder = servingFolder(root, resolve(file));
    if (folder) {
      console.error(`${file} would be in ${folder}, which npm start and npm run serve hand to everyone on the network: every student could read it. Nothing was written. Write it where no page server looks, e.g. --out ${basename(out)} (the project folder itself is not served) or a folder outside the project.`);
      return 1;
    }
  }
  const existing = [];
  for (const file of [out, cards]) if (await lstat(file).then(() => true, () => false)) existing.push(file);
  if (existing.length > 0 && !values.force) {
    console.error(`${existing.join(' and ')} already ${existing.length > 1 ? 'exist' : 'exists'}; nothing was written. Add --force to replace ${existing.length > 1 ? 'them' : 'it'} (the old passwords then stop working once the broker restarts with the new file).`);
    return 1;
  }

  const profiles = await classProfiles(accounts);
  // Both are written aside and then renamed, so a failure never leaves a file of one class
  // beside the cards of another. The cards hold plain passwords: only their owner may read them.
  await writeAside(
    // One profile a line, as the README writes them, for a teacher who opens the file.
    [out, `{\n  "profiles": [\n${profiles.map((p) => `    ${JSON.stringify(p)}`).join(',\n')}\n  ]\n}\n`, 0o644],
    [cards, classCards({ accounts, page, profilesFile: basename(out) }), 0o600],
  );
  const [first, last] = [accounts[1]!.username, accounts.at(-1)!.username];
  console.log(`Wrote ${out}: ${students} student${students > 1 ? 's' : ''} (${students > 1 ? `${first} … ${last}` : first}) and the teacher '${values.teacher}'; passwords as hashes only.`);
  console.log(`Wrote ${cards} (mode 600, and no page server of the kit serves it): print it, cut the cards, then delete it — it is the only place the passwords are.`);
  console.log(`The cards' QR codes open ${page} logged in as each student.`);
  console.log(`Start the class: npm start -- --lan --profiles ${out}`);
  return 0;
}

async function writeAside(...files: [path: string, text: string, mode: number][]): Promise<void> {
  const temporary = files.map(([path]) => `${path}.${process.pid}.tmp`);
  try {
    for (const [index, [, text, mode]] of files.entries()) await writeFile(temporary[index]!, text, { mode, flag: 'wx' });
    for (const [index, [path]] of files.entries()) await rename(temporary[index]!, path);
  } finally {
    for (const path of temporary) await rm(path, { force: true });
  }
}

function parseUrl(text: string): URL | undefined {
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}

function usageError(message: string): number {
  console.error(usageErrorText(message, USAGE, 'npm run class -- --help'));
  return 2;
}

process.exitCode = await main(process.argv.slice(2));
