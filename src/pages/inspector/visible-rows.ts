// Which rows of the topic tree are on screen: depth first, children in order, collapsed
// branches closed, at most `limit` rows. However many topics there are, the page draws
// `limit` rows and says how many more there would be. No DOM in this file.
import type { TopicNode, TopicStore } from './topic-store.js';

export interface VisibleRows {
  rows: TopicNode[];
  /** Rows left out because of the limit. */
  more: number;
  /** Topics whose name contains the search text (every topic when there is none). */
  matching: number;
}

/**
 * The rows to draw. With `search`, only topics whose name contains it (ignoring case) and the
 * branches leading to them are shown, opened whatever was collapsed, so any topic can be found.
 */
export function visibleRows(store: TopicStore, collapsed: ReadonlySet<TopicNode>, limit: number, search = ''): VisibleRows {
  const needle = search.trim().toLowerCase();
  let onPath: Set<TopicNode> | undefined;
  let matching = store.topicCount;
  if (needle !== '') {
    onPath = new Set();
    matching = 0;
    for (const node of store.topicNodes()) {
      if (!node.path.toLowerCase().includes(needle)) continue;
      matching++;
      for (let at: TopicNode | undefined = node; at && !onPath.has(at); at = at.parent) onPath.add(at);
    }
  }
  const rows: TopicNode[] = [];
  let more = 0;
  // An explicit stack instead of recursion: topics may be thousands of levels deep.
  const stack: TopicNode[] = [...store.root.children].reverse();
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (onPath && !onPath.has(node)) continue;
    if (rows.length < limit) rows.push(node);
    else more++;
    if (onPath || !collapsed.has(node)) for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]!);
  }
  return { rows, more, matching };
}
