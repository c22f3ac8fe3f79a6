import { describe, expect, it } from 'vitest';
import { filterProblem, topicProblem } from '../../src/mqtt/topics.js';

/**
 * A student who passes the wrong thing as a topic reads the problem on the HUD: it must name
 * what was passed (without running its code) and quote a long topic only as far as a HUD line
 * can show.
 */
describe('what a topic problem says about the value passed', () => {
  it.each([
    ['a function', () => 'hello', /must be text, got a function\./],
    ['a symbol', Symbol('hello'), /must be text, got a symbol\./],
    ['a bigint', 12n, /must be text, got bigint 12\./],
    ['a boolean', true, /must be text, got boolean true\./],
  ])('names %s', (_, value, said) => {
    expect(topicProblem(value)).toMatch(said);
    expect(filterProblem(value)).toMatch(said);
  });

  it('names a revoked Proxy an object, without throwing', () => {
    const { proxy, revoke } = Proxy.revocable([] as unknown[], {});
    revoke();
    expect(topicProblem(proxy)).toMatch(/must be text, got an object\./);
  });

  it('quotes only the first 40 characters of a topic that is too long', () => {
    const topic = `${'sala/'.repeat(8)}${'x'.repeat(100)}`;
    const problem = topicProblem(topic)!;
    expect(problem).toContain(`the topic '${topic.slice(0, 40)}…' is 140 bytes long`);
    expect(problem).not.toContain(topic.slice(0, 41));
  });
});
