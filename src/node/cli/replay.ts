// `npm run replay -- show.jsonl --url mqtt://public:public@localhost:1883 --speed 2 --loop
//  --topic-prefix replay/`
import { explainFlagError, usageErrorText } from '../broker/flag-suggestions.js';
import { randomBytes } from 'node:crypto';
import { open } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { DEFAULT_TCP_PORT } from '../../mqtt/defaults.js';
import { topicProblem } from '../../mqtt/topics.js';
import { startReplay } from '../show/replayer.js';
import { kitBrokerUrl } from './kit-broker-url.js';
import { describeFileError, userPath } from './user-path.js';
import { onShutdown } from './shutdown.js';

const USAGE = `usage: npm run replay -- FILE [--url URL] [--speed 1] [--loop] [--topic-prefix replay/]
                         [--client-id ID]

Publishes a recording made by npm run record back to a broker, in order, with the
recorded spacing, the first message at once.

  --url URL              the broker (default: the kit's, where npm start or serve runs it, else
                         mqtt://public:public@localhost:${DEFAULT_TCP_PORT})
  --speed X              2 plays twice as fast, 0.5 at half speed (default 1)
  --loop                 start over after the last message, until Ctrl-C
  --topic-prefix P       put P before every topic, as given: replay/ makes hello replay/hello
  --client-id ID         default replay-<random>`;

const REPLAY_OPTIONS = {
  url: { type: 'string' },
  speed: { type: 'string', default: '1' },
  loop: { type: 'boolean' },
  'topic-prefix': { type: 'string', default: '' },
  'client-id': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

async function main(): Promise<void> {
  let values;
  let positionals;
  try {
    ({ values, positionals } = parseArgs({
      allowPositionals: true,
      options: REPLAY_OPTIONS,
    }));
  } catch (error) {
    return usageError(explainFlagError(error, REPLAY_OPTIONS));
  }
  if (values.help) return void console.log(USAGE);
  if (positionals.length !== 1) return usageError(positionals.length === 0 ? 'which recording? Give its file, e.g. npm run replay -- show.jsonl' : `one recording at a time, got ${positionals.join(', ')}`);
  const speed = Number(values.speed);
  if (!(Number.isFinite(speed) && speed > 0)) return usageError(`--speed must be a number above 0, got '${values.speed}'`);
  const prefix = values['topic-prefix'];
  const prefixProblem = prefix === '' ? undefined : topicProblem(`${prefix}x`);
  if (prefixProblem) return usageError(`--topic-prefix '${prefix}' would make topics no broker takes: ${prefixProblem}`);

  const name = positionals[0]!;
  const file = userPath(name);
  try {
    // Opened here only to say at once, before connecting, what is wrong with it.
    await (await open(file)).close();
  } catch (error) {
    console.error(`error: ${describeFileError(name, error)}`);
    return process.exit(2);
  }

  const url = values.url ?? (await kitBrokerUrl(console.log));
  const print = (line: string, kind: string) => (kind === 'error' || kind === 'damaged' ? console.error(line) : console.log(line));
  const replay = startReplay({
    url,
    clientId: values['client-id'] ?? `replay-${randomBytes(3).toString('hex')}`,
    file,
    fileName: name,
    speed,
    loop: Boolean(values.loop),
    topicPrefix: prefix,
    print,
  });
  onShutdown(() => replay.stop());
  void replay.done.then((code) => process.exit(code));
  if ((await replay.firstConnection).ok) {
    const how = [speed === 1 ? '' : ` at ${speed}× speed`, prefix ? ` with topics under '${prefix}'` : '', values.loop ? ', looping until Ctrl-C' : ''].join('');
    console.log(`Replaying ${name}${how}.`);
  }
}

function usageError(message: string): void {
  console.error(usageErrorText(`error: ${message}`, USAGE, 'npm run replay -- --help'));
  process.exit(2);
}

void main();
