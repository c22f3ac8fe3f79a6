import { readFile } from 'node:fs/promises';
import { kioskOptionsProblem, type KioskOptions } from '../../kit/kiosk/options.js';
import type { PieceConfig } from '../../kit/piece-config.js';
import { topicProblem } from '../../mqtt/topics.js';
import { parseBrokerUrl } from '../../mqtt/url.js';
import { parseJsonFile } from '../broker/json-syntax.js';
import { isPatternName, PATTERN_NAMES, type PatternName } from '../bot/patterns.js';

/** The piece config `npm run serve` looks for in the folder it runs in. */
export const PIECE_FILE = 'kit.config.json';

/**
 * A piece's settings for the place it is shown, so nobody edits code at the venue.
 *
 * @example
 * { "page": "sketches/my-piece/", "broker": "wss://piece:secret@mqtt.venue.example/mqtt",
 *   "kiosk": { "stallMs": 20000 }, "bot": { "topics": ["sensors/light"], "interval": 1000, "pattern": "daycycle" } }
 */
export interface PieceFile {
  /** The piece's page, relative to the site: `/` goes there instead of the gallery. */
  page?: string;
  /** Where `localhost` in sketches goes (the venue's broker); written into every page. */
  broker?: string;
  /** Every page runs as a kiosk (true, or its options). */
  kiosk?: boolean | KioskOptions;
  /** What `--bot` publishes, for rehearsing without the sensors. */
  bot?: { topics?: string[]; interval?: number; pattern?: PatternName };
}

/** A kit.config.json that cannot be used; the message names the file and the field. */
export class PieceFileError extends Error {
  override name = 'PieceFileError';
}

const FIELDS = ['page', 'broker', 'kiosk', 'bot'];

/**
 * Reads and checks a piece file; undefined when `required` is false and there is none.
 * A JSON mistake is reported at its line and column (`kit.config.json:3:5: …`), without
 * quoting the file, which may hold a password (see `parseJsonFile`).
 */
export async function loadPieceFile(path: string, required: boolean): Promise<PieceFile | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (!required && (error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new PieceFileError(`Could not read the piece config ${path}: ${(error as Error).message}`);
  }
  return parsePieceFile(parseJsonFile(text, path, (message) => new PieceFileError(message)), path);
}

/**
 * Checks already-parsed piece settings; `source` starts every error message. Fields starting
 * with `//` are comments (JSON has none of its own).
 */
export function parsePieceFile(data: unknown, source: string): PieceFile {
  const fail = (problem: string): never => {
    throw new PieceFileError(`${source}: ${problem}`);
  };
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return fail('must hold an object, e.g. { "kiosk": true }');
  const record = data as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!FIELDS.includes(key) && !key.startsWith('//')) fail(`unknown field '${key}' (known: ${FIELDS.join(', ')}; fields starting with // are comments)`);
  }
  const piece: PieceFile = {};
  const { page, broker, kiosk, bot } = record;
  if (page !== undefined) {
    if (typeof page !== 'string' || page.trim() === '' || /^[a-z]+:|^\/\/|\.\./i.test(page.trim())) fail(`"page" must be a path inside the site, such as "sketches/my-piece/", got ${JSON.stringify(page)}`);
    piece.page = (page as string).trim().replace(/^\/+/, '');
  }
  if (broker !== undefined) {
    if (typeof broker !== 'string') return fail(`"broker" must be a URL in quotes, got ${JSON.stringify(broker)}`);
    try {
      // As the pages will read it: a browser speaks only WebSocket.
      parseBrokerUrl(broker, { runtime: 'browser' });
    } catch (error) {
      fail(`"broker": ${(error as Error).message}`);
    }
    piece.broker = broker.trim();
  }
  if (kiosk !== undefined) {
    const problem = kioskOptionsProblem(kiosk);
    if (problem) fail(`"kiosk" ${problem}`);
    piece.kiosk = kiosk as boolean | KioskOptions;
  }
  if (bot !== undefined) piece.bot = parseBot(bot, fail);
  return piece;
}

function parseBot(bot: unknown, fail: (problem: string) => never): NonNullable<PieceFile['bot']> {
  if (typeof bot !== 'object' || bot === null || Array.isArray(bot)) return fail(`"bot" must be an object such as { "topics": ["temperatura"], "interval": 3000 }`);
  const { topics, interval, pattern, ...rest } = bot as Record<string, unknown>;
  const unknown = Object.keys(rest).find((key) => !key.startsWith('//'));
  if (unknown) fail(`"bot" has an unknown field '${unknown}' (known: topics, interval, pattern)`);
  const parsed: NonNullable<PieceFile['bot']> = {};
  if (topics !== undefined) {
    if (!Array.isArray(topics) || topics.length === 0) fail(`"bot.topics" must be a list of topics, e.g. ["temperatura", "umidade"]`);
    for (const topic of topics as unknown[]) {
      const problem = topicProblem(topic);
      if (problem) fail(`"bot.topics": ${problem}`);
    }
    parsed.topics = topics as string[];
  }
  if (interval !== undefined) {
    if (typeof interval !== 'number' || !Number.isFinite(interval) || interval < 10) fail(`"bot.interval" must be a number of milliseconds, 10 or more, got ${JSON.stringify(interval)}`);
    parsed.interval = interval as number;
  }
  if (pattern !== undefined) {
    if (typeof pattern !== 'string' || !isPatternName(pattern)) fail(`"bot.pattern" must be one of ${PATTERN_NAMES.join(', ')}, got ${JSON.stringify(pattern)}`);
    parsed.pattern = pattern as PatternName;
  }
  return parsed;
}

/** What of the piece file pages are told (see `pieceConfig()` in src/kit). */
export function pageSettings(piece: PieceFile | undefined): PieceConfig {
  return {
    ...(piece?.broker ? { broker: piece.broker } : {}),
    ...(piece?.kiosk !== undefined ? { kiosk: piece.kiosk } : {}),
  };
}
