// `npm run hash-password`: prints a scrypt hash to paste into a profiles file, so the file
// never holds the password itself. See USAGE for the three ways to give the password.
import { explainFlagError, usageErrorText } from '../broker/flag-suggestions.js';
import { parseArgs } from 'node:util';
import { hashPassword } from '../broker/index.js';
import { PasswordCancelled, readHiddenLine, readPipedPassword } from './read-password.js';

const HASH_OPTIONS = { help: { type: 'boolean', short: 'h' } } as const;

const USAGE = `Usage: npm run hash-password [-- <password>]

Prints a scrypt hash of a password, to paste into a profiles file instead of the password:
  { "username": "sensor", "password": "scrypt:…", "publish": ["sensors/#"], "subscribe": [] }

  npm run hash-password                        asks for it twice; what you type is not shown
  echo -n chalk | npm run -s hash-password     reads it from the input (one line)
  npm run hash-password -- chalk               takes it from the command line (it stays in
                                               your shell history)
Only the hash goes to standard output, so \`npm run -s hash-password > hash.txt\` works.`;

async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: HASH_OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    console.error(usageErrorText(explainFlagError(error, HASH_OPTIONS), USAGE, 'npm run hash-password -- --help'));
    return 2;
  }
  if (parsed.values.help) {
    console.log(USAGE);
    return 0;
  }
  if (parsed.positionals.length > 1) {
    console.error(`One password at a time (got ${parsed.positionals.length} words; quote a password with spaces).\n\n${USAGE}`);
    return 2;
  }
  let password = parsed.positionals[0];
  if (password === undefined) {
    try {
      password = process.stdin.isTTY ? await askTwice() : await readPipedPassword(process.stdin);
    } catch (error) {
      if (error instanceof PasswordCancelled) return 130;
      console.error((error as Error).message);
      return 1;
    }
  }
  if (password === '') {
    console.error(`The password is empty.\n\n${USAGE}`);
    return 2;
  }
  console.log(await hashPassword(password));
  return 0;
}

/** Typing blind invites typos, so the password is asked for twice. Prompts go to stderr, beside the hash's stdout. */
async function askTwice(): Promise<string> {
  const first = await readHiddenLine('Password: ', process.stdin, process.stderr);
  if (first === '') return first;
  const second = await readHiddenLine('Same password again: ', process.stdin, process.stderr);
  if (first !== second) throw new Error('The two passwords differ; nothing was hashed. Try again.');
  return first;
}

process.exitCode = await main(process.argv.slice(2));
