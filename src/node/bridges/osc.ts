// OSC over UDP ⇄ MQTT, for Max/MSP, Pure Data, TouchDesigner, SuperCollider. The bridge owns
// its UDP socket and uses node-osc only to encode and decode, so a malformed packet is
// dropped with its sender known (one log line per sender per minute), never thrown.
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { decode, encode } from 'node-osc';
import { encodePayload } from '../../mqtt/payload.js';
import { filterProblem } from '../../mqtt/topics.js';
import { createLogger, type BrokerLog, type LogLevel } from '../broker/log.js';
import { LogThrottle } from '../broker/log-throttle.js';
import { firstConnection, openBrokerLink, type LinkOutcome } from './broker-link.js';
import { EchoFilter } from './echo-filter.js';
import { addressOfTopic, argumentsOfPayload, payloadOfArguments, topicOfAddress, type OscValue } from './osc-mapping.js';

export const DEFAULT_OSC_IN_PORT = 9000;

export interface OscBridgeOptions {
  /** The broker, with the user:password to log in as. */
  url: string;
  /** UDP port OSC arrives on; default 9000, 0 for any. Held to: senders are set up with it. */
  inPort?: number;
  /** Listen on every network, not only this computer. */
  lan?: boolean;
  /** Where messages on `topics` go out as OSC; nothing goes out without it. */
  out?: { host: string; port: number };
  /** Filters whose messages go out; default `#` when `out` is given. */
  topics?: string[];
  log?: BrokerLog;
  logLevel?: LogLevel;
}

export interface RunningOscBridge {
  inPort: number;
  host: string;
  /** How the first broker connection went, within 5 s (it keeps retrying after that). */
  ready: Promise<LinkOutcome>;
  close(): Promise<void>;
}

/** A command line or caller asked for something that cannot work; the message says what. */
export class OscBridgeError extends Error {
  override name = 'OscBridgeError';
  /**
   * @param reason what went wrong, without the advice (which flag to change depends on the
   *   command that started the bridge: `npm run bridge` or `npm start -- --bridge`)
   */
  constructor(message: string, readonly reason?: string) {
    super(message);
  }
}

interface DecodedMessage {
  oscType: 'message';
  address: string;
  args: { value: OscValue }[];
}
interface DecodedBundle {
  oscType: 'bundle';
  elements: (DecodedMessage | DecodedBundle)[];
}

/**
 * Starts the OSC bridge: `/a/b 0.5` arriving on `inPort` is published as `0.5` on `a/b`;
 * with `out`, messages on `topics` are sent there as OSC. Messages it published itself are
 * not sent back out (see EchoFilter).
 *
 * @example
 * const bridge = await startOscBridge({ url: 'mqtt://127.0.0.1:1883', inPort: 9000, out: { host: '127.0.0.1', port: 9001 }, topics: ['sensors/#'] });
 */
export async function startOscBridge(options: OscBridgeOptions): Promise<RunningOscBridge> {
  const logger = createLogger(options.log, options.logLevel);
  const host = options.lan ? '0.0.0.0' : '127.0.0.1';
  const wantedPort = options.inPort ?? DEFAULT_OSC_IN_PORT;
  const topics = options.out ? (options.topics ?? ['#']) : [];
  for (const filter of topics) {
    const problem = filterProblem(filter);
    if (problem) throw new OscBridgeError(`--topics: ${problem}`);
  }
  if (options.topics?.length && !options.out) throw new OscBridgeError('--topics needs --out HOST:PORT, where the messages go as OSC');
  if (options.out && options.out.port === wantedPort && wantedPort !== 0 && isLoopback(options.out.host)) {
    throw new OscBridgeError(`--out ${options.out.host}:${options.out.port} is the bridge's own --in port: every message would loop. Send to the port your OSC program listens on.`);
  }

  const socket = createSocket('udp4');
  const inPort = await bind(socket, wantedPort, host);
  const client = openBrokerLink(options.url, 'osc', logger);
  const echoes = new EchoFilter();
  const malformed = new LogThrottle(60_000);
  const sendErrors = new LogThrottle(60_000);

  const drop = (from: RemoteInfo, reason: string) => {
    const source = `${from.address}:${from.port}`;
    const pass = malformed.take(source);
    if (pass) logger.info(`osc: dropped a packet from ${source}: ${reason}${pass.suppressed ? ` (${pass.suppressed} more dropped from it in the last minute)` : ''}`);
  };
  const publish = (message: DecodedMessage, from: RemoteInfo) => {
    const target = topicOfAddress(message.address);
    if ('error' in target) return drop(from, target.error);
    const payload = encodePayload(payloadOfArguments(message.args.map((arg) => arg.value)));
    if (options.out) echoes.published(target.topic, payload);
    logger.verbose(`osc: ${message.address} → ${target.topic}`);
    void client.publish(target.topic, payload);
  };
  const handle = (packet: DecodedMessage | DecodedBundle, from: RemoteInfo) => {
    if (packet.oscType === 'bundle') for (const element of packet.elements) handle(element, from);
    else publish(packet, from);
  };
  socket.on('message', (data, from) => {
    let packet: DecodedMessage | DecodedBundle;
    try {
      packet = decode(data) as DecodedMessage | DecodedBundle;
    } catch (error) {
      return drop(from, `not OSC (${(error as Error).message})`);
    }
    handle(packet, from);
  });
  // A UDP socket reports, say, an unreachable --out host here; it stays usable.
  socket.on('error', (error) => logger.error(`osc: ${error.message}`));

  if (options.out) {
    const { host: outHost, port: outPort } = options.out;
    for (const filter of topics) {
      void client.subscribe(filter, (message) => {
        if (echoes.isEcho(message.topic, message.bytes)) return;
        const packet = encode({ oscType: 'message', address: addressOfTopic(message.topic), args: argumentsOfPayload(message.bytes) });
        socket.send(packet, outPort, outHost, (error) => {
          const pass = error ? sendErrors.take(error.message) : undefined;
          if (error && pass) logger.error(`osc: could not send '${message.topic}' to ${outHost}:${outPort}: ${error.message}`);
        });
      });
    }
  }

  const ready = firstConnection(client, 5000);
  logger.info(`osc: listening on udp://${host}:${inPort}${options.out ? `; ${topics.join(', ')} go out to ${options.out.host}:${options.out.port}` : ''}`);
  return {
    inPort,
    host,
    ready,
    async close() {
      await new Promise<void>((resolve) => socket.close(() => resolve()));
      await client.disconnect();
    },
  };
}

function bind(socket: Socket, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    socket.once('error', (error: NodeJS.ErrnoException) => {
      socket.close();
      const why = error.code === 'EADDRINUSE' ? `is in use by another program (\`ss -lunp 'sport = :${port}'\` names it)` : `could not be opened: ${error.message}`;
      const reason = `The OSC port ${port} (UDP) on ${host} ${why}.`;
      reject(new OscBridgeError(`${reason} Stop that program or choose another port with --in.`, reason));
    });
    socket.bind(port, host, () => {
      socket.removeAllListeners('error');
      resolve(socket.address().port);
    });
  });
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host.startsWith('127.') || host === '::1';
}
