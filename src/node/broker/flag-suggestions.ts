/** A parseArgs option table, as far as suggestions need it. */
type Options = Readonly<Record<string, { readonly type: string; readonly short?: string }>>;

/**
 * parseArgs' error as a sentence for the terminal: an unknown flag gets the nearest known
 * one (`Unknown option '--profile'. Did you mean --profiles?`), and the advice about
 * positional arguments (which none of our commands take that way) is dropped.
 *
 * @example
 * explainFlagError(error, { profiles: { type: 'string' } }) // "Unknown option '--profile'. Did you mean --profiles?"
 */
export function explainFlagError(error: unknown, options: Options): string {
  const message = (error as Error)?.message ?? String(error);
  const plain = message.replace(/\s*To specify a positional argument.*$/s, '');
  const unknown = /^Unknown option '(-{1,2})([^']*)'/.exec(plain);
  if (!unknown) return plain;
  const nearest = nearestFlag(unknown[2]!, Object.keys(options));
  return `Unknown option '${unknown[1]}${unknown[2]}'.${nearest ? ` Did you mean --${nearest}?` : ''}`;
}

/**
 * What to print for a command line that cannot be used: a mistyped flag gets its sentence
 * and where the full list is, not a screen of usage to search; other problems keep the
 * usage below them, since they are about how to use what exists.
 */
export function usageErrorText(message: string, usage: string, helpCommand: string): string {
  if (/^(?:error: )?Unknown option /.test(message)) return `${message}\nAll options: ${helpCommand}`;
  return `${message}\n\n${usage}`;
}

/** The known flag nearest to `typed` (a typo, a missing or extra letter, a singular), if any is near. */
export function nearestFlag(typed: string, known: readonly string[]): string | undefined {
  const word = typed.toLowerCase();
  let best: { name: string; distance: number } | undefined;
  for (const name of known) {
    const distance = name.startsWith(word) || word.startsWith(name) ? Math.abs(name.length - word.length) : editDistance(word, name);
    if (!best || distance < best.distance) best = { name, distance };
  }
  // Near enough to be that flag mistyped: two edits, or a third of a long name.
  return best && best.distance <= Math.max(2, Math.floor(word.length / 3)) ? best.name : undefined;
}

/** Edits (insert, delete, replace, swap of neighbours) from `a` to `b`. */
function editDistance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = value;
    }
  }
  return rows[a.length]![b.length]!;
}
