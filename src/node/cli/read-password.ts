import type { Readable, Writable } from 'node:stream';

/** A terminal's input as Node gives it (`process.stdin` on a TTY). */
export type TerminalInput = Readable & { isTTY?: boolean; setRawMode?: (raw: boolean) => unknown };

/** The person pressed Ctrl-C or Ctrl-D instead of typing a password. */
export class PasswordCancelled extends Error {
  override name = 'PasswordCancelled';
}

const ENTER = new Set(['\r', '\n']);
const CTRL_C = '\u0003';
const CTRL_D = '\u0004';
const BACKSPACE = new Set(['\u007f', '\b']);

/**
 * Asks for a line on a terminal without showing what is typed: raw mode turns the
 * terminal's own echo off, and we print nothing for the keys either (not even stars,
 * which would tell an onlooker the length). Backspace works; Ctrl-C / Ctrl-D cancel.
 *
 * @example
 * const password = await readHiddenLine('Password: ', process.stdin, process.stderr);
 */
export function readHiddenLine(prompt: string, input: TerminalInput, output: Writable): Promise<string> {
  return new Promise((resolve, reject) => {
    let line = '';
    const finish = (error?: Error) => {
      input.off('data', onData);
      input.setRawMode?.(false);
      input.pause();
      output.write('\n');
      if (error) reject(error);
      else resolve(line);
    };
    const onData = (chunk: Buffer | string) => {
      const text = chunk.toString();
      // Arrow keys and the like arrive as escape sequences: not part of a password.
      if (text.startsWith('\u001b')) return;
      // A paste arrives as one chunk, maybe ending with Enter.
      for (const key of text) {
        if (ENTER.has(key)) return finish();
        if (key === CTRL_C || (key === CTRL_D && line === '')) return finish(new PasswordCancelled('cancelled'));
        if (BACKSPACE.has(key)) line = [...line].slice(0, -1).join('');
        else if (key >= ' ') line += key;
      }
    };
    output.write(prompt);
    input.setRawMode?.(true);
    input.on('data', onData);
    input.resume();
  });
}

/**
 * Reads a password piped in (`echo -n chalk | …`, `… < file`): all of the input, without the
 * line break that `echo` and files end with. More than one line is refused rather than
 * hashed whole, since a hash of two lines would match nothing anybody types.
 *
 * @example
 * const password = await readPipedPassword(process.stdin);
 */
export async function readPipedPassword(input: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of input) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  const text = Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
  if (/[\r\n]/.test(text)) throw new Error('The input holds more than one line; give one password, on one line.');
  return text;
}
