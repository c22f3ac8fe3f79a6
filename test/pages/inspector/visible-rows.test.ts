import { describe, expect, it } from 'vitest';
import { createMessage } from '../../../src/mqtt/payload.js';
import { TopicStore, type TopicNode } from '../../../src/pages/inspector/topic-store.js';
import { visibleRows } from '../../../src/pages/inspector/visible-rows.js';

function storeWith(topics: string[]): TopicStore {
  const store = new TopicStore();
  for (const topic of topics) store.record(createMessage(topic, new Uint8Array()));
  return store;
}
const paths = (rows: TopicNode[]) => rows.map((node) => node.path);

describe('visibleRows', () => {
  it('walks the tree depth first, skipping what is under a collapsed branch', () => {
    const store = storeWith(['b/2', 'a', 'b/1/x', 'c']);
    expect(paths(visibleRows(store, new Set(), 100).rows)).toEqual(['a', 'b', 'b/1', 'b/1/x', 'b/2', 'c']);
    const b = store.root.children[1]!;
    expect(paths(visibleRows(store, new Set([b]), 100).rows)).toEqual(['a', 'b', 'c']);
  });

  it('draws at most `limit` rows and counts the rest', () => {
    const store = storeWith(Array.from({ length: 300 }, (_, i) => `flood/${i}`));
    const { rows, more } = visibleRows(store, new Set(), 150);
    expect(rows).toHaveLength(150);
    expect(more).toBe(151);
    expect(paths(rows).slice(0, 3)).toEqual(['flood', 'flood/0', 'flood/1']);
  });

  it('with a search, shows matching topics and the branches leading to them, even collapsed ones', () => {
    const store = storeWith(['sensors/temperatura', 'sensors/umidade', 'class/ana/temp', 'hello']);
    const collapsed = new Set(store.root.children);
    const { rows, matching } = visibleRows(store, collapsed, 100, ' TEMP');
    expect(paths(rows)).toEqual(['class', 'class/ana', 'class/ana/temp', 'sensors', 'sensors/temperatura']);
    expect(matching).toBe(2);
    expect(visibleRows(store, collapsed, 100, 'nothing').rows).toEqual([]);
  });
});
