// `npm run bot -- --url mqtt://public:public@localhost:1883 --client-id bot --interval 3000
//  --topics temperatura,umidade,luminosidade --pattern daycycle --retain`
import { explainFlagError, usageErrorText } from '../broker/flag-suggestions.js';
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { DEFAULT_TCP_PORT } from '../../mqtt/defaults.js';
import { startSensorBot } from '../bot/sensor-bot.js';
import { PATTERN_NAMES, isPatternName } from '../bot/patterns.js';
import { kitBrokerUrl } from './kit-broker-url.js';
import { onShutdown } from './shutdown.js';

const USAGE = `usage: npm run bot -- [--url URL] [--client-id ID] [--interval 3000]
                      [--topics temperatura,umidade,luminosidade]
                      [--pattern random|sine|walk|daycycle] [--retain] [--quiet]

  --url URL        the broker (default: the kit's, where npm start or serve runs it, else
                   mqtt://public:public@localhost:${DEFAULT_TCP_PORT})
  --client-id ID   default bot-<random>, so two bots never take each other's place
                   (the tutorial's: --client-id bot)
  --pattern P      how readings move, all integers 0–100: random (the tutorial's,
                   default), sine (a smooth 1-minute wave), walk (each at most ±5 from
                   the last), daycycle (a 4-minute day: light by day, temperature
                   after it, humidity the other way)
  --retain         the broker keeps each topic's last reading, so a page opened later
                   shows values at once
  --quiet          print only errors`;

const BOT_OPTIONS = {
  url: { type: 'string' },
  'client-id': { type: 'string' },
  interval: { type: 'string', default: '3000' },
  topics: { type: 'string', default: 'temperatura,umidade,luminosidade' },
  pattern: { type: 'string', default: 'random' },
  retain: { type: 'boolean' },
  quiet: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({ options: BOT_OPTIONS }));
  } catch (error) {
    console.error(usageErrorText(`error: ${explainFlagError(error, BOT_OPTIONS)}`, USAGE, 'npm run bot -- --help'));
    process.exit(2);
  }
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const interval = Number(values.interval);
  const topics = values.topics.split(',').map((t) => t.trim()).filter(Boolean);
  if (!Number.isFinite(interval) || interval < 10) {
    console.error(`error: --interval must be a number of milliseconds ≥ 10, got '${values.interval}'\n${USAGE}`);
    process.exit(2);
  }
  if (topics.length === 0) {
    console.error(`error: --topics needs at least one topic\n${USAGE}`);
    process.exit(2);
  }
  const pattern = values.pattern;
  if (!isPatternName(pattern)) {
    console.error(`error: --pattern must be one of ${PATTERN_NAMES.join(', ')}, got '${pattern}'\n${USAGE}`);
    process.exit(2);
  }
  const url = values.url ?? (await kitBrokerUrl(console.log));
  const clientId = values['client-id'] ?? `bot-${randomBytes(3).toString('hex')}`;
  const print = (line: string, kind: string) => {
    if (kind === 'error') console.error(line);
    else if (!values.quiet) console.log(line);
  };
  const bot = startSensorBot({ url, clientId, interval, topics, print, pattern, retain: Boolean(values.retain) });
  onShutdown(() => bot.stop());
  void bot.done.then((code) => process.exit(code));
}

void main();
