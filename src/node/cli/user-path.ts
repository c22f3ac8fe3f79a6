import { resolve } from 'node:path';

/**
 * A path the user typed, made absolute from the folder they typed it in: `npm run` runs
 * scripts from the project's root, and keeps the user's folder in INIT_CWD.
 *
 * @example
 * userPath('show.jsonl') // '/home/ana/pieces/show.jsonl' when run from ~/pieces
 */
export function userPath(path: string): string {
  return resolve(process.env.INIT_CWD ?? process.cwd(), path);
}

/** Why a file could not be opened, in words: "show.jsonl: no such file". */
export function describeFileError(shown: string, error: unknown): string {
  switch ((error as NodeJS.ErrnoException).code) {
    case 'ENOENT':
      return `${shown}: no such file or folder`;
    case 'EISDIR':
      return `${shown} is a folder, not a file`;
    case 'EACCES':
    case 'EPERM':
      return `${shown}: not allowed (check its permissions)`;
    default:
      return `${shown}: ${(error as Error).message}`;
  }
}
