import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assertFilter, assertTopic, filterProblem, matchTopic, topicProblem } from '../../src/mqtt/topics.js';

describe('matchTopic: MQTT 3.1.1 §4.7 examples', () => {
  it.each([
    ['sport/tennis/player1/#', 'sport/tennis/player1'],
    ['sport/tennis/player1/#', 'sport/tennis/player1/ranking'],
    ['sport/tennis/player1/#', 'sport/tennis/player1/score/wimbledon'],
    ['sport/#', 'sport'],
    ['sport/tennis/+', 'sport/tennis/player1'],
    ['sport/tennis/+', 'sport/tennis/player2'],
    ['sport/+', 'sport/'],
    ['+/+', '/finance'],
    ['/+', '/finance'],
    ['+', 'sport'],
    ['#', 'sport/tennis'],
    ['$SYS/#', '$SYS/monitor/Clients'],
    ['$SYS/monitor/+', '$SYS/monitor/Clients'],
    ['$SYS/#', '$SYS'],
    ['sensors/+/temp', 'sensors/kitchen/temp'],
    ['a/b', 'a/b'],
  ])('%s matches %s', (filter, topic) => {
    expect(matchTopic(filter, topic)).toBe(true);
  });

  it.each([
    ['sport/tennis/+', 'sport/tennis/player1/ranking'],
    ['sport/+', 'sport'],
    ['+', '/finance'],
    ['#', '$SYS/monitor/Clients'],
    ['+/monitor/Clients', '$SYS/monitor/Clients'],
    ['+', '$SYS'],
    ['sport/tennis/player1/#', 'sport/tennis/player2'],
    ['sport/tennis/player1/#', 'sport/tennis'],
    ['a/b', 'a/b/c'],
    ['a/b/c', 'a/b'],
    ['a/b', 'A/b'],
    ['a/+', 'b/x'],
  ])('%s does not match %s', (filter, topic) => {
    expect(matchTopic(filter, topic)).toBe(false);
  });
});

/** Independent reference: compile the filter to a regular expression. */
function referenceMatch(filter: string, topic: string): boolean {
  if (topic.startsWith('$') && (filter.startsWith('+') || filter.startsWith('#'))) return false;
  const escape = (level: string) => level.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const toPattern = (level: string) => (level === '+' ? '[^/]*' : escape(level));
  const levels = filter.split('/');
  let pattern: string;
  if (levels[levels.length - 1] === '#') {
    const head = levels.slice(0, -1).map(toPattern);
    pattern = head.length === 0 ? '.*' : `${head.join('/')}(?:/.*)?`;
  } else {
    pattern = levels.map(toPattern).join('/');
  }
  return new RegExp(`^${pattern}$`, 's').test(topic);
}

/** mulberry32: small, seeded, deterministic. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('matchTopic against a regex reference', () => {
  it('agrees on 600 seeded random filter/topic pairs', () => {
    const random = prng(20240611);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
    const topicLevels = ['a', 'b', '', '$s'] as const;
    const filterLevels = ['a', 'b', '', '$s', '+', '+'] as const;

    const randomFilter = (): string => {
      const count = 1 + Math.floor(random() * 4);
      const levels = Array.from({ length: count }, () => pick(filterLevels) as string);
      if (random() < 0.35) levels.push('#');
      if (random() < 0.1) levels.splice(0, levels.length, '#');
      return levels.join('/');
    };
    const randomTopic = (): string =>
      Array.from({ length: 1 + Math.floor(random() * 4) }, () => pick(topicLevels) as string).join('/');
    // Half of the topics are built from the filter, so that matches are common.
    const topicFor = (filter: string): string =>
      filter
        .split('/')
        .flatMap((level) => {
          if (level === '+') return [pick(topicLevels)];
          if (level === '#') return Array.from({ length: Math.floor(random() * 3) }, () => pick(topicLevels));
          return [level];
        })
        .join('/');

    let matches = 0;
    let misses = 0;
    const disagreements: string[] = [];
    for (let i = 0; i < 600; i++) {
      const filter = randomFilter();
      const topic = i % 2 === 0 ? topicFor(filter) : randomTopic();
      if (filter === '' || topic === '') continue;
      expect(filterProblem(filter), filter).toBeUndefined();
      const expected = referenceMatch(filter, topic);
      if (expected) matches++;
      else misses++;
      if (matchTopic(filter, topic) !== expected) disagreements.push(`${filter} vs ${topic}: expected ${expected}`);
    }
    expect(disagreements).toEqual([]);
    // The sample must exercise both answers, or the comparison proves little.
    expect(matches).toBeGreaterThan(100);
    expect(misses).toBeGreaterThan(100);
  });

  it('answers the shortcut cases (`#`, a filter equal to its topic) as the reference does', () => {
    const cases: Array<[string, string]> = [
      ['#', 'a'], ['#', ''], ['#', '$SYS/x'], ['#', '/'], ['a/b', 'a/b'], ['$SYS/#', '$SYS/x'], ['+/b', '$x/b'],
      ['a/#', 'a'], ['a/+', 'a/b/c'], ['a/b', 'a/c'], ['bench/fan-out/1', 'bench/fan-out/1'], ['$SYS/x', '$SYS/x'],
    ];
    for (const [filter, topic] of cases) expect(matchTopic(filter, topic), `${filter} vs ${topic}`).toBe(referenceMatch(filter, topic));
    const level = fc.constantFrom('a', 'b', '', '$SYS', '$x', '+', '#');
    const path = fc.array(level, { minLength: 1, maxLength: 4 }).map((levels) => levels.join('/'));
    const topic = fc.array(fc.constantFrom('a', 'b', '', '$SYS', '$x'), { minLength: 1, maxLength: 4 }).map((levels) => levels.join('/'));
    fc.assert(fc.property(path, topic, (f, t) => filterProblem(f) !== undefined || matchTopic(f, t) === referenceMatch(f, t)), { numRuns: 2000 });
  });

  it('the reference itself agrees with the spec examples', () => {
    expect(referenceMatch('sport/#', 'sport')).toBe(true);
    expect(referenceMatch('sport/+', 'sport')).toBe(false);
    expect(referenceMatch('+', '/finance')).toBe(false);
    expect(referenceMatch('#', '$SYS/x')).toBe(false);
    expect(referenceMatch('$SYS/#', '$SYS/x')).toBe(true);
  });
});

const EXAMPLE = /Example: publish\('/;

describe('topicProblem', () => {
  it('accepts ordinary topics', () => {
    for (const topic of ['a', 'sensors/kitchen/temp', '/leading', 'trailing/', '$SYS/x', 'a b/ç/😀']) {
      expect(topicProblem(topic), topic).toBeUndefined();
    }
  });

  it('rejects an empty topic', () => {
    const problem = topicProblem('');
    expect(problem).toMatch(/empty/);
    expect(problem).toMatch(EXAMPLE);
  });

  it.each(['a/+/b', 'a/#', '#', '+', 'a+b'])('rejects the wildcard in the publish topic %s', (topic) => {
    const problem = topicProblem(topic);
    expect(problem).toMatch(/wildcard/);
    expect(problem).toContain(`'${topic}'`);
    expect(problem).toMatch(EXAMPLE);
  });

  it('rejects a NUL character', () => {
    const problem = topicProblem('a\u0000b');
    expect(problem).toMatch(/NUL/);
    expect(problem).toMatch(EXAMPLE);
  });

  it('counts UTF-8 bytes, not characters, against the 128-byte limit', () => {
    expect(topicProblem('é'.repeat(50))).toBeUndefined(); // 100 bytes
    expect(topicProblem('a'.repeat(128))).toBeUndefined();
    expect(topicProblem('é'.repeat(64))).toBeUndefined(); // 128 bytes exactly

    const tooLong = topicProblem('é'.repeat(70)); // 70 characters, 140 bytes
    expect(tooLong).toBeDefined();
    expect(tooLong).toMatch(/140 bytes/);
    expect(tooLong).toMatch(/128/);
    expect(tooLong).toMatch(EXAMPLE);
    expect(topicProblem('a'.repeat(129))).toMatch(/129 bytes/);
    expect(topicProblem('é'.repeat(64) + 'a')).toMatch(/129 bytes/);
  });

  it.each([
    [42, /number 42/],
    [null, /null/],
    [undefined, /undefined/],
    [['a'], /an array/],
    [{ topic: 'a' }, /an object/],
  ])('rejects the non-string %j readably', (value, described) => {
    const problem = topicProblem(value);
    expect(problem).toMatch(/must be text/);
    expect(problem).toMatch(described);
    expect(problem).toMatch(EXAMPLE);
  });
});

describe('filterProblem', () => {
  it.each(['#', '+', 'a/+/b', 'a/#', '+/+', '/+', '$SYS/#', 'sport/tennis/player1/#', 'a/b'])('accepts %s', (filter) => {
    expect(filterProblem(filter)).toBeUndefined();
  });

  it.each([
    ['a/#/b', /'#' must be a whole level and the last one/],
    ['a#', /'#' must be a whole level/],
    ['#/a', /'#'/],
    ['a/b#', /'#'/],
    ['a+/b', /'\+' must be a whole level/],
    ['a/+b', /'\+'/],
    ['++', /'\+'/],
  ])('rejects %s', (filter, reason) => {
    const problem = filterProblem(filter);
    expect(problem).toMatch(reason);
    expect(problem).toContain(`'${filter}'`);
    expect(problem).toMatch(/Example: subscribe\('/);
  });

  it('rejects empty, NUL, too long and non-string filters', () => {
    expect(filterProblem('')).toMatch(/empty/);
    expect(filterProblem('a/\u0000')).toMatch(/NUL/);
    expect(filterProblem('é'.repeat(70))).toMatch(/140 bytes/);
    expect(filterProblem('é'.repeat(50))).toBeUndefined();
    expect(filterProblem(7)).toMatch(/must be text, got number 7/);
    for (const value of ['', 'a/\u0000', 'é'.repeat(70), 7]) {
      expect(filterProblem(value)).toMatch(/Example: subscribe\('/);
    }
  });
});

describe('assertTopic / assertFilter', () => {
  it('pass valid input through', () => {
    expect(() => assertTopic('a/b')).not.toThrow();
    expect(() => assertFilter('a/+/#')).not.toThrow();
  });

  it('throw a TypeError carrying the problem', () => {
    expect(() => assertTopic('a/+')).toThrow(TypeError);
    expect(() => assertTopic('a/+')).toThrow(/^Cannot publish: the topic 'a\/\+' contains a wildcard/);
    expect(() => assertTopic(3)).toThrow(/Cannot publish: the topic must be text/);
    expect(() => assertFilter('a/#/b')).toThrow(TypeError);
    expect(() => assertFilter('a/#/b')).toThrow(/^Cannot subscribe: in the filter 'a\/#\/b'/);
    expect(() => assertFilter('')).toThrow(/Cannot subscribe: the topic filter is empty/);
  });

  it('narrow the type', () => {
    const value: unknown = 'a/b';
    assertTopic(value);
    expect(value.length).toBe(3);
  });
});
