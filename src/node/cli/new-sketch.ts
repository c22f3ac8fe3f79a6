// `npm run new -- <name> [--template blank|global|hello|sensors] [--force]`: a new sketch
// folder from a runnable template, and the address of its page.
import { explainFlagError, usageErrorText } from '../broker/flag-suggestions.js';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { SKETCH_TEMPLATES, ScaffoldError, isSketchTemplate, scaffoldSketch } from '../dev/scaffold-sketch.js';
import { DEFAULT_PAGE_PORT, findRunningKit, runningKitDir } from './running-kit.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));

const USAGE = `Usage: npm run new -- <name> [--template blank|global|hello|sensors] [--force]

Copies a sketch that runs as it is into sketches/<name>/, names it <name> (page title,
description, header comment) and prints its address. It is in the gallery and the build
by existing; a running npm start shows it without a restart.

  <name>             lowercase letters a–z, digits and single dashes, e.g. ripples-2
  --template T       what to start from (default blank):
                       blank    sketches/_template: instance mode; a click publishes
                                where it was, every window draws it
                       global   sketches/_template-global: the same in global mode, as
                                the p5 web editor writes sketches
                       hello    the tutorial's sketch: a key, click or touch publishes
                                'world' on 'hello', each message a ripple
                       sensors  the sensor bot's readings as colour, size and brightness
  --force            write the template's files over an existing sketch (its other
                     files stay); without it an existing sketch is never touched`;

const NEW_OPTIONS = { template: { type: 'string', short: 't' }, force: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } as const;

async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: NEW_OPTIONS,
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    console.error(usageErrorText(explainFlagError(error, NEW_OPTIONS), USAGE, 'npm run new -- --help'));
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (positionals.length !== 1) {
    const problem = positionals.length === 0 ? 'Give the new sketch a name.' : `One name at a time (got ${positionals.length}: ${positionals.join(' ')}); a name has no spaces: try ${positionals.join('-').toLowerCase()}`;
    console.error(`${problem}\n\n${USAGE}`);
    return 2;
  }
  const template = values.template ?? 'blank';
  if (!isSketchTemplate(template)) {
    console.error(`There is no template '${template}'; choose one of ${Object.keys(SKETCH_TEMPLATES).join(', ')}.`);
    return 2;
  }
  const name = positionals[0]!;
  // The address of the pages of an `npm start` running now, else where it serves them first.
  const kit = await findRunningKit(runningKitDir(root));
  const url = `http://127.0.0.1:${kit?.pagePort ?? DEFAULT_PAGE_PORT}/sketches/${name}/`;
  try {
    const made = await scaffoldSketch({ root, name, template, force: values.force === true });
    const { label } = SKETCH_TEMPLATES[template];
    console.log(`${made.replaced ? 'Wrote' : 'Made'} sketches/${name}/ from ${label}${made.replaced ? ' over the sketch that was there' : ''}: ${made.files.join(', ')}.`);
    console.log(kit ? `Open it: ${url}` : `Open it once the kit runs (npm start): ${url}  (or on the port npm start prints)`);
    console.log(`Then edit sketches/${name}/sketch.ts; the page reloads when you save.`);
    return 0;
  } catch (error) {
    if (!(error instanceof ScaffoldError)) throw error;
    console.error(error.reason === 'exists' ? `${error.message}\nIts page: ${url}` : error.message);
    return error.reason === 'name' ? 2 : 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
