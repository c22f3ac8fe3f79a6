import { connect } from '../mqtt/connect.js';
import type { MqttClient } from '../mqtt/client.js';

/** How a command's first connection went: up, or refused (why, in words). */
export type ConnectionOutcome = { ok: true } | { ok: false; reason: string };

export interface CommandClientOptions {
  url: string;
  clientId?: string | undefined;
  print: (line: string, kind: 'status' | 'error') => void;
  /** The command's own clean-up, run once by the first stop, before disconnecting. */
  onStop?: () => void | Promise<void>;
}

export interface CommandClient {
  client: MqttClient;
  /** Settles once the first connection is up or refused, so a command can wait for it. */
  firstConnection: Promise<ConnectionOutcome>;
  /** Resolves with the exit code once stopped: the one given to stop(). */
  done: Promise<number>;
  /** True from the first stop() on; true at once for a URL or client id that cannot work. */
  readonly stopped: boolean;
  /** The first call runs `onStop`, disconnects and settles `done` with `code`; later calls do nothing. */
  stop(code?: number): Promise<void>;
}

/**
 * The MQTT client of a kit command (the bot, record, replay), which all speak of their
 * connection the same way: every status change as a line, `connected to … as '…'` once up,
 * and a refusal as one `error:` line, after which the command stops by itself — exit code 2
 * for a URL or id that cannot work at all (already stopped when this returns), 1 for a
 * broker that said no.
 *
 * @example
 * const command = connectCommand({ url, clientId: 'recorder', print, onStop: () => file.close() });
 * if ((await command.firstConnection).ok) command.client.subscribe('sensors/#');
 */
export function connectCommand(options: CommandClientOptions): CommandClient {
  const { print } = options;
  const client = connect(options.url, options.clientId, { deliver: 'immediate' });
  let stopped = false;
  let finish: (code: number) => void = () => {};
  const done = new Promise<number>((resolve) => (finish = resolve));
  async function stop(code = 0): Promise<void> {
    if (stopped) return;
    stopped = true;
    await options.onStop?.();
    await client.disconnect();
    finish(code);
  }
  // Status changes already print what matters; the client's own error events would say it twice.
  client.on('error', () => {});
  let firstConnection: Promise<ConnectionOutcome>;
  if (client.status === 'error') {
    print(`error: ${client.statusText}`, 'error');
    firstConnection = Promise.resolve({ ok: false, reason: client.statusText });
    void stop(2);
  } else {
    firstConnection = new Promise((settle) => {
      client.on('status', ({ status, text }) => {
        if (status === 'error') {
          print(`error: ${text}`, 'error');
          settle({ ok: false, reason: text });
          void stop(1);
        } else if (status !== 'connected') {
          print(text, 'status');
        }
      });
      client.on('connected', () => {
        print(`connected to ${client.target} as '${client.clientId}'`, 'status');
        settle({ ok: true });
      });
    });
  }
  return {
    client,
    firstConnection,
    done,
    get stopped() {
      return stopped;
    },
    stop,
  };
}
