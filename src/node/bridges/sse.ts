import type { IncomingMessage, ServerResponse } from 'node:http';
import { connect } from '../../mqtt/connect.js';
import type { MqttMessage } from '../../mqtt/payload.js';
import { filterProblem } from '../../mqtt/topics.js';
import type { QoS } from '../../mqtt/types.js';
import type { Logger } from '../broker/log.js';
import { bridgeClientId, firstConnection, withCredentials, type Credentials } from './broker-link.js';
import { refuse, reply } from './http-reply.js';

export interface SseOptions {
  url: string;
  bufferBytes: number;
  maxStreams: number;
  heartbeatMs: number;
  timeoutMs: number;
  logger: Logger;
}

// Which pages may read the stream is set by the origin policy before this runs.
const SSE_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache',
  connection: 'keep-alive',
  // nginx and similar proxies would otherwise hold events back.
  'x-accel-buffering': 'no',
} as const;

/**
 * `GET /subscribe?topic=<filter>`: each event stream gets a broker connection of its own,
 * logged in as the request's user. So a stream sees exactly what an MQTT subscriber with
 * that profile sees — retained messages on arrival, a refusal as 403 — and leaving closes
 * it. A reader that stops reading is cut off once `bufferBytes` wait for it, with a log
 * line, so one stalled tab cannot grow the bridge's memory without bound.
 */
export class SseStreams {
  #open = 0;
  readonly #closers = new Set<() => void>();
  readonly #leaving = new Set<Promise<void>>();

  constructor(private readonly options: SseOptions) {}

  get size(): number {
    return this.#open;
  }

  async open(request: IncomingMessage, response: ServerResponse, filter: string | null, login: Credentials | undefined): Promise<void> {
    const { logger, bufferBytes } = this.options;
    if (!filter) return reply(response, 400, { error: 'say which topics: /subscribe?topic=<filter>, e.g. ?topic=sensors/%23 (# is written %23)' });
    const problem = filterProblem(filter);
    if (problem) return reply(response, 400, { error: problem.replace(/ Example: .*$/, ' Example: /subscribe?topic=sensors/%2B/temp') });
    const qosText = new URL(request.url ?? '/', 'http://bridge').searchParams.get('qos') ?? '0';
    if (!['0', '1', '2'].includes(qosText)) return reply(response, 400, { error: `qos must be 0, 1 or 2, got '${qosText}'` });
    if (this.#open >= this.options.maxStreams) {
      return reply(response, 503, { error: `${this.options.maxStreams} event streams are open already; close one, or start the bridge with a higher --max-streams` }, { 'retry-after': '5' });
    }

    this.#open++;
    const peer = `${request.socket.remoteAddress ?? '?'}:${request.socket.remotePort ?? '?'}`;
    const client = connect(withCredentials(this.options.url, login), bridgeClientId('sse'), { deliver: 'immediate' });
    client.on('error', () => {});
    let heartbeat: ReturnType<typeof setInterval> | undefined;
    let ended = false;
    const end = () => {
      if (ended) return;
      ended = true;
      this.#open--;
      this.#closers.delete(closeFromServer);
      clearInterval(heartbeat);
      const leaving = client.disconnect();
      this.#leaving.add(leaving);
      void leaving.finally(() => this.#leaving.delete(leaving));
    };
    const closeFromServer = () => {
      response.end();
      end();
    };
    this.#closers.add(closeFromServer);
    // The reader leaving, at any point: before the broker answered too.
    response.once('close', end);

    // Events that arrive before the headers are sent wait here (retained messages come at once).
    let waiting: string[] | undefined = [];
    let waitingBytes = 0;
    const send = (frame: string) => {
      if (ended) return;
      if (waiting) {
        waiting.push(frame);
        waitingBytes += frame.length;
      } else {
        response.write(frame);
      }
      if (response.writableLength + waitingBytes > bufferBytes) {
        logger.info(`http: closed the event stream of ${peer} on '${filter}': more than ${bufferBytes} bytes waited unread (a reader that stopped reading?)`);
        response.destroy();
        end();
      }
    };
    const outcome = await firstConnection(client, this.options.timeoutMs);
    if (ended) return;
    if (!outcome.ok) {
      refuse(response, outcome);
      return end();
    }
    const granted = await client.subscribe(filter, (message) => send(eventOf(message)), { qos: Number(qosText) as QoS });
    if (ended) return;
    if (!granted) {
      const who = login ? `'${login.username}'` : 'the bridge’s own login';
      if (client.connected) reply(response, 403, { error: `${who} may not subscribe to '${filter}' (the broker refused it)` });
      else refuse(response, { refused: client.status === 'error', reason: client.statusText });
      return end();
    }
    response.writeHead(200, SSE_HEADERS);
    // retry: how long a browser's EventSource waits before reconnecting by itself.
    response.write(`retry: 2000\n: subscribed to ${filter.replace(/[\r\n]/g, ' ')}\n\n`);
    const early = waiting;
    waiting = undefined;
    waitingBytes = 0;
    for (const frame of early) send(frame);
    heartbeat = setInterval(() => send(': keep-alive\n\n'), this.options.heartbeatMs);
    heartbeat.unref();
    logger.verbose(`http: event stream for ${peer} on '${filter}'`);
  }

  /** Ends every stream (the bridge is stopping). */
  closeAll(): void {
    for (const close of [...this.#closers]) close();
  }

  /** Resolves once every stream's broker connection has said goodbye. */
  async drained(): Promise<void> {
    await Promise.all([...this.#leaving]);
  }
}

/** One Server-Sent Event; JSON escapes newlines, so `data:` stays one line. */
function eventOf(message: MqttMessage): string {
  return `event: message\ndata: ${JSON.stringify({ topic: message.topic, payload: message.text, qos: message.qos, retained: message.retained })}\n\n`;
}
