// The topic tree on screen: a fixed pool of at most `maxRows` row elements, refilled from the
// store a few times a second, writing only what changed. Keyboard use follows the WAI-ARIA
// tree pattern (arrows, Home/End, Enter/Space), with one row in the tab order.
import { formatRate, previewPayload } from './payload-format.js';
import type { TopicNode, TopicStore } from './topic-store.js';
import { visibleRows } from './visible-rows.js';

interface RowParts {
  item: HTMLLIElement;
  twisty: HTMLSpanElement;
  name: HTMLSpanElement;
  payload: HTMLSpanElement;
  rate: HTMLSpanElement;
  count: HTMLSpanElement;
  retained: HTMLSpanElement;
  /** What the row shows now, so a render writes only what changed. */
  shown: Record<string, string>;
  node?: TopicNode;
}

export class TopicTreeView {
  /** The selected topic, shown in the message panel. */
  selected: TopicNode | undefined;
  #rows: RowParts[] = [];
  #collapsed = new Set<TopicNode>();
  #active: TopicNode | undefined;
  #search = '';
  #shownNodes: TopicNode[] = [];

  constructor(
    private readonly store: TopicStore,
    private readonly tree: HTMLUListElement,
    private readonly moreLine: HTMLElement,
    private readonly onSelect: (node: TopicNode) => void,
    private readonly maxRows = 150,
  ) {
    tree.addEventListener('click', (event) => this.#onClick(event));
    tree.addEventListener('keydown', (event) => this.#onKey(event));
  }

  /** Show only topics containing `text`, and the branches leading to them. */
  search(text: string): void {
    this.#search = text;
    this.render();
  }

  /** Forget selection and collapsed branches (the store was cleared). */
  reset(): void {
    this.selected = undefined;
    this.#active = undefined;
    this.#collapsed.clear();
    this.render();
  }

  render(): void {
    const { rows, more, matching } = visibleRows(this.store, this.#collapsed, this.maxRows, this.#search);
    this.#shownNodes = rows;
    const hadFocus = this.tree.contains(document.activeElement);
    if (!this.#active || !rows.includes(this.#active)) this.#active = rows[0];
    rows.forEach((node, i) => this.#fill(this.#rows[i] ?? this.#addRow(), node));
    for (let i = rows.length; i < this.#rows.length; i++) {
      const row = this.#rows[i]!;
      row.item.hidden = true;
      delete row.node;
    }
    const moreText = more > 0 ? `…and ${more.toLocaleString('en')} more (collapse a branch or find a topic to see them)` : '';
    const emptyText = this.#search.trim() !== '' && matching === 0 ? `No topic contains “${this.#search.trim()}”.` : '';
    setText(this.moreLine, moreText || emptyText);
    this.moreLine.hidden = moreText === '' && emptyText === '';
    if (hadFocus) this.#rowOf(this.#active)?.item.focus();
  }

  #addRow(): RowParts {
    const item = document.createElement('li');
    item.setAttribute('role', 'treeitem');
    item.tabIndex = -1;
    const span = (className: string) => {
      const element = document.createElement('span');
      element.className = className;
      item.append(element);
      return element;
    };
    const row: RowParts = {
      item,
      twisty: span('twisty'),
      name: span('name'),
      payload: span('payload'),
      rate: span('rate'),
      count: span('count'),
      retained: span('retained'),
      shown: {},
    };
    row.twisty.setAttribute('aria-hidden', 'true');
    row.retained.textContent = 'retained';
    this.tree.append(item);
    this.#rows.push(row);
    return row;
  }

  #fill(row: RowParts, node: TopicNode): void {
    row.node = node;
    row.item.hidden = false;
    const branch = node.children.length > 0;
    const open = branch && (this.#search.trim() !== '' || !this.#collapsed.has(node));
    const latest = node.latest;
    const values: Record<string, string> = {
      topic: node.path,
      level: String(node.depth),
      expanded: branch ? String(open) : '',
      selected: String(node === this.selected),
      tab: node === this.#active ? '0' : '-1',
      twisty: branch ? (open ? '▾' : '▸') : '',
      name: node.name === '' ? '(empty)' : node.name,
      payload: latest ? previewPayload(latest.bytes) : `${node.topics.toLocaleString('en')} ${node.topics === 1 ? 'topic' : 'topics'}`,
      branchOnly: String(!latest),
      rate: `${formatRate(node.rate)}/s`,
      count: `${node.total.toLocaleString('en')} msg`,
      retained: String(latest?.retained === true),
    };
    const shown = row.shown;
    const changed = (key: string) => shown[key] !== values[key];
    const { item } = row;
    if (changed('topic')) item.dataset.topic = values.topic!;
    if (changed('level')) {
      item.setAttribute('aria-level', values.level!);
      item.style.setProperty('--depth', String(node.depth - 1));
    }
    if (changed('expanded')) {
      if (branch) item.setAttribute('aria-expanded', values.expanded!);
      else item.removeAttribute('aria-expanded');
    }
    if (changed('selected')) item.setAttribute('aria-selected', values.selected!);
    if (changed('tab')) item.tabIndex = Number(values.tab);
    if (changed('twisty')) row.twisty.textContent = values.twisty!;
    if (changed('name')) row.name.textContent = values.name!;
    if (changed('payload')) row.payload.textContent = values.payload!;
    if (changed('branchOnly')) row.payload.classList.toggle('branch', !latest);
    if (changed('rate')) row.rate.textContent = values.rate!;
    if (changed('count')) row.count.textContent = values.count!;
    if (changed('retained')) row.retained.hidden = values.retained !== 'true';
    row.shown = values;
  }

  #rowOf(node: TopicNode | undefined): RowParts | undefined {
    return node ? this.#rows.find((row) => row.node === node) : undefined;
  }

  #nodeOf(target: EventTarget | null): TopicNode | undefined {
    const item = (target as Element | null)?.closest?.('li[role="treeitem"]');
    return this.#rows.find((row) => row.item === item)?.node;
  }

  #onClick(event: MouseEvent): void {
    const node = this.#nodeOf(event.target);
    if (!node) return;
    if ((event.target as Element).classList.contains('twisty')) this.#toggle(node);
    else this.#select(node);
  }

  #onKey(event: KeyboardEvent): void {
    const node = this.#active;
    if (!node) return;
    const rows = this.#shownNodes;
    const at = rows.indexOf(node);
    const open = node.children.length > 0 && (this.#search.trim() !== '' || !this.#collapsed.has(node));
    let next: TopicNode | undefined;
    switch (event.key) {
      case 'ArrowDown': next = rows[at + 1]; break;
      case 'ArrowUp': next = rows[at - 1]; break;
      case 'Home': next = rows[0]; break;
      case 'End': next = rows.at(-1); break;
      case 'ArrowRight':
        if (node.children.length === 0) break;
        if (open) next = rows[at + 1];
        else this.#toggle(node);
        break;
      case 'ArrowLeft':
        if (open) this.#toggle(node);
        else if (node.parent && node.parent.depth > 0) next = node.parent;
        break;
      case 'Enter':
      case ' ':
        this.#select(node);
        break;
      default:
        return;
    }
    event.preventDefault();
    if (next) {
      this.#active = next;
      this.render();
      this.#rowOf(next)?.item.focus();
    }
  }

  #toggle(node: TopicNode): void {
    if (this.#collapsed.has(node)) this.#collapsed.delete(node);
    else this.#collapsed.add(node);
    this.#active = node;
    this.render();
  }

  #select(node: TopicNode): void {
    this.selected = node;
    this.#active = node;
    this.render();
    this.onSelect(node);
  }
}

function setText(element: HTMLElement, text: string): void {
  if (element.textContent !== text) element.textContent = text;
}
