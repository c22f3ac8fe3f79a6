// What the inspector knows about the topics it has seen: per topic the latest message and a
// count, per branch the totals below it. Recording a message is a few field writes, so a
// flood of 20k msg/s costs little; the DOM is drawn from here a few times a second.
// No DOM in this file.
import type { MqttMessage } from '../../mqtt/payload.js';

/** Beyond this many topics, messages on new ones are only counted (`untracked`). */
export const MAX_TOPICS = 10_000;
/** The part of a payload kept for display: the kit's broker refuses larger ones anyway. */
export const MAX_KEPT_BYTES = 64 * 1024;

/** The latest message of a topic, in bytes of its own (not a view into a received batch). */
export interface LatestMessage {
  /** At most MAX_KEPT_BYTES of the payload. */
  readonly bytes: Uint8Array;
  /** The payload's full size in bytes. */
  readonly size: number;
  readonly qos: 0 | 1 | 2;
  /** The broker sent it as its stored (retained) value for the topic, i.e. on subscribing. */
  readonly retained: boolean;
  /** When it was taken into the store (ms since the epoch), to within one `settle()`. */
  readonly at: number;
}

const byName = new Intl.Collator(undefined, { numeric: true });

/** One level of the topic tree: `sensors` in `sensors/temperatura`. A topic itself once a message arrived on it. */
export class TopicNode {
  /** Children in display order (numeric-aware: `flood/2` before `flood/10`). */
  readonly children: TopicNode[] = [];
  #childByName = new Map<string, TopicNode>();
  /** Messages on exactly this topic. */
  count = 0;
  /** Messages on this topic and every topic below it. */
  total = 0;
  /** Topics at or below this node that have had a message. */
  topics = 0;
  /** Messages per second on this topic and below, over the last sampling interval. */
  rate = 0;
  latest: LatestMessage | undefined;
  /** The newest message not yet copied into `latest` (it still shares its batch's buffer). */
  pending: MqttMessage | undefined;
  sampledTotal = 0;

  constructor(
    readonly name: string,
    /** The full topic, e.g. `sensors/temperatura`; '' for the root. */
    readonly path: string,
    readonly parent: TopicNode | undefined,
    /** 0 for the root, 1 for a first level. */
    readonly depth: number,
  ) {}

  child(name: string): TopicNode | undefined {
    return this.#childByName.get(name);
  }

  addChild(name: string): TopicNode {
    const path = this.parent === undefined ? name : `${this.path}/${name}`;
    const node = new TopicNode(name, path, this, this.depth + 1);
    this.#childByName.set(name, node);
    // Binary search for the insertion point keeps `children` sorted without re-sorting per render.
    let low = 0;
    let high = this.children.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (byName.compare(this.children[middle]!.name, name) < 0) low = middle + 1;
      else high = middle;
    }
    this.children.splice(low, 0, node);
    return node;
  }
}

export class TopicStore {
  root = new TopicNode('', '', undefined, 0);
  /** Every message recorded since the last `clear()`. */
  received = 0;
  /** Messages on topics beyond MAX_TOPICS, counted only. */
  untracked = 0;
  /** Messages per second over all topics, over the last sampling interval. */
  rate = 0;
  #topics = new Map<string, TopicNode>();
  #nodes: TopicNode[] = [];
  #dirty = new Set<TopicNode>();
  #sampledReceived = 0;
  #sampledAt: number | undefined;

  constructor(private readonly maxTopics = MAX_TOPICS) {}

  /** Counts one message and keeps it as its topic's latest. Cheap: called once per message. */
  record(message: MqttMessage): void {
    this.received++;
    let node = this.#topics.get(message.topic);
    if (!node) {
      if (this.#topics.size >= this.maxTopics) {
        this.untracked++;
        return;
      }
      node = this.#nodeFor(message.topic);
      this.#topics.set(message.topic, node);
    }
    if (node.count++ === 0) for (let at: TopicNode | undefined = node; at; at = at.parent) at.topics++;
    for (let at: TopicNode | undefined = node; at; at = at.parent) at.total++;
    node.pending = message;
    this.#dirty.add(node);
  }

  /**
   * Copies each topic's newest message out of the batch buffer it arrived in, so a kept
   * message never holds a whole batch in memory. Returns whether any topic changed.
   */
  settle(now = Date.now()): boolean {
    if (this.#dirty.size === 0) return false;
    for (const node of this.#dirty) {
      const message = node.pending!;
      node.pending = undefined;
      const size = message.bytes.byteLength;
      node.latest = { bytes: message.bytes.slice(0, MAX_KEPT_BYTES), size, qos: message.qos, retained: message.retained, at: now };
    }
    this.#dirty.clear();
    return true;
  }

  /** Updates every rate from the messages counted since the previous call. */
  sampleRates(now = performance.now()): void {
    const seconds = this.#sampledAt === undefined ? 0 : (now - this.#sampledAt) / 1000;
    this.#sampledAt = now;
    const rateOf = (count: number) => (seconds > 0 ? count / seconds : 0);
    this.rate = rateOf(this.received - this.#sampledReceived);
    this.#sampledReceived = this.received;
    for (const node of this.#nodes) {
      node.rate = rateOf(node.total - node.sampledTotal);
      node.sampledTotal = node.total;
    }
  }

  /** The node of a topic that has had a message, if it is tracked. */
  topic(topic: string): TopicNode | undefined {
    return this.#topics.get(topic);
  }

  /** Topics tracked (with at least one message). */
  get topicCount(): number {
    return this.#topics.size;
  }

  /** Every tracked topic's node, in the order they first appeared. */
  topicNodes(): IterableIterator<TopicNode> {
    return this.#topics.values();
  }

  clear(): void {
    this.root = new TopicNode('', '', undefined, 0);
    this.received = 0;
    this.untracked = 0;
    this.rate = 0;
    this.#topics.clear();
    this.#nodes = [];
    this.#dirty.clear();
    this.#sampledReceived = 0;
  }

  #nodeFor(topic: string): TopicNode {
    let node = this.root;
    // MQTT allows empty levels ('a//b', '/a'); each is a level of its own here too.
    for (const name of topic.split('/')) {
      let next = node.child(name);
      if (!next) {
        next = node.addChild(name);
        this.#nodes.push(next);
      }
      node = next;
    }
    return node;
  }
}
