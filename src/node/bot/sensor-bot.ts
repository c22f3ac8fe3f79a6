import type { MqttClient } from '../../mqtt/client.js';
import { connectCommand, type ConnectionOutcome } from '../command-client.js';
import { createSignal, type PatternName } from './patterns.js';

export interface SensorBotOptions {
  url: string;
  clientId?: string;
  /** Milliseconds between two readings (the tutorial's bot: 3000). */
  interval: number;
  topics: string[];
  /**
   * Where lines go, with their kind (and the reading, for readings) so a caller can keep
   * errors and summarise the rest.
   */
  print: (line: string, kind: BotLineKind, reading?: BotReading) => void;
  /** 0 ≤ random() < 1; injectable so tests can pin values. */
  random?: () => number;
  /** How readings move (default 'random', the tutorial's); see `createSignal`. */
  pattern?: PatternName;
  /**
   * Publish readings retained, so the broker keeps each topic's last one and a page opened
   * later shows values at once instead of waiting for the next reading.
   */
  retain?: boolean;
}

/**
 * `status`: connecting, connected, lost; `error`: why it stopped; the other three happen for
 * each reading, every few seconds.
 */
export type BotLineKind = 'status' | 'error' | 'publishing' | 'acknowledged' | 'received';

/** How the bot's first connection went: up, or refused (why, in words). */
export type BotConnection = ConnectionOutcome;

/** One value on one topic, as published or received. */
export interface BotReading {
  topic: string;
  value: string;
}

export interface RunningBot {
  client: MqttClient;
  /** Settles once the bot first connects or gives up, so a banner can say which. */
  firstConnection: Promise<BotConnection>;
  /** Resolves with the exit code: 0 after stop(), 1 when the broker refused us. */
  done: Promise<number>;
  stop(): Promise<void>;
}

/**
 * The tutorial's Python sensor bot, in Node: subscribes to its topics and prints what it
 * receives; every `interval` ms publishes an integer 0–100 on one of them with QoS 1 —
 * random, as the tutorial's, or following `pattern` — and prints when the broker
 * acknowledges it.
 *
 * @example
 * const bot = startSensorBot({ url: 'mqtt://public:public@localhost', clientId: 'bot',
 *   interval: 3000, topics: ['temperatura', 'umidade', 'luminosidade'], print: console.log });
 */
export function startSensorBot(options: SensorBotOptions): RunningBot {
  const { print, topics } = options;
  const random = options.random ?? Math.random;
  const signal = createSignal(options.pattern ?? 'random', { random });
  const retain = Boolean(options.retain);
  // Declared first: a bad URL stops the command before connectCommand returns.
  let timer: ReturnType<typeof setInterval> | undefined;
  const command = connectCommand({ url: options.url, clientId: options.clientId, print, onStop: () => clearInterval(timer) });
  const { client, firstConnection, done } = command;
  const bot = { client, firstConnection, done, stop: () => command.stop(0) };
  // A bad URL or client id: nothing to run.
  if (command.stopped) return bot;

  for (const topic of topics) {
    client.subscribe(topic, (message) => print(`received ${message.topic}: ${message.text}`, 'received', { topic: message.topic, value: message.text }), { qos: 1 });
  }
  print(`subscribing to ${topics.join(', ')}; publishing every ${options.interval} ms`, 'status');

  const startedAt = performance.now();
  timer = setInterval(() => {
    if (!client.connected) return;
    const topic = topics[Math.floor(random() * topics.length)] ?? topics[0]!;
    const value = signal(topic, performance.now() - startedAt);
    print(`publishing ${topic} = ${value}`, 'publishing');
    void client.publish(topic, value, { qos: 1, retain }).then((ok) => {
      if (ok) print(`published ${topic} = ${value} (acknowledged by the broker)`, 'acknowledged', { topic, value: String(value) });
    });
  }, options.interval);

  return bot;
}
