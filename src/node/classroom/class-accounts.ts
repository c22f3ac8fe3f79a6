import { randomInt } from 'node:crypto';
import { hashPassword } from '../broker/passwords.js';
import type { Profile } from '../broker/profiles.js';

/** One login of a class, with its password in plain text: it exists only until the cards are written. */
export interface ClassAccount {
  username: string;
  password: string;
  role: 'student' | 'teacher';
}

export interface ClassOptions {
  students: number;
  /** Students are `<prefix>01` … `<prefix>30`. */
  prefix: string;
  teacher: string;
}

export const MAX_STUDENTS = 500;

// Short Portuguese words without accents: read aloud, found on any keyboard, typed on a phone.
// Stryker disable StringLiteral,ArrayDeclaration: the word list is data, not logic (one word less goes unnoticed, by design)
const WORDS = [
  'abelha', 'agua', 'amora', 'anel', 'arara', 'areia', 'arroz', 'azul', 'bule', 'baleia', 'banana', 'banda', 'barco', 'bola',
  'bolo', 'bota', 'branco', 'cabra', 'caju', 'cama', 'caneta', 'carro', 'casa', 'cavalo', 'chave', 'chuva', 'cinza', 'coco',
  'copo', 'coruja', 'dado', 'doce', 'escada', 'estrela', 'figo', 'fada', 'farol', 'festa', 'flauta', 'flor', 'foca', 'fogo',
  'folha', 'fruta', 'gato', 'gelo', 'girafa', 'goiaba', 'grilo', 'ilha', 'janela', 'jarra', 'lago', 'leite', 'limpo', 'livro',
  'lobo', 'lua', 'luva', 'manga', 'mapa', 'mar', 'mesa', 'milho', 'mola', 'monte', 'neve', 'ninho', 'nuvem', 'onda', 'ouro',
  'ovo', 'pato', 'peixe', 'pena', 'pera', 'piano', 'pipa', 'pedra', 'ponte', 'porta', 'praia', 'prata', 'queijo', 'raio',
  'rato', 'rede', 'rio', 'roda', 'rosa', 'roxo', 'samba', 'sapo', 'selo', 'serra', 'sino', 'sol', 'suco', 'tambor', 'tatu',
  'tigre', 'trem', 'tucano', 'urso', 'uva', 'vaca', 'vela', 'vento', 'verde', 'zebra',
];
// Stryker restore StringLiteral,ArrayDeclaration

function digits(count: number): string {
  return String(randomInt(10 ** count)).padStart(count, '0');
}

function words(count: number): string[] {
  return Array.from({ length: count }, () => WORDS[randomInt(WORDS.length)]!);
}

/**
 * A password a student can read off a card and type on a phone: a word and four digits
 * (`tucano-4821`, about 20 bits; each guess costs the broker an scrypt, ~50 ms). The teacher's,
 * which also reads `$SYS` and publishes anywhere, has three words (about 33 bits).
 *
 * @example
 * readablePassword('student') // 'tucano-4821'
 */
export function readablePassword(role: ClassAccount['role']): string {
  return [...words(role === 'teacher' ? 3 : 1), digits(4)].join('-');
}

const CLASS_NAME = /^[a-z0-9][a-z0-9_-]*$/i;
const MAX_CLASS_NAME = 32;

/**
 * Why a user name cannot serve in a class, or undefined: it becomes a topic level
 * (`class/<user>/#`) and is typed on phones, so it is plain letters a–z, digits, '-' and '_'.
 * With the nearest name that would do, as `npm run new` does for sketch names.
 *
 * @example
 * classNameProblem('Maçã', '--prefix') // "--prefix 'Maçã' has 'ç' and 'ã': … Try: --prefix maca"
 */
export function classNameProblem(name: string, what: string): string | undefined {
  if (CLASS_NAME.test(name) && name.length <= MAX_CLASS_NAME) return undefined;
  const accented = [...new Set(name.normalize('NFC').match(/[^\x00-\x7f]/gu) ?? [])].map((c) => `'${c}'`);
  const rule = `must be letters a–z, digits, '-' or '_' (up to ${MAX_CLASS_NAME}, starting with a letter or digit): it becomes part of topics like class/${what === '--prefix' ? `${name}01` : name}/… and is typed on phones`;
  // Accented letters are letters, so say why they are refused rather than call them "not letters".
  const why = accented.length > 0
    ? `${what} '${name}' has ${accented.length > 1 ? `${accented.slice(0, -1).join(', ')} and ${accented.at(-1)}` : accented[0]}: user names ${rule}, where accents are easily mistyped.`
    : `${what} '${name}' ${rule}.`;
  const suggestion = suggestClassName(name);
  return `${why}${suggestion ? ` Try: ${what} ${suggestion}` : ''}`;
}

/** The nearest valid class name: accents dropped, anything else made a '-', lowercase. */
function suggestClassName(name: string): string | undefined {
  const suggestion = name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/^[-_]+|-+$/g, '')
    .slice(0, MAX_CLASS_NAME);
  return CLASS_NAME.test(suggestion) && suggestion !== name ? suggestion : undefined;
}

/**
 * The teacher and `students` students, numbered with as many digits as the last one needs
 * (at least two: `aluno01`), each with a fresh readable password.
 *
 * @example
 * makeClassAccounts({ students: 30, prefix: 'aluno', teacher: 'professor' }).map((a) => a.username) // ['professor', 'aluno01', …, 'aluno30']
 */
export function makeClassAccounts({ students, prefix, teacher }: ClassOptions): ClassAccount[] {
  const width = Math.max(2, String(students).length);
  return [
    { username: teacher, password: readablePassword('teacher'), role: 'teacher' },
    ...Array.from({ length: students }, (_, i): ClassAccount => ({
      username: `${prefix}${String(i + 1).padStart(width, '0')}`,
      password: readablePassword('student'),
      role: 'student',
    })),
  ];
}

/**
 * The topics the lessons and the kit's sketches publish on (docs/lessons): `hello` and its
 * subtopics (lessons 1–3, `hello/click`), the dice of lesson 6, and the tutorial's three
 * sensor topics (lesson 4 has students publish a reading by hand). A class's students do
 * every lesson under their own accounts, so these are theirs to publish on.
 */
export const LESSON_TOPICS = ['hello/#', 'dado/#', 'temperatura', 'umidade', 'luminosidade'] as const;

/**
 * The kit's `viewer` (password `viewer`, may publish nothing): lesson 5 logs in as it on
 * purpose, to show a refused publish, so a class's profiles keep it. It reads what a student
 * reads, so it opens nothing a card does not.
 */
export const LESSON_VIEWER = { username: 'viewer', password: 'viewer' } as const;

/**
 * What each account may do. A student publishes under `class/<user>/…` and on the lessons'
 * topics (LESSON_TOPICS), and reads everything but `$SYS` (MQTT keeps `#` from reaching it);
 * the teacher may do all, `$SYS` included.
 */
export function classRights(account: Pick<ClassAccount, 'username' | 'role'>): Pick<Profile, 'publish' | 'subscribe'> {
  if (account.role === 'teacher') return { publish: ['#', '$SYS/#'], subscribe: ['#', '$SYS/#'] };
  return { publish: [`class/${account.username}/#`, ...LESSON_TOPICS], subscribe: ['#'] };
}

/**
 * The profiles file's entries: rights as above, passwords only as scrypt hashes, and the
 * lessons' `viewer` last.
 *
 * @example
 * await writeFile('turma.json', JSON.stringify({ profiles: await classProfiles(accounts) }, null, 2));
 */
export async function classProfiles(accounts: readonly ClassAccount[]): Promise<Profile[]> {
  const people = await Promise.all(accounts.map(async (account) => ({ username: account.username, password: await hashPassword(account.password), ...classRights(account) })));
  const viewer: Profile = { username: LESSON_VIEWER.username, password: await hashPassword(LESSON_VIEWER.password), publish: [], subscribe: ['#'] };
  return [...people, viewer];
}
