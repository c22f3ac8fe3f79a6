// The subscribe box: topic filters with wildcards, each listed with an Unsubscribe button.
// The list outlives connections: connecting again (another broker, another user) subscribes
// to the same filters.
import { filterProblem } from '../../mqtt/topics.js';
import type { QoS } from '../../mqtt/types.js';

export interface FilterEntry {
  filter: string;
  qos: QoS;
}

export interface SubscriptionActions {
  /** Resolves to an error to show beside the filter, or undefined once granted. */
  subscribe(entry: FilterEntry): Promise<string | undefined>;
  unsubscribe(filter: string): void;
}

export class SubscriptionsPanel {
  #entries: FilterEntry[] = [];
  #items = new Map<string, { item: HTMLLIElement; state: HTMLElement; attempt: number }>();

  constructor(
    private readonly form: HTMLFormElement,
    private readonly list: HTMLUListElement,
    private readonly actions: SubscriptionActions,
  ) {
    const input = form.querySelector<HTMLInputElement>('#subscribe-filter')!;
    const qos = form.querySelector<HTMLSelectElement>('#subscribe-qos')!;
    const error = form.querySelector<HTMLElement>('#subscribe-error')!;
    const setError = (message: string) => {
      error.textContent = message;
      error.hidden = message === '';
      input.setAttribute('aria-invalid', String(message !== ''));
    };
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const filter = input.value.trim();
      const problem = filterProblem(filter);
      if (problem) return setError(problem);
      setError('');
      this.add({ filter, qos: Number(qos.value) as QoS });
      input.value = '';
    });
    input.addEventListener('input', () => setError(''));
  }

  /** The filters to subscribe to, in the order they were added. */
  get entries(): readonly FilterEntry[] {
    return this.#entries;
  }

  /** Adds (or, for a filter already listed, re-subscribes with the new QoS) and subscribes. */
  add(entry: FilterEntry): void {
    this.#entries = [...this.#entries.filter((e) => e.filter !== entry.filter), entry];
    if (!this.#items.has(entry.filter)) this.#addItem(entry.filter);
    this.apply(entry);
  }

  /** Subscribes to one listed filter on the current connection, and shows the outcome. */
  apply(entry: FilterEntry): void {
    const parts = this.#items.get(entry.filter);
    if (!parts) return;
    parts.state.textContent = `QoS ${entry.qos} · subscribing…`;
    // Only the latest attempt speaks: one made on a connection since replaced may answer late.
    const attempt = ++parts.attempt;
    void this.actions.subscribe(entry).then((problem) => {
      if (this.#items.get(entry.filter) !== parts || parts.attempt !== attempt) return;
      parts.state.textContent = problem ? `not subscribed: ${problem}` : `QoS ${entry.qos}`;
      parts.item.classList.toggle('refused', problem !== undefined);
    });
  }

  #addItem(filter: string): void {
    const item = document.createElement('li');
    const code = document.createElement('code');
    code.textContent = filter;
    const state = document.createElement('span');
    state.className = 'state';
    const remove = document.createElement('button');
    remove.type = 'button';
    remove.textContent = 'Unsubscribe';
    remove.setAttribute('aria-label', `Unsubscribe from ${filter}`);
    remove.addEventListener('click', () => {
      this.#entries = this.#entries.filter((e) => e.filter !== filter);
      this.#items.delete(filter);
      item.remove();
      this.actions.unsubscribe(filter);
      // The button is gone; keep keyboard users in the panel rather than at the page's top.
      this.form.querySelector<HTMLInputElement>('#subscribe-filter')!.focus();
    });
    item.append(code, state, remove);
    this.list.append(item);
    this.#items.set(filter, { item, state, attempt: 0 });
  }
}
