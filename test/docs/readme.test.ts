import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url);
const readme = readFileSync(new URL('README.md', root), 'utf8');

/** The first ```ts block after `heading`. */
function exampleAfter(heading: string): string {
  const at = readme.indexOf(heading);
  expect(at, `README has no '${heading}'`).toBeGreaterThan(-1);
  const block = /```ts\n([^]*?)```/.exec(readme.slice(at));
  expect(block, `no ts example after '${heading}'`).not.toBeNull();
  return block![1]!;
}

// What README shows must be what the type check and the browser tests run.
describe('README examples', () => {
  it("'Writing a sketch' is sketches/_readme/sketch.ts, word for word", () => {
    expect(exampleAfter('### Writing a sketch')).toBe(readFileSync(new URL('sketches/_readme/sketch.ts', root), 'utf8'));
  });
});
