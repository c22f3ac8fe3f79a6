import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseActivityBatch, parseClientsSnapshot } from '../../src/kit/activity-feed.js';

describe('parseClientsSnapshot', () => {
  it('reads what the broker writes', () => {
    const text = JSON.stringify({
      at: 1000,
      clients: [{ id: 'alice', profile: 'public', since: 900, subscriptions: ['hello', '#'], moreSubscriptions: 3 }],
      omitted: 2,
    });
    expect(parseClientsSnapshot(text)).toEqual({
      at: 1000,
      clients: [{ id: 'alice', profile: 'public', since: 900, subscriptions: ['hello', '#'], moreSubscriptions: 3 }],
      omitted: 2,
    });
  });

  it('drops malformed clients and subscriptions, keeps the rest', () => {
    const text = JSON.stringify({
      at: 1,
      clients: [null, { id: 7, profile: 'x', since: 1 }, { id: 'ok', profile: 'public', since: 2, subscriptions: ['a', 5, null] }, { id: 'no-since', profile: 'p' }],
    });
    expect(parseClientsSnapshot(text)).toEqual({ at: 1, clients: [{ id: 'ok', profile: 'public', since: 2, subscriptions: ['a'] }], omitted: 0 });
  });

  it('answers undefined for what is not a snapshot', () => {
    for (const text of ['', 'not json', '[]', '{"clients":[]}', '{"at":"now","clients":[]}', '{"at":1,"clients":{}}']) {
      expect(parseClientsSnapshot(text), text).toBeUndefined();
    }
  });
});

describe('parseActivityBatch', () => {
  it('reads what the broker writes, dropping malformed edges', () => {
    const text = JSON.stringify({ at: 5, ms: 250, publishes: [['bob', 'hello', 3], ['x', 'y'], ['a', 'b', -1], ['a', 'b', 1.5], [1, 'b', 2]], omitted: 4 });
    expect(parseActivityBatch(text)).toEqual({ at: 5, ms: 250, publishes: [['bob', 'hello', 3]], omitted: 4 });
  });

  it('answers undefined for what is not a batch', () => {
    for (const text of ['{}', '{"at":1,"publishes":[]}', '{"at":1,"ms":-5,"publishes":[]}', 'null']) {
      expect(parseActivityBatch(text), text).toBeUndefined();
    }
  });

  it('never throws, whatever arrives', () => {
    fc.assert(fc.property(fc.oneof(fc.string(), fc.json(), fc.jsonValue().map((v) => JSON.stringify({ at: 1, ms: 1, publishes: [v], clients: [v] }))), (text) => {
      parseActivityBatch(text);
      parseClientsSnapshot(text);
    }));
  });
});
