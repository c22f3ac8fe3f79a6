import { describe, expect, it } from 'vitest';
import { classNameProblem } from '../../../src/node/classroom/class-accounts.js';

/**
 * `npm run class -- --prefix … --teacher …`: a name becomes a topic level (`class/<user>/…`),
 * so the refusal shows the topic it would have made — the first student's for a prefix, the
 * teacher's own for a teacher — and the limit of 32 characters is exact.
 */
describe('classNameProblem', () => {
  it('accepts a name of 32 characters and refuses one of 33', () => {
    const name = 'professora-de-artes-visuais-2026';
    expect(name).toHaveLength(32);
    expect(classNameProblem(name, '--teacher')).toBeUndefined();
    expect(classNameProblem(`${name}b`, '--teacher')).toMatch(/^--teacher 'professora-de-artes-visuais-2026b' must be letters a–z, digits, '-' or '_' \(up to 32,/);
  });

  it("shows a prefix's problem in the first student's topic, and a teacher's in the teacher's", () => {
    expect(classNameProblem('turma a', '--prefix')).toMatch(/topics like class\/turma a01\/… and is typed on phones\. Try: --prefix turma-a$/);
    expect(classNameProblem('prof a', '--teacher')).toMatch(/topics like class\/prof a\/… and is typed on phones\. Try: --teacher prof-a$/);
  });
});
