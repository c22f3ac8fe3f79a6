// topicMatches is matchTopic with shortcuts; it must never answer differently.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { matchTopic } from '../../../src/mqtt/topics.js';
import { topicMatches } from '../../../src/node/broker/topic-match.js';

describe('topicMatches', () => {
  it('answers as matchTopic does, shortcuts included', () => {
    const cases: Array<[string, string]> = [
      ['#', 'a'], ['#', ''], ['#', '$SYS/x'], ['#', '/'], ['a/b', 'a/b'], ['$SYS/#', '$SYS/x'], ['+/b', '$x/b'],
      ['a/#', 'a'], ['a/+', 'a/b/c'], ['a/b', 'a/c'], ['bench/fan-out/1', 'bench/fan-out/1'],
    ];
    for (const [filter, topic] of cases) expect(topicMatches(filter, topic), `${filter} vs ${topic}`).toBe(matchTopic(filter, topic));
    const level = fc.constantFrom('a', 'b', '', '$SYS', '$x', '+', '#');
    const path = fc.array(level, { minLength: 1, maxLength: 4 }).map((levels) => levels.join('/'));
    fc.assert(fc.property(path, path, (filter, topic) => topicMatches(filter, topic) === matchTopic(filter, topic)), { numRuns: 2000 });
  });
});
