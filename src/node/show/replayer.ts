import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { MqttClient } from '../../mqtt/client.js';
import { connectCommand, type ConnectionOutcome } from '../command-client.js';
import { parseRecordingLine, type RecordedMessage } from './recording.js';
import { playTimeline, type PassSummary } from './timeline.js';

export interface ReplayOptions {
  url: string;
  clientId?: string;
  /** The recording (JSON Lines, see `formatRecordingLine`). */
  file: string;
  /** How the file is named in messages (default: `file`). */
  fileName?: string;
  /** 2 plays twice as fast (default 1). */
  speed?: number;
  /** Start over after the last message, until stopped. */
  loop?: boolean;
  /** Put before every topic, as given: `replay/` makes `hello` `replay/hello`. */
  topicPrefix?: string;
  print: (line: string, kind: 'status' | 'error' | 'damaged' | 'pass') => void;
}

export interface RunningReplay {
  client: MqttClient;
  firstConnection: Promise<ConnectionOutcome>;
  /**
   * Resolves with the exit code once done: 0 when the recording was played (or stop() was
   * called), 1 when the broker refused us, the file could not be read or held no messages.
   */
  done: Promise<number>;
  stop(): Promise<void>;
}

/** Damaged lines are each reported up to this many; the rest are counted. */
const DAMAGED_LINES_SHOWN = 10;
/** How long a stop waits for the broker to acknowledge QoS 1/2 messages already sent. */
const ACK_WAIT_MS = 5000;

/**
 * Publishes a recording back to a broker with its recorded spacing (scaled by `speed`), in
 * order, with the QoS and retain flag each message was recorded with, once the first
 * connection is up. A damaged line is reported with its line number and skipped; the file is
 * read as it plays, once per pass.
 *
 * @example
 * const replay = startReplay({ url, file: 'show.jsonl', speed: 2, loop: true, print: console.log });
 * onShutdown(() => replay.stop());
 */
export function startReplay(options: ReplayOptions): RunningReplay {
  const { file, print } = options;
  const name = options.fileName ?? file;
  const prefix = options.topicPrefix ?? '';
  const abort = new AbortController();
  const inFlight = new Set<Promise<boolean>>();
  const command = connectCommand({
    url: options.url,
    clientId: options.clientId,
    print,
    onStop: async () => {
      abort.abort();
      // QoS 1/2 messages already handed over still get their acknowledgement, unless the
      // broker is gone.
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([Promise.all(inFlight), new Promise((resolve) => (timer = setTimeout(resolve, ACK_WAIT_MS)))]);
      clearTimeout(timer);
    },
  });
  const { client, firstConnection, done, stop } = command;

  let damaged = 0;
  async function* messages(pass: number): AsyncGenerator<RecordedMessage> {
    const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
    let number = 0;
    for await (const line of lines) {
      number++;
      // A byte-order mark, as some Windows editors save a file.
      const text = number === 1 ? line.replace(/^\uFEFF/, '') : line;
      if (text.trim() === '') continue;
      const parsed = parseRecordingLine(text);
      if (!('problem' in parsed)) {
        yield parsed;
        continue;
      }
      // Said on the first pass only: a loop would repeat the same lines every time.
      if (pass > 1) continue;
      if (++damaged <= DAMAGED_LINES_SHOWN) print(`${name}:${number}: ${parsed.problem} — skipped`, 'damaged');
    }
    if (pass === 1 && damaged > DAMAGED_LINES_SHOWN) print(`${name}: ${damaged - DAMAGED_LINES_SHOWN} more damaged lines skipped`, 'damaged');
  }

  let notSent = 0;
  const publish = (message: RecordedMessage) => {
    const attempt = client.publish(prefix + message.topic, message.payload, { qos: message.qos, retain: message.retain });
    inFlight.add(attempt);
    void attempt.then((ok) => {
      inFlight.delete(attempt);
      if (!ok) notSent++;
    });
  };
  const onPass = ({ pass, items, ms }: PassSummary) => {
    if (items === 0) return;
    const where = options.loop ? `pass ${pass}: ` : '';
    // QoS 0 while disconnected: dropped at once, as a live sensor's reading would be.
    const unsent = notSent > 0 ? ` (${notSent} not sent: not connected at the time, or a topic too long)` : '';
    print(`${where}published ${items} message${items === 1 ? '' : 's'} in ${(ms / 1000).toFixed(1)} s${unsent}`, 'pass');
    notSent = 0;
  };

  void firstConnection.then(async (outcome) => {
    if (!outcome.ok || command.stopped) return;
    let pass = 0;
    let played = 0;
    try {
      await playTimeline(
        () => messages(++pass),
        { speed: options.speed ?? 1, loop: Boolean(options.loop), signal: abort.signal },
        (message) => {
          played++;
          publish(message);
        },
        onPass,
      );
    } catch (error) {
      print(`error: could not read ${name}: ${(error as Error).message}`, 'error');
      return stop(1);
    }
    if (played === 0 && !command.stopped) print(`error: ${name} holds no messages to replay`, 'error');
    await stop(played === 0 ? 1 : 0);
  });

  return { client, firstConnection, done, stop: () => stop(0) };
}
