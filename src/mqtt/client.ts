import { Emitter } from './emitter.js';
import { createMessage, encodePayload, type MqttMessage, type Payload } from './payload.js';
import { MessageQueue } from './message-queue.js';
import { Subscriptions } from './subscriptions.js';
import { filterProblem, topicProblem } from './topics.js';
import { HELD_FULL, type Transport, type TransportConfig, type TransportEvent, type WireMessage, type WireWill } from './transport.js';
import { MAX_HELD_PUBLISHES } from './defaults.js';
import { PendingCommands } from './pending-commands.js';
import { statusInEnglish as describeStatus, type StatusReason } from '../texts/status-texts.js';
import type {
  ClientEvents, ClientStats, ClientStatus, DeliveryMode, MessageHandler, PublishOptions, QoS, SubscribeOptions, Will,
} from './types.js';

export type { ClientStats } from './types.js';

/** Messages waiting for `drain()` beyond this are dropped oldest-first and counted. */
const MAX_QUEUE = 10_000;

/**
 * A connection to an MQTT broker, in the spirit of Processing's MQTT library. Create it
 * with `connect()`. Messages are handed to you as they arrive, or by `drain()` with
 * `deliver: 'drain'` (once per frame, in a sketch). It never throws at you: problems arrive as
 * `error` events and in `statusText`.
 *
 * @example
 * const client = connect('mqtt://public:public@localhost', 'bot');
 * client.subscribe('temperatura', (m) => console.log(`${m.topic}: ${m.text}`));
 * client.publish('temperatura', 42, { qos: 1 });
 */
export class MqttClient {
  readonly clientId: string;
  /** Where it connects, password masked: `ws://public:****@localhost:9001`. */
  readonly target: string;
  readonly stats: ClientStats = { received: 0, delivered: 0, dropped: 0, coalesced: 0, published: 0, unsent: 0 };
  #status: ClientStatus = 'connecting';
  #statusText: string;
  #statusReason: StatusReason;
  #events = new Emitter<ClientEvents>((error, event) => this.#report(`A '${String(event)}' listener threw`, error));
  #subscriptions = new Subscriptions();
  #queue = new MessageQueue(MAX_QUEUE);
  #pending = new PendingCommands();
  #started = false;
  #stopped = false;
  #logged = new Set<string>();
  #will: WireWill | undefined;

  constructor(
    private readonly transport: Transport | undefined,
    private readonly config: Omit<TransportConfig, 'will'> | undefined,
    private readonly deliver: DeliveryMode,
    options: { will?: Will; failure?: Error } = {},
  ) {
    this.clientId = config?.clientId ?? '';
    this.target = config?.display ?? '(no broker)';
    this.#statusText = `Connecting to ${this.target}…`;
    this.#statusReason = { code: 'connecting', display: this.target };
    if (options.will) this.setWill(options.will.topic, options.will.payload, options.will);
    if (options.failure || !transport) {
      const failure = options.failure ?? new Error('No transport to connect with.');
      this.#status = 'error';
      this.#statusText = failure.message;
      this.#statusReason = { code: 'other', text: failure.message };
      queueMicrotask(() => this.#fail(failure));
      return;
    }
    transport.onEvent = (event) => this.#onTransportEvent(event);
    // Deferred so `connect(…)` followed by `setWill(…)` still sends the will with CONNECT,
    // as Processing users write it.
    queueMicrotask(() => this.#start());
  }

  get status(): ClientStatus {
    return this.#status;
  }

  /** A sentence a person can act on, e.g. "Could not connect to ws://localhost:9001. Is the broker running?" */
  get statusText(): string {
    return this.#statusText;
  }

  /**
   * Why the status is what it is, as data: `statusText` is its English wording, and
   * `describeStatus(client.statusReason, 'pt-BR')` words it in Portuguese (the HUD does).
   */
  get statusReason(): StatusReason {
    return this.#statusReason;
  }

  get connected(): boolean {
    return this.#status === 'connected';
  }

  /** Messages waiting for `drain()`. */
  get queued(): number {
    return this.#queue.length;
  }

  on<K extends keyof ClientEvents>(event: K, listener: (payload: ClientEvents[K]) => void): () => void {
    return this.#events.on(event, listener);
  }

  off<K extends keyof ClientEvents>(event: K, listener: (payload: ClientEvents[K]) => void): void {
    this.#events.off(event, listener);
  }

  /**
   * Publishes text, a number, bytes, or any other value as JSON. Resolves true once the
   * broker acknowledged it (QoS 1/2) or it was written (QoS 0); false when it could not
   * be sent, with the reason as an `error` event. Never rejects.
   */
  publish(topic: string, payload?: Payload, options: PublishOptions = {}): Promise<boolean> {
    const qos = normaliseQos(options.qos);
    const problem = topicProblem(topic);
    if (problem) return this.#refuse(`Cannot publish: ${problem}`);
    let bytes: Uint8Array;
    try {
      bytes = encodePayload(payload);
    } catch (error) {
      return this.#refuse(`Cannot publish on '${topic}': ${(error as Error).message}`);
    }
    return this.#command((id) => ({ type: 'publish', id, topic, payload: bytes, qos, retain: Boolean(options.retain) }), (error) => {
      if (error === 'offline') {
        this.#report(`Not connected, so the QoS 0 message on '${topic}' was dropped (publish with { qos: 1 } to have it sent after reconnecting).`);
        return false;
      }
      if (error === HELD_FULL) {
        this.stats.unsent++;
        this.#report(`Not connected, and ${MAX_HELD_PUBLISHES} messages with QoS 1 or 2 already wait for the broker, so the one on '${topic}' was dropped (the waiting ones go out when it is back; client.stats.unsent counts the dropped).`);
        return false;
      }
      if (error) return this.#reportFalse(`Publishing on '${topic}' failed: ${error}`);
      this.stats.published++;
      this.#events.emit('published', { topic, qos });
      return true;
    });
  }

  /**
   * Subscribes to a topic filter (`+` one level, `#` the rest); `handler`, if given, gets
   * only the messages matching this filter. Resolves true when the broker granted it.
   */
  subscribe(filter: string, handler?: MessageHandler | SubscribeOptions, options: SubscribeOptions = {}): Promise<boolean> {
    if (typeof handler === 'object' && handler !== null) [handler, options] = [undefined, handler];
    const qos = normaliseQos(options.qos);
    const problem = filterProblem(filter);
    if (problem) return this.#refuse(`Cannot subscribe: ${problem}`);
    if (handler !== undefined && typeof handler !== 'function') {
      return this.#refuse(`Cannot subscribe to '${filter}': the handler must be a function.`);
    }
    this.#subscriptions.add(filter, qos, handler, Boolean(options.latestOnly));
    return this.#command((id) => ({ type: 'subscribe', id, filter, qos }), (error) =>
      error ? this.#reportFalse(`Subscribing to '${filter}' failed: ${error}`) : true,
    );
  }

  /** Stops receiving `filter` and forgets its handlers. */
  unsubscribe(filter: string): Promise<boolean> {
    const problem = filterProblem(filter);
    if (problem) return this.#refuse(`Cannot unsubscribe: ${problem}`);
    this.#subscriptions.remove(filter);
    return this.#command((id) => ({ type: 'unsubscribe', id, filter }), (error) =>
      error ? this.#reportFalse(`Unsubscribing from '${filter}' failed: ${error}`) : true,
    );
  }

  /**
   * The message the broker publishes for us if we vanish without `disconnect()`. Set it
   * right after `connect()` to have it from the first connection; later, it applies from
   * the next reconnection.
   */
  setWill(topic: string, payload?: Payload, options: PublishOptions = {}): boolean {
    const problem = topicProblem(topic);
    let bytes: Uint8Array | undefined;
    try {
      bytes = problem ? undefined : encodePayload(payload);
    } catch (error) {
      this.#report(`Cannot set the will on '${topic}': ${(error as Error).message}`);
      return false;
    }
    if (!bytes) {
      this.#report(`Cannot set the will: ${problem}`);
      return false;
    }
    this.#will = { topic, payload: bytes, qos: normaliseQos(options.qos), retain: Boolean(options.retain) };
    if (this.#started) this.transport?.send({ type: 'will', will: this.#will });
    return true;
  }

  /**
   * Hands queued messages to the handlers and `message` listeners, oldest first; returns
   * how many. The p5 addon calls it once per frame, before `draw()`.
   */
  drain(max = Infinity): number {
    const taken = this.#queue.take(max);
    // Where a latest-only subscription matches, only the newest of its topic in this batch
    // is for it; the others still reach every subscription that wants each message.
    let newest: Map<string, number> | undefined;
    for (let i = 0; i < taken.length; i++) {
      const { topic } = taken[i]!;
      if (this.#subscriptions.route(topic).someLatestOnly) (newest ??= new Map()).set(topic, i);
    }
    for (let i = 0; i < taken.length; i++) {
      const message = taken[i]!;
      this.#deliver(message, newest !== undefined && (newest.get(message.topic) ?? i) > i);
    }
    return taken.length;
  }

  /** Tries again after an `error` status (e.g. once the password is fixed on the broker). */
  reconnect(): void {
    if (this.#stopped || !this.transport) return;
    this.#logged.clear();
    this.transport.send({ type: 'reconnect' });
  }

  /** Says goodbye to the broker (no will is published) and stops reconnecting. */
  async disconnect(): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    if (!this.#started || !this.transport) {
      this.#setDescribed('offline', { code: 'disconnected', display: this.target });
      return;
    }
    await this.#command((id) => ({ type: 'stop', id }), () => true, true);
    this.#setDescribed('offline', { code: 'disconnected', display: this.target });
    this.#pending.dropAll();
    this.#queue.take();
  }

  #start(): void {
    if (this.#started || this.#stopped || !this.transport || !this.config) return;
    this.#started = true;
    this.transport.send({ type: 'start', config: { ...this.config, ...(this.#will ? { will: this.#will } : {}) } });
  }

  #command(
    build: (id: number) => Parameters<Transport['send']>[0],
    settle: (error?: string) => boolean,
    evenWhenStopped = false,
  ): Promise<boolean> {
    // In the error state every refused call gives the reason itself, word for word, so the
    // console (which says a text once) does not bury it under "Not connected" lines.
    if (this.#status === 'error' && !evenWhenStopped) return this.#refuse(this.#statusText);
    if ((this.#stopped && !evenWhenStopped) || !this.transport) return this.#refuse(`Not connected: ${this.#statusText}`);
    this.#start();
    return this.#pending.add((id) => this.transport!.send(build(id)), settle);
  }

  #onTransportEvent(event: TransportEvent): void {
    switch (event.type) {
      case 'status':
        return this.#setStatus(event.status, event.text, event.reason ?? { code: 'other', text: event.text });
      case 'connected':
        this.#logged.clear();
        return this.#events.emit('connected', { sessionPresent: event.sessionPresent });
      case 'lost':
        return this.#events.emit('lost', { reason: event.reason });
      case 'messages':
        return this.#receive(event.messages);
      case 'done':
        return this.#pending.settle(event.id, event.error);
      case 'error':
        return this.#report(event.message);
      case 'failed':
        // Only a transport with nothing to fall back on gets here.
        this.#setDescribed('error', { code: 'broken', why: event.reason });
        return this.#report(this.#statusText);
    }
  }

  #receive(messages: WireMessage[]): void {
    if (this.#stopped) return;
    this.stats.received += messages.length;
    if (this.deliver === 'immediate') {
      for (const message of messages) this.#deliver(message);
      return;
    }
    const { coalesced, dropped } = this.#queue.push(messages, (topic) => this.#subscriptions.route(topic).coalescible);
    this.stats.coalesced += coalesced;
    if (dropped > 0) {
      this.stats.dropped += dropped;
      // One wording, so the console says it once, not once per count.
      this.#report(`Messages arrive faster than drain() takes them, so the oldest beyond ${MAX_QUEUE} are dropped (client.stats.dropped counts them). Call drain() every frame.`);
    }
  }

  #deliver(wire: WireMessage, newerWaiting = false): void {
    const message: MqttMessage = createMessage(wire.topic, wire.payload, wire.qos, wire.retained);
    const { handled, unclaimed } = this.#subscriptions.dispatch(
      message,
      (error) => this.#report(`A handler for '${message.topic}' threw`, error),
      newerWaiting,
    );
    // Skipped by a latest-only subscription for a newer one of its topic: counted once,
    // whether or not another subscription still took it.
    if (newerWaiting) this.stats.coalesced++;
    if (handled === 0 && !unclaimed) return;
    this.stats.delivered++;
    this.#events.emit('message', message);
    if (unclaimed) this.#events.emit('unclaimed', message);
  }

  #setDescribed(status: ClientStatus, reason: StatusReason): void {
    this.#setStatus(status, describeStatus(reason), reason);
  }

  #setStatus(status: ClientStatus, text: string, reason: StatusReason): void {
    if (status === this.#status && text === this.#statusText) return;
    this.#status = status;
    this.#statusText = text;
    this.#statusReason = reason;
    this.#events.emit('status', { status, text, reason });
    if (status === 'error') this.#pending.dropAll();
  }

  #fail(error: Error): void {
    this.#events.emit('status', { status: 'error', text: error.message, reason: { code: 'other', text: error.message } });
    this.#report(error.message);
  }

  #refuse(message: string): Promise<boolean> {
    this.#report(message);
    return Promise.resolve(false);
  }

  #reportFalse(message: string): false {
    this.#report(message);
    return false;
  }

  /** An `error` event; with no listener, the console, once per distinct message until reconnected. */
  #report(message: string, cause?: unknown): void {
    const text = cause instanceof Error ? `${message}: ${cause.message}` : message;
    const error = new Error(text, cause === undefined ? undefined : { cause });
    if (this.#events.has('error')) return this.#events.emit('error', error);
    if (this.#logged.has(text)) return;
    this.#logged.add(text);
    console.error(`[mqtt] ${text}`, ...(cause instanceof Error ? [cause] : []));
  }
}

function normaliseQos(qos: unknown): QoS {
  return qos === 1 || qos === 2 ? qos : 0;
}
