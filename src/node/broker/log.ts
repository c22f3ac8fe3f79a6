/** How much the broker says: `quiet` only errors, `normal` adds connections and refusals, `verbose` every message. */
export type LogLevel = 'quiet' | 'normal' | 'verbose';
/** The weight of one log line. */
export type LogSeverity = 'error' | 'info' | 'verbose';
/** Where log lines go. The default writes errors to stderr and the rest to stdout. */
export type BrokerLog = (line: string, level: LogSeverity) => void;

/** A log sink already filtered by level, so call sites never repeat the level test. */
export interface Logger {
  error(line: string): void;
  info(line: string): void;
  verbose(line: string): void;
  /** True when per-message lines will be kept; lets hot paths skip building them. */
  readonly verboseEnabled: boolean;
}

const RANK: Record<LogSeverity, number> = { error: 0, info: 1, verbose: 2 };
const THRESHOLD: Record<LogLevel, number> = { quiet: 0, normal: 1, verbose: 2 };

/**
 * A logger that drops lines above `level`.
 *
 * @example
 * const logger = createLogger((line) => lines.push(line), 'verbose');
 * logger.info("connect 'bot' as public from 127.0.0.1");
 */
export function createLogger(log: BrokerLog = defaultLog, level: LogLevel = 'normal'): Logger {
  const threshold = THRESHOLD[level];
  const emit = (severity: LogSeverity) => (line: string) => {
    if (RANK[severity] <= threshold) log(oneSafeLine(line), severity);
  };
  return { error: emit('error'), info: emit('info'), verbose: emit('verbose'), verboseEnabled: threshold >= RANK.verbose };
}

/**
 * Client ids, user names and topics come from whoever connects: a newline in one would
 * forge a second log line, an escape sequence would repaint the terminal. Shown escaped.
 */
function oneSafeLine(line: string): string {
  // eslint-disable-next-line no-control-regex
  return line.replace(/[\u0000-\u001F\u007F-\u009F\u2028\u2029]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

function defaultLog(line: string, level: LogSeverity): void {
  if (level === 'error') console.error(line);
  else console.log(line);
}

/**
 * A short, single-line view of a payload for log lines: text when it is printable UTF-8,
 * otherwise its size, so binary data never garbles a terminal.
 *
 * @example
 * previewPayload(Buffer.from('42'))           // '42'
 * previewPayload(Buffer.from([0xff, 0x00]))   // '<2 bytes>'
 */
export function previewPayload(payload: Buffer | Uint8Array | string | undefined, max = 60): string {
  if (payload === undefined || payload.length === 0) return '<empty>';
  const bytes = typeof payload === 'string' ? Buffer.from(payload) : Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength);
  const text = bytes.subarray(0, max * 4).toString('utf8');
  // U+FFFD means invalid UTF-8; control characters would break the one-line format.
  // eslint-disable-next-line no-control-regex
  if (text.includes('\uFFFD') || /[\u0000-\u0008\u000E-\u001F\u007F]/.test(text)) return `<${bytes.length} bytes>`;
  const oneLine = text.replace(/\s+/g, ' ');
  return oneLine.length > max ? `${oneLine.slice(0, max)}…` : oneLine;
}
