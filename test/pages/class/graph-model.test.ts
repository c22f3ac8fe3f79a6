import { describe, expect, it } from 'vitest';
import type { ActivityBatch, ClientsSnapshot, FeedClient } from '../../../src/kit/activity-feed.js';
import { ClassGraphModel, PUBLISH_LINK_TTL_MS, TOPIC_TTL_MS } from '../../../src/pages/class/graph-model.js';

const client = (id: string, subscriptions: string[] = [], profile = 'public'): FeedClient => ({ id, profile, since: 1000, subscriptions });
const snapshot = (clients: FeedClient[], at = 5000): ClientsSnapshot => ({ at, clients, omitted: 0 });
const batch = (publishes: ActivityBatch['publishes'], omitted = 0): ActivityBatch => ({ at: 5000, ms: 250, publishes, omitted });

describe('ClassGraphModel', () => {
  it('takes its clients from the last snapshot, leaving $SYS filters out, and makes a node of every filter', () => {
    const model = new ClassGraphModel();
    model.applySnapshot(snapshot([client('page', ['$SYS/kit/#'], 'admin'), client('alice', ['hello', 'sensors/+'])]), 100_000);
    expect([...model.clients.keys()]).toEqual(['page', 'alice']);
    expect(model.clients.get('page')!.subscriptions).toEqual([]);
    expect([...model.topics.values()].map((t) => [t.name, t.wildcard])).toEqual([['hello', false], ['sensors/+', true]]);
    // Connected 4 s before the snapshot was made, on the page's clock.
    expect(model.clients.get('alice')!.connectedAt).toBe(96_000);

    model.applySnapshot(snapshot([client('alice', ['hello'])]), 101_000);
    expect([...model.clients.keys()]).toEqual(['alice']);
  });

  it('routes a message to each subscriber once, through its exact filter if it has one, else a wildcard', () => {
    const model = new ClassGraphModel();
    model.applySnapshot(snapshot([client('pub'), client('exact', ['hello', '#']), client('wild', ['#']), client('other', ['bye'])]), 0);
    const flows = model.applyBatch(batch([['pub', 'hello', 3], ['pub', '$SYS/x', 1]]), 10);
    expect(flows).toEqual([
      { publisherId: 'pub', topic: 'hello', count: 3, ms: 250, routes: [{ filter: 'hello', subscriberId: 'exact' }, { filter: '#', subscriberId: 'wild' }] },
    ]);
    expect(model.clients.get('pub')!.sent.perSecond(10)).toBeGreaterThan(0);
    expect(model.clients.get('wild')!.received.perSecond(10)).toBeGreaterThan(0);
    expect(model.clients.get('other')!.received.perSecond(10)).toBe(0);
    expect([...model.publishLinks.values()].map((l) => [l.clientId, l.topic])).toEqual([['pub', 'hello']]);
    // Every topic a wildcard in use catches, subscribed-to ones included.
    expect(model.wildcardLinks()).toEqual([['hello', '#'], ['bye', '#']]);
    expect(model.topics.has('$SYS/x')).toBe(false);
  });

  it('forgets quiet publish lines and unsubscribed topics after their time, keeps subscribed ones', () => {
    const model = new ClassGraphModel();
    model.applySnapshot(snapshot([client('pub'), client('sub', ['kept'])]), 0);
    model.applyBatch(batch([['pub', 'kept', 1], ['pub', 'passing', 1]]), 0);
    model.prune(PUBLISH_LINK_TTL_MS - 1);
    expect(model.publishLinks.size).toBe(2);
    model.prune(PUBLISH_LINK_TTL_MS + 1);
    expect(model.publishLinks.size).toBe(0);
    expect([...model.topics.keys()]).toEqual(['kept', 'passing']);
    model.prune(TOPIC_TTL_MS + 1);
    expect([...model.topics.keys()]).toEqual(['kept']);
  });

  it('counts what it cannot place, and survives publishers it does not know yet', () => {
    const model = new ClassGraphModel();
    const flows = model.applyBatch(batch([['stranger', 'hello', 2]], 5), 0);
    expect(flows).toHaveLength(1);
    expect(model.unitemised).toBe(5);
    expect(model.summary(0).messagesPerSecond).toBeCloseTo((7 * 1000) / 2000);
    model.prune(1);
    expect(model.publishLinks.size).toBe(0);
  });
});
