import { finished } from 'node:stream/promises';
import type { Writable } from 'node:stream';
import type { MqttClient } from '../../mqtt/client.js';
import { connectCommand, type ConnectionOutcome } from '../command-client.js';
import { formatRecordingLine } from './recording.js';

export interface RecorderOptions {
  url: string;
  clientId?: string;
  /** Topic filters to record, wildcards allowed (`sensors/#`). */
  topics: string[];
  /** Where the lines go, one per message as it arrives; the recorder ends it on stop. */
  out: Writable;
  print: (line: string, kind: 'status' | 'error') => void;
}

export interface RunningRecorder {
  client: MqttClient;
  firstConnection: Promise<ConnectionOutcome>;
  /** Messages written so far. */
  readonly written: number;
  /** Milliseconds from the first message written to the last. */
  readonly spanMs: number;
  /** Resolves with the exit code once stopped and the file is closed: 0 after stop(). */
  done: Promise<number>;
  stop(): Promise<void>;
}

/**
 * Records what a broker delivers on `topics`, one line per message (see
 * `formatRecordingLine`), timed from the first message. Each line is handed to `out` as
 * the message arrives, so a recorder that crashes loses only what the system had not yet
 * written. It subscribes with QoS 2, so each message keeps the QoS it was published with.
 *
 * @example
 * const recorder = startRecorder({ url, topics: ['sensors/#'], out: createWriteStream('show.jsonl'), print: console.log });
 * onShutdown(() => recorder.stop());
 */
export function startRecorder(options: RecorderOptions): RunningRecorder {
  const { out, print } = options;
  let written = 0;
  let firstAt: number | undefined;
  let lastAt: number | undefined;
  let connections = 0;
  const command = connectCommand({
    url: options.url,
    clientId: options.clientId,
    print,
    onStop: async () => {
      out.end();
      await finished(out).catch(() => {});
    },
  });
  const { client, firstConnection, done, stop } = command;

  out.on('error', (error) => {
    print(`error: could not write the recording: ${error.message}`, 'error');
    void stop(1);
  });
  client.on('connected', () => connections++);
  client.on('message', (message) => {
    if (command.stopped) return;
    // After a reconnect the broker sends its stored values again: copies, not new traffic.
    if (message.retained && connections > 1) return;
    const now = performance.now();
    firstAt ??= now;
    lastAt = now;
    out.write(`${formatRecordingLine({ ms: now - firstAt, topic: message.topic, payload: message.bytes, qos: message.qos, retain: message.retained })}\n`);
    written++;
  });

  if (!command.stopped) {
    const granted = options.topics.map((filter) =>
      client.subscribe(filter, { qos: 2 }).then((ok) => {
        if (!ok && !command.stopped) print(`error: could not subscribe to '${filter}' (is this user allowed to read it?)`, 'error');
        return ok;
      }),
    );
    // Nothing to record at all: say so rather than wait forever.
    void Promise.all(granted).then((results) => {
      if (!results.some(Boolean)) void stop(1);
    });
  }

  return {
    client,
    firstConnection,
    get written() {
      return written;
    },
    get spanMs() {
      return firstAt === undefined || lastAt === undefined ? 0 : lastAt - firstAt;
    },
    done,
    stop: () => stop(0),
  };
}
