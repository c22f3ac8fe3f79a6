import type { MqttClient } from '../mqtt/client.js';

/** How a command's first connection went: up, or refused (why, in words). */
export type ConnectionOutcome = { ok: true } | { ok: false; reason: string };

/**
 * What the kit's command-line clients (the bot, record, replay) say about their connection,
 * said the same way by all: every status change as a line, `connected to … as '…'` once up,
 * and a refusal (bad URL, wrong password, a stolen client id) as one `error:` line, after
 * which the command should stop — `onFatal` gets the exit code: 2 for a URL or id that
 * cannot work at all, 1 for a broker that said no. Resolves once the first connection is up
 * or refused, so a caller can wait for it before starting its work.
 *
 * @example
 * const client = connect(url, 'recorder', { deliver: 'immediate' });
 * const first = reportConnection(client, (line) => console.log(line), (code) => void stop(code));
 */
export function reportConnection(
  client: MqttClient,
  print: (line: string, kind: 'status' | 'error') => void,
  onFatal: (code: number) => void,
): Promise<ConnectionOutcome> {
  // Status changes already print what matters; the client's own error events would say it twice.
  client.on('error', () => {});
  if (client.status === 'error') {
    print(`error: ${client.statusText}`, 'error');
    onFatal(2);
    return Promise.resolve({ ok: false, reason: client.statusText });
  }
  return new Promise((settle) => {
    client.on('status', ({ status, text }) => {
      if (status === 'error') {
        print(`error: ${text}`, 'error');
        settle({ ok: false, reason: text });
        onFatal(1);
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
