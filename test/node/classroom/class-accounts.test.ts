import { describe, expect, it } from 'vitest';
import { canPublish, canSubscribe } from '../../../src/node/broker/index.js';
import { classNameProblem, classProfiles, classRights, makeClassAccounts } from '../../../src/node/classroom/class-accounts.js';

describe('class accounts', () => {
  it('numbers students with as many digits as the last needs, at least two, after the teacher', () => {
    const names = (students: number) => makeClassAccounts({ students, prefix: 'aluno', teacher: 'professor' }).map((a) => a.username);
    expect(names(3)).toEqual(['professor', 'aluno01', 'aluno02', 'aluno03']);
    expect(names(120).slice(-2)).toEqual(['aluno119', 'aluno120']);
    expect(names(120)[1]).toBe('aluno001');
  });

  it('gives each a fresh readable password: a word and four digits, the teacher three words', () => {
    const accounts = makeClassAccounts({ students: 40, prefix: 'a', teacher: 't' });
    expect(accounts[0]!.password).toMatch(/^[a-z]+-[a-z]+-[a-z]+-\d{4}$/);
    for (const { password } of accounts.slice(1)) expect(password).toMatch(/^[a-z]+-\d{4}$/);
    // 40 draws from a million: equal passwords here would mean they are not drawn at random.
    expect(new Set(accounts.map((a) => a.password)).size).toBe(41);
  });

  it("confines a student to class/<user>/… and the lessons' topics, reading all but $SYS; the teacher reads $SYS", () => {
    const student = { username: 'aluno01', password: 'x', ...classRights({ username: 'aluno01', role: 'student' }) };
    // Every topic a lesson has a student publish on (docs/lessons), and their own corner.
    const lessons = ['hello', 'hello/click', 'dado', 'dado/pedido', 'temperatura', 'umidade', 'luminosidade'];
    expect(['class/aluno01', 'class/aluno01/x/y', ...lessons].filter((t) => canPublish(student, t))).toHaveLength(9);
    expect(['class/aluno02/x', 'class', 'kit/status/x', '$SYS/x', 'sensors/x', 'temperatura/x'].some((t) => canPublish(student, t))).toBe(false);
    expect([canSubscribe(student, '#'), canSubscribe(student, '$SYS/#')]).toEqual([true, false]);
    const teacher = { username: 't', password: 'x', ...classRights({ username: 't', role: 'teacher' }) };
    expect([canSubscribe(teacher, '$SYS/#'), canPublish(teacher, 'class/aluno01/x')]).toEqual([true, true]);
  });

  it("keeps the lessons' viewer, which may publish nothing, after the class's own accounts", async () => {
    const profiles = await classProfiles(makeClassAccounts({ students: 1, prefix: 'aluno', teacher: 'professor' }));
    expect(profiles.map((p) => p.username)).toEqual(['professor', 'aluno01', 'viewer']);
    const viewer = profiles.at(-1)!;
    expect([canPublish(viewer, 'hello'), canSubscribe(viewer, 'hello'), canSubscribe(viewer, '$SYS/#')]).toEqual([false, true, false]);
    expect(viewer.password).not.toBe('viewer');
  });

  it('refuses names that would break a topic', () => {
    expect(classNameProblem('aluno', '--prefix')).toBeUndefined();
    for (const bad of ['a/b', 'a+', '#', '', 'a b', '-a']) expect(classNameProblem(bad, '--prefix')).toMatch(/must be letters a–z, digits/);
    // Accented letters are letters: say why they are refused, and what to type instead.
    expect(classNameProblem('Maçã', '--prefix')).toMatch(/^--prefix 'Maçã' has 'ç' and 'ã': .* Try: --prefix maca$/);
    expect(classNameProblem('João Pedro', '--teacher')).toMatch(/ Try: --teacher joao-pedro$/);
    expect(classNameProblem(classNameProblem('Maçã', '--prefix')!.split('Try: --prefix ')[1]!, '--prefix')).toBeUndefined();
  });
});
