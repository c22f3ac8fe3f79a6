// Serial lines → MQTT: an Arduino prints `temperatura:23.5`, the bridge publishes 23.5 on
// temperatura. The line protocol is shared with the /serial/ page (src/kit/line-protocol.ts).
import { createLogger, type BrokerLog, type LogLevel } from '../broker/log.js';
import { LogThrottle } from '../broker/log-throttle.js';
import { firstConnection, openBrokerLink, type LinkOutcome } from './broker-link.js';
import { LineReader } from '../../kit/line-protocol.js';

/** What the bridge needs of a serial port (serialport's SerialPort, or SerialPortMock in tests). */
export interface SerialPortHandle {
  readonly isOpen: boolean;
  open(callback: (error: Error | null) => void): void;
  close(callback?: (error: Error | null) => void): void;
  on(event: 'data', listener: (chunk: Buffer) => void): this;
  on(event: 'close', listener: (error?: Error | null) => void): this;
  on(event: 'error', listener: (error: Error) => void): this;
}

/** A port as `SerialPort.list()` describes it. */
export interface SerialPortInfo {
  path: string;
  manufacturer?: string | undefined;
}

/** serialport's `SerialPort` class, or one shaped like it. */
export interface SerialPortClass {
  new (options: { path: string; baudRate: number; autoOpen: false }): SerialPortHandle;
  list(): Promise<SerialPortInfo[]>;
}

export interface SerialBridgeOptions {
  /** The broker, with the user:password to log in as. */
  url: string;
  /** e.g. /dev/ttyACM0 (Linux), /dev/cu.usbmodem1101 (macOS), COM3 (Windows). */
  path: string;
  /** The board's `Serial.begin(…)`; default 9600. */
  baudRate?: number;
  /** Default: serialport's SerialPort, loaded only now (it has a native part). */
  SerialPort?: SerialPortClass;
  /** How often to look for a port that went away (a board unplugged or reset). Default 2 s. */
  reopenMs?: number;
  log?: BrokerLog;
  logLevel?: LogLevel;
}

export interface RunningSerialBridge {
  path: string;
  /** How the first broker connection went, within 5 s (it keeps retrying after that). */
  ready: Promise<LinkOutcome>;
  /** Lines published so far. */
  readonly published: number;
  close(): Promise<void>;
}

/** Something the user has to fix (no such port, no permission, serialport not loadable); said in words. */
export class SerialBridgeError extends Error {
  override name = 'SerialBridgeError';
}

/**
 * serialport's SerialPort, imported on first use: its native part is the one piece of the
 * kit that may not load on a given machine, and only the serial bridge needs it.
 */
export async function loadSerialPort(): Promise<SerialPortClass> {
  try {
    return (await import('serialport')).SerialPort as unknown as SerialPortClass;
  } catch (error) {
    throw new SerialBridgeError(
      `The serial bridge needs the serialport package's native part, which did not load here: ${(error as Error).message}. ` +
        'Try: npm rebuild serialport (it needs a C++ compiler where no prebuilt binary fits) — or use the /serial/ page in Chrome or Edge.',
    );
  }
}

/** The ports this machine has, one per line, for errors and `--list`. */
export async function describePorts(SerialPort: SerialPortClass): Promise<string> {
  const ports = await SerialPort.list().catch(() => []);
  if (ports.length === 0) return 'none (is the board plugged in, with a data cable?)';
  return ports.map((p) => `${p.path}${p.manufacturer ? ` (${p.manufacturer})` : ''}`).join(', ');
}

/**
 * Opens the serial port and publishes each line it reads. A port that cannot be opened is
 * an error naming the ports there are; a port that goes away later (board unplugged or
 * reset) is reopened when it is back. Bad lines are dropped with at most one log line
 * every 5 s.
 *
 * @example
 * const bridge = await startSerialBridge({ url: 'mqtt://127.0.0.1:1883', path: '/dev/ttyACM0', baudRate: 9600 });
 */
export async function startSerialBridge(options: SerialBridgeOptions): Promise<RunningSerialBridge> {
  const logger = createLogger(options.log, options.logLevel);
  const SerialPort = options.SerialPort ?? (await loadSerialPort());
  const baudRate = options.baudRate ?? 9600;
  const { path } = options;
  let port = await open(SerialPort, path, baudRate);
  const client = openBrokerLink(options.url, 'serial', logger);
  const badLines = new LogThrottle(5000);
  let published = 0;
  let stopping = false;
  let retry: ReturnType<typeof setTimeout> | undefined;

  const attach = (opened: SerialPortHandle) => {
    // A fresh reader: half a line from before a reset is not glued to the next one.
    const reader = new LineReader();
    opened.on('data', (chunk) => {
      for (const line of reader.push(chunk)) {
        if (line.kind === 'message') {
          published++;
          logger.verbose(`serial: ${line.topic} ${line.payload}`);
          void client.publish(line.topic, line.payload);
        } else if (line.kind === 'error') {
          const pass = badLines.take('line');
          if (pass) logger.info(`serial: skipped a line from ${path}: ${line.reason}: '${line.line}'${pass.suppressed ? ` (${pass.suppressed} more skipped in the last 5 s)` : ''}`);
        }
      }
    });
    opened.on('error', (error) => logger.error(`serial: ${path}: ${error.message}`));
    opened.on('close', () => {
      if (stopping) return;
      logger.info(`serial: ${path} went away (board unplugged or reset?); reopening it when it is back`);
      scheduleReopen();
    });
  };
  const scheduleReopen = () => {
    retry = setTimeout(() => {
      open(SerialPort, path, baudRate).then(
        (reopened) => {
          if (stopping) return void reopened.close();
          port = reopened;
          logger.info(`serial: ${path} is back`);
          attach(reopened);
        },
        () => !stopping && scheduleReopen(),
      );
    }, options.reopenMs ?? 2000);
  };
  attach(port);
  logger.info(`serial: reading ${path} at ${baudRate} baud`);

  return {
    path,
    ready: firstConnection(client, 5000),
    get published() {
      return published;
    },
    async close() {
      stopping = true;
      clearTimeout(retry);
      if (port.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
      await client.disconnect();
    },
  };
}

async function open(SerialPort: SerialPortClass, path: string, baudRate: number): Promise<SerialPortHandle> {
  const port = new SerialPort({ path, baudRate, autoOpen: false });
  const error = await new Promise<Error | null>((resolve) => port.open(resolve));
  if (!error) return port;
  const ports = await SerialPort.list().catch(() => []);
  if (!ports.some((p) => p.path === path)) {
    throw new SerialBridgeError(`There is no serial port ${path}. Ports seen: ${await describePorts(SerialPort)}.`);
  }
  throw new SerialBridgeError(
    `Could not open ${path}: ${error.message}. Is another program using it (the Arduino IDE's Serial Monitor)? ` +
      'On Linux, may you use serial ports? (sudo usermod -aG dialout $USER, then log in again)',
  );
}

