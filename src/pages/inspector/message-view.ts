// The selected topic's latest message: what it carried (as text, pretty JSON or hex) and how
// (QoS, retained, size), with the topic's count and rate. The payload is redrawn only when a
// new message or another view is chosen, not on every render.
import { formatPayload, formatRate, formatSize, type PayloadView } from './payload-format.js';
import type { LatestMessage, TopicNode } from './topic-store.js';

export interface MessageElements {
  topic: HTMLElement;
  meta: HTMLElement;
  views: HTMLFieldSetElement;
  note: HTMLElement;
  payload: HTMLPreElement;
}

export class MessageView {
  #view: PayloadView = 'text';
  #drawn: { latest: LatestMessage | undefined; view: PayloadView } | undefined;
  #node: TopicNode | undefined;

  constructor(private readonly elements: MessageElements) {
    for (const radio of elements.views.querySelectorAll<HTMLInputElement>('input[type="radio"]')) {
      radio.checked = radio.value === this.#view;
      radio.addEventListener('change', () => {
        this.#view = radio.value as PayloadView;
        this.render(this.#node);
      });
    }
  }

  render(node: TopicNode | undefined): void {
    this.#node = node;
    const { topic, meta, views, note, payload } = this.elements;
    const latest = node?.latest;
    setText(topic, node ? node.path : 'Select a topic to see its latest message.');
    topic.classList.toggle('placeholder', !node);
    views.hidden = !latest;
    payload.hidden = !latest;
    if (!node) {
      setText(meta, '');
      setText(note, '');
      this.#drawn = undefined;
      return;
    }
    if (!latest) {
      setText(meta, `A branch: ${node.topics.toLocaleString('en')} topics below, ${node.total.toLocaleString('en')} messages, ${formatRate(node.rate)} msg/s.`);
      setText(note, '');
      this.#drawn = undefined;
      return;
    }
    const when = new Date(latest.at).toLocaleTimeString('en-GB');
    const parts = [
      `QoS ${latest.qos}`,
      latest.retained ? 'retained (the broker’s stored value, sent on subscribing)' : 'not retained',
      formatSize(latest.size),
      `${node.count.toLocaleString('en')} ${node.count === 1 ? 'message' : 'messages'}`,
      `${formatRate(node.rate)} msg/s`,
      `last at ${when}`,
    ];
    setText(meta, parts.join(' · '));
    if (this.#drawn?.latest === latest && this.#drawn.view === this.#view) return;
    this.#drawn = { latest, view: this.#view };
    const shown = formatPayload(latest.bytes, latest.size, this.#view);
    payload.textContent = shown.text;
    payload.dataset.view = this.#view;
    setText(note, shown.note ?? '');
  }
}

function setText(element: HTMLElement, text: string): void {
  if (element.textContent !== text) element.textContent = text;
}
