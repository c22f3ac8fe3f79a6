// `npm run record -- --url mqtt://public:public@localhost:1883 --topics 'sensors/#,hello'
//  --out show.jsonl --minutes 10`
import { explainFlagError, usageErrorText } from '../broker/flag-suggestions.js';
import { randomBytes } from 'node:crypto';
import { open, rm } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { DEFAULT_TCP_PORT } from '../../mqtt/defaults.js';
import { filterProblem } from '../../mqtt/topics.js';
import { startRecorder } from '../show/recorder.js';
import { kitBrokerUrl } from './kit-broker-url.js';
import { describeFileError, userPath } from './user-path.js';
import { onShutdown } from './shutdown.js';

const USAGE = `usage: npm run record -- [--url URL] [--topics 'sensors/#,hello'] [--out show.jsonl]
                         [--minutes N] [--force] [--client-id ID]

Records what the broker delivers, with its timing, one JSON line per message, until
Ctrl-C or --minutes; npm run replay plays it back.

  --url URL        the broker (default: the kit's, where npm start or serve runs it, else
                   mqtt://public:public@localhost:${DEFAULT_TCP_PORT})
  --topics LIST    topic filters, comma-separated, wildcards allowed (default: #, everything)
  --out FILE       where to write (default: show.jsonl); an existing file is kept
                   unless --force
  --minutes N      stop after N minutes (default: until Ctrl-C)
  --client-id ID   default record-<random>`;

const RECORD_OPTIONS = {
  url: { type: 'string' },
  topics: { type: 'string', default: '#' },
  out: { type: 'string', default: 'show.jsonl' },
  minutes: { type: 'string' },
  force: { type: 'boolean' },
  'client-id': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: RECORD_OPTIONS,
    }));
  } catch (error) {
    return usageError(explainFlagError(error, RECORD_OPTIONS));
  }
  if (values.help) return void console.log(USAGE);
  const topics = values.topics.split(',').map((t) => t.trim()).filter(Boolean);
  if (topics.length === 0) return usageError('--topics needs at least one topic filter');
  for (const filter of topics) {
    const problem = filterProblem(filter);
    if (problem) return usageError(`--topics: ${problem}`);
  }
  const minutes = values.minutes === undefined ? undefined : Number(values.minutes);
  if (minutes !== undefined && !(Number.isFinite(minutes) && minutes > 0)) return usageError(`--minutes must be a number above 0, got '${values.minutes}'`);

  const path = userPath(values.out);
  let file;
  try {
    // 'wx' refuses an existing file: an hour's recording is not lost to a repeated command.
    file = await open(path, values.force ? 'w' : 'wx');
  } catch (error) {
    const exists = (error as NodeJS.ErrnoException).code === 'EEXIST';
    console.error(`error: ${exists ? `${values.out} already exists; give --force to write over it, or another --out` : describeFileError(values.out, error)}`);
    return process.exit(2);
  }

  const url = values.url ?? (await kitBrokerUrl(console.log));
  const print = (line: string, kind: string) => (kind === 'error' ? console.error(line) : console.log(line));
  const startedAt = Date.now();
  const recorder = startRecorder({
    url,
    clientId: values['client-id'] ?? `record-${randomBytes(3).toString('hex')}`,
    topics,
    out: file.createWriteStream(),
    print,
  });
  onShutdown(() => recorder.stop());
  void recorder.done.then(async (code) => {
    // Refused before anything arrived: leave no empty file behind.
    if (code !== 0 && recorder.written === 0) {
      await rm(path, { force: true });
      return process.exit(code);
    }
    const count = `${recorder.written} message${recorder.written === 1 ? '' : 's'}`;
    console.log(`Wrote ${count} to ${values.out} (recorded for ${describeDuration(Date.now() - startedAt)}).`);
    process.exit(code);
  });
  if ((await recorder.firstConnection).ok) {
    const until = minutes === undefined ? 'press Ctrl-C to stop' : `stopping after ${minutes} min (or Ctrl-C)`;
    console.log(`Recording ${topics.join(', ')} into ${values.out}; ${until}.`);
    if (minutes !== undefined) setTimeout(() => void recorder.stop(), minutes * 60_000);
  }
}

function describeDuration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  return seconds < 60 ? `${seconds} s` : `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}

function usageError(message: string): void {
  console.error(usageErrorText(`error: ${message}`, USAGE, 'npm run record -- --help'));
  process.exit(2);
}

void main();
