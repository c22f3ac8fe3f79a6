import { parseArgs } from 'node:util';

/** What `npm run soak` is asked to do. */
export interface SoakOptions {
  /** How long the load runs; fractions allowed (0.5 = 30 s). */
  minutes: number;
  /** Messages per second the outside publisher sends on `hello`. */
  rate: number;
  /** The sensor bot's interval, ms. */
  botInterval: number;
  /** A key press in the first hello page every this many ms. */
  keyEvery: number;
  /** The installation run of issue 14 instead of the dev-server one. */
  installation: boolean;
  /** Installation run: a table row every this many minutes. */
  reportEvery: number;
  /** Installation run: rows appended here (JSON Lines) as they come. */
  out: string | undefined;
  /** Chromium to drive; `CHROMIUM_PATH` or Debian's. */
  chromiumPath: string;
  help: boolean;
}

export const SOAK_USAGE = `Usage: npm run soak -- [options]

Runs the whole kit under a steady load and watches it: the embedded broker, the sensor bot,
the sketch pages (Vite) in headless Chromium (hello twice, sensors), an outside publisher
and key presses. Prints a line every minute and a summary at the end; exits 1 if anything
logged an error.

  --minutes N        how long (default 1; fractions allowed)
  --rate N           messages per second published on 'hello' (default 200)
  --bot-interval MS  how often the sensor bot publishes (default 200)
  --key-every MS     a key press in the first hello page this often (default 2000)

  --installation     the installation instead: npm run serve -- --bot (built site, in a
                     process of its own), hello and sensors as kiosk pages, npm run replay
                     -- --loop of a rehearsal at --rate msg/s; memory, DOM nodes,
                     reconnects and watchdog reloads every --report-every minutes
  --report-every N   minutes between rows of the installation run (default 10)
  --out FILE         append each row there as a JSON line (installation run)
  -h, --help         show this help

Chromium: CHROMIUM_PATH, or /usr/bin/chromium.`;

/** A command line that cannot be used; printed with the usage, exit 2. */
export class SoakFlagError extends Error {
  override name = 'SoakFlagError';
}

/**
 * Parses `npm run soak` flags.
 *
 * @example
 * parseSoakFlags(['--minutes', '30']) // { minutes: 30, rate: 200, … }
 */
export function parseSoakFlags(argv: string[], env: Record<string, string | undefined> = process.env): SoakOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        minutes: { type: 'string' },
        rate: { type: 'string' },
        'bot-interval': { type: 'string' },
        'key-every': { type: 'string' },
        installation: { type: 'boolean' },
        'report-every': { type: 'string' },
        out: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new SoakFlagError((error as Error).message.replace(/\s*To specify a positional argument.*$/s, ''));
  }
  return {
    minutes: number(values.minutes, '--minutes', 1, 0.05, 24 * 60),
    rate: number(values.rate, '--rate', 200, 0, 20_000),
    botInterval: number(values['bot-interval'], '--bot-interval', 200, 10, 3_600_000),
    keyEvery: number(values['key-every'], '--key-every', 2000, 50, 3_600_000),
    installation: values.installation ?? false,
    reportEvery: number(values['report-every'], '--report-every', 10, 1, 24 * 60),
    out: values.out,
    chromiumPath: env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    help: values.help ?? false,
  };
}

function number(text: string | undefined, flag: string, fallback: number, min: number, max: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value < min || value > max) {
    throw new SoakFlagError(`${flag} expects a number from ${min} to ${max}, got '${text}'`);
  }
  return value;
}
