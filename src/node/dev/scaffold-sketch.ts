import { cp, lstat, mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';

/** What `npm run new` can start a sketch from: each one a sketch folder that runs as it is. */
export const SKETCH_TEMPLATES = {
  blank: { folder: '_template', label: 'the blank template' },
  global: { folder: '_template-global', label: 'the global-mode template' },
  hello: { folder: 'hello', label: 'the hello sketch' },
  sensors: { folder: 'sensors', label: 'the sensors sketch' },
} as const;

export type SketchTemplate = keyof typeof SKETCH_TEMPLATES;

export function isSketchTemplate(name: string): name is SketchTemplate {
  return Object.hasOwn(SKETCH_TEMPLATES, name);
}

/** A sketch that cannot be made; `reason` tells the CLI which exit code and hint fit. */
export class ScaffoldError extends Error {
  override name = 'ScaffoldError';
  constructor(message: string, readonly reason: 'name' | 'exists' | 'template') {
    super(message);
  }
}

const MAX_NAME = 50;
const VALID_NAME = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
// Windows cannot make folders with these names, whatever the case or extension.
const WINDOWS_RESERVED = /^(?:con|prn|aux|nul|com\d|lpt\d)$/;

/**
 * Why `name` cannot name a sketch, with a name that would do, or undefined if it can. Names
 * are a folder and a web address at once: lowercase (addresses are case-sensitive, the
 * folders of Windows and macOS are not, so `Hello` and `hello` would collide), a–z, digits
 * and single dashes.
 *
 * @example
 * sketchNameProblem('My Sketch') // "'My Sketch' has a space and capital letters. Sketch names are … Try: my-sketch"
 */
export function sketchNameProblem(name: string): string | undefined {
  if (name === '') return 'The sketch needs a name, e.g. npm run new -- my-sketch';
  if (VALID_NAME.test(name) && name.length <= MAX_NAME) {
    return WINDOWS_RESERVED.test(name) ? `'${name}' is a name Windows keeps for itself; choose another.` : undefined;
  }
  const has: string[] = [];
  if (/\s/.test(name)) has.push('a space');
  if (/[A-Z]/.test(name)) has.push('capital letters');
  const accented = [...new Set(name.normalize('NFC').match(/[^\x00-\x7f]/gu) ?? [])];
  // Web addresses carry them as %-codes, and some file systems store them differently.
  if (accented.length > 0) has.push(accented.map((c) => `'${c}'`).join(', '));
  const others = [...new Set(name.replace(/^[_.]+/, '').match(/[^A-Za-z0-9\s\x80-\u{10ffff}-]/gu) ?? [])];
  if (others.length > 0) has.push(others.map((c) => `'${c}'`).join(', '));
  const faults: string[] = [];
  // The gallery and the build skip folders starting with '_' or '.': the sketch would be invisible.
  if (/^[_.]/.test(name)) faults.push(`starts with '${name[0]}', which hides a folder from the gallery (templates use it)`);
  if (has.length > 0) faults.push(`has ${has.length > 1 ? `${has.slice(0, -1).join(', ')} and ${has.at(-1)}` : has[0]}`);
  if (faults.length === 0 && /^-|-$|--/.test(name)) faults.push("starts or ends with '-', or has two in a row");
  if (name.length > MAX_NAME) faults.push(`is longer than ${MAX_NAME} characters`);
  const suggestion = suggestName(name);
  const rule = 'Sketch names are lowercase letters a–z, digits and single dashes.';
  return `'${name}' ${faults.join('; it ')}. ${rule}${suggestion ? ` Try: ${suggestion}` : ''}`;
}

/** The nearest valid name: accents dropped, words joined by dashes, lowercase. */
function suggestName(name: string): string | undefined {
  const suggestion = name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, MAX_NAME)
    .replace(/-+$/, '');
  return VALID_NAME.test(suggestion) && !WINDOWS_RESERVED.test(suggestion) ? suggestion : undefined;
}

export interface ScaffoldOptions {
  /** The project root: templates are read from `<root>/sketches`. */
  root: string;
  name: string;
  template?: SketchTemplate;
  /** Write the template's files over an existing sketch; its other files stay. */
  force?: boolean;
  /** Where the new folder goes (default `<root>/sketches`); tests point it elsewhere. */
  sketchesDir?: string;
}

export interface ScaffoldResult {
  dir: string;
  /** The files written, relative to `dir`. */
  files: string[];
  /** Whether an existing sketch was written over (`force`). */
  replaced: boolean;
}

/**
 * Copies a template into `sketches/<name>/` and makes it name the new sketch: its <title>,
 * description and header comment. Refuses, touching nothing, a bad name or a folder that
 * exists (unless `force`). A new folder appears whole: it is assembled under a hidden name
 * and renamed, so a running gallery never lists half a sketch.
 *
 * @example
 * const { dir } = await scaffoldSketch({ root, name: 'ripples', template: 'hello' });
 */
export async function scaffoldSketch(options: ScaffoldOptions): Promise<ScaffoldResult> {
  const { root, name, template = 'blank', force = false } = options;
  const problem = sketchNameProblem(name);
  if (problem) throw new ScaffoldError(problem, 'name');
  const sketchesDir = options.sketchesDir ?? resolve(root, 'sketches');
  const source = resolve(root, 'sketches', SKETCH_TEMPLATES[template].folder);
  const dir = join(sketchesDir, name);
  if (!(await exists(join(source, 'index.html')))) throw new ScaffoldError(`The ${template} template is missing: there is no ${source}/index.html.`, 'template');
  const existing = await exists(dir);
  if (existing && !force) {
    throw new ScaffoldError(`sketches/${name} already exists; nothing was changed. Choose another name, or add --force to write the ${template} template's files over it (its other files stay).`, 'exists');
  }
  if (existing && resolve(dir) === source) throw new ScaffoldError(`sketches/${name} is the ${template} template itself; it cannot be copied onto itself.`, 'exists');

  await mkdir(sketchesDir, { recursive: true });
  const staging = join(sketchesDir, `.new-${name}-${process.pid}`);
  try {
    await cp(source, staging, { recursive: true, errorOnExist: true, force: false });
    for (const file of ['index.html', 'sketch.ts']) {
      const path = join(staging, file);
      if (await exists(path)) await writeFile(path, personalise(file, await readFile(path, 'utf8'), name, template));
    }
    const files = (await readdir(staging, { recursive: true, withFileTypes: true }))
      .filter((entry) => entry.isFile())
      .map((entry) => join(entry.parentPath, entry.name).slice(staging.length + 1))
      .sort();
    if (!existing) {
      await rename(staging, dir).catch((error: NodeJS.ErrnoException) => {
        // Another `npm run new` made it meanwhile.
        if (error.code === 'ENOTEMPTY' || error.code === 'EEXIST') throw new ScaffoldError(`sketches/${name} already exists; nothing was changed.`, 'exists');
        throw error;
      });
    } else {
      for (const file of files) {
        await mkdir(dirname(join(dir, file)), { recursive: true });
        await cp(join(staging, file), join(dir, file), { force: true });
      }
    }
    return { dir, files, replaced: existing };
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

/**
 * A template file, made to name the new sketch. The template's own header stays below a new
 * first paragraph, as the account of what the sketch does until its author rewrites it; the
 * template's "Copy it:" instructions go, and its placeholder topic `my-sketch` becomes the
 * name, so sketches made from one template don't draw each other's clicks.
 */
export function personalise(file: string, text: string, name: string, template: SketchTemplate): string {
  const { folder, label } = SKETCH_TEMPLATES[template];
  if (file === 'index.html') {
    return text
      .replace(/<title>[^<]*<\/title>/i, `<title>${name}</title>`)
      .replace(/(<meta\s+name="description"\s+content=")[^"]*(")/i, `$1Started from ${label}. One line about your sketch: the gallery shows it under the title.$2`)
      // The nav line reads "<title> — <what to do>"; the what-to-do still holds.
      .replace(/(<nav>[\s\S]*?<span>)[^<]*?( — )/i, `$1${name}$2`)
      .replace(/\bmy-sketch\b/g, name);
  }
  if (file === 'sketch.ts') {
    const header = /^\/\*\*\n([\s\S]*?)\n \*\//.exec(text);
    const intro = ` * ${name} — started from ${label} (sketches/${folder}) by \`npm run new\`.\n * Say here what yours does.\n *`;
    if (!header) return `/**\n${intro}/\n${text}`.replace(/\bmy-sketch\b/g, name);
    const paragraphs = header[1]!.split('\n *\n').filter((paragraph) => !paragraph.startsWith(' * Copy it:'));
    return `/**\n${intro}\n${paragraphs.join('\n *\n')}\n */${text.slice(header[0].length)}`.replace(/\bmy-sketch\b/g, name);
  }
  return text;
}

async function exists(path: string): Promise<boolean> {
  return lstat(path).then(() => true, () => false);
}
