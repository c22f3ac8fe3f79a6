/** Where a JSON text goes wrong, 1-based like an editor counts, and what is wrong there in words. */
export interface JsonSyntaxError {
  line: number;
  column: number;
  problem: string;
}

class Stop {
  constructor(readonly offset: number, readonly problem: string) {}
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't']);

/**
 * The first syntax error in `text`, or undefined when it is valid JSON. For people editing a
 * file by hand (a teacher's profiles file): V8's messages give no line, and quote the text
 * around the error, which may hold a password.
 *
 * @example
 * findJsonSyntaxError('{\n  "a": 1,\n}') // { line: 2, column: 9, problem: "a comma after the last item, before '}' (JSON allows none there)" }
 */
export function findJsonSyntaxError(text: string): JsonSyntaxError | undefined {
  let i = 0;
  const fail = (problem: string, at = i): never => {
    throw new Stop(at, problem);
  };
  const found = (at = i) => (at >= text.length ? 'the end of the file' : `'${text[at]}'`);
  const skipSpace = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };

  const value = (): void => {
    skipSpace();
    const c = text[i];
    if (c === '{') return container('}');
    if (c === '[') return container(']');
    if (c === '"') return string();
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return number();
    for (const word of ['true', 'false', 'null']) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return;
      }
    }
    if (c === "'") fail('text in JSON needs double quotes ("…"), not single quotes');
    if (c === '/') fail('JSON allows no comments');
    fail(`expected a value ("text", a number, true, false, null, [ or {) but found ${found()}`);
  };

  // Objects and arrays share their commas; an object's items are "name": value pairs.
  const container = (close: '}' | ']'): void => {
    i++;
    skipSpace();
    if (text[i] === close) {
      i++;
      return;
    }
    for (;;) {
      skipSpace();
      if (close === '}') {
        if (text[i] !== '"') fail(`expected a "name" in double quotes but found ${found()}`);
        string();
        skipSpace();
        if (text[i] !== ':') fail(`expected ':' after the name but found ${found()}`);
        i++;
      }
      value();
      skipSpace();
      if (text[i] === close) {
        i++;
        return;
      }
      if (text[i] !== ',') {
        const missing = text[i] === '"' || text[i] === '{' || text[i] === '[' ? ' (a comma missing before it?)' : '';
        fail(`expected ',' or '${close}' but found ${found()}${missing}`);
      }
      const comma = i;
      i++;
      skipSpace();
      if (text[i] === close) fail(`a comma after the last item, before '${close}' (JSON allows none there)`, comma);
    }
  };

  const string = (): void => {
    const start = i;
    i++;
    for (;;) {
      if (i >= text.length) fail('this text is never closed: a " is missing', start);
      const c = text[i]!;
      if (c === '"') {
        i++;
        return;
      }
      if (c === '\n' || c === '\r') fail('a line break inside "…": close the quote before the end of the line');
      if (c < ' ') fail('a control character inside "…" (write it as an escape such as \\t)');
      if (c === '\\') {
        const next = text[i + 1];
        if (next === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) i += 6;
        else if (next !== undefined && ESCAPES.has(next)) i += 2;
        else fail('a backslash must start an escape such as \\" \\\\ \\n or \\u00e9 (write \\\\ for a backslash)');
      } else {
        i++;
      }
    }
  };

  const number = (): void => {
    NUMBER.lastIndex = i;
    const match = NUMBER.exec(text);
    if (!match || match[0] === '-') fail('not a number as JSON writes them (e.g. 42, -1.5, 2e3)');
    i += match![0].length;
  };

  try {
    if (text.trim() === '') return { line: 1, column: 1, problem: 'the file is empty' };
    value();
    skipSpace();
    if (i < text.length) fail(`more text after the end of the JSON: ${found()}`);
    return undefined;
  } catch (error) {
    // A RangeError from absurd nesting: the caller falls back to a plainer message.
    if (!(error instanceof Stop)) return undefined;
    return { ...lineAndColumn(text, error.offset), problem: error.problem };
  }
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const lineStart = before.lastIndexOf('\n') + 1;
  return { line: before.split('\n').length, column: offset - lineStart + 1 };
}

/**
 * The data of a JSON file people edit by hand (a profiles file, a kit.config.json). On a
 * mistake, throws `fail(message)` with the message naming the file, line and column as
 * compilers write them (`turma.json:3:52: not valid JSON: …`), so an editor can jump there,
 * and never quoting the text, which may hold passwords. The byte order mark Notepad writes
 * before UTF-8 is skipped (JSON.parse refuses it).
 *
 * @example
 * const data = parseJsonFile(await readFile(path, 'utf8'), path, (message) => new ProfilesError(message));
 */
export function parseJsonFile(text: string, path: string, fail: (message: string) => Error): unknown {
  const json = text.startsWith('\uFEFF') ? text.slice(1) : text;
  try {
    return JSON.parse(json);
  } catch {
    const where = findJsonSyntaxError(json);
    throw fail(where ? `${path}:${where.line}:${where.column}: not valid JSON: ${where.problem}` : `${path} is not valid JSON`);
  }
}
