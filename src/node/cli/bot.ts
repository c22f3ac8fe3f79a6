// `npm run bot -- --url mqtt://public:public@localhost:1883 --client-id bot --interval 3000
//  --topics temperatura,umidade,luminosidade`
import { parseArgs } from 'node:util';
import { startSensorBot } from '../bot/sensor-bot.js';
import { onShutdown } from './shutdown.js';

const USAGE = `usage: npm run bot -- [--url mqtt://public:public@localhost:1883] [--client-id bot]
                      [--interval 3000] [--topics temperatura,umidade,luminosidade]`;

function main(): void {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        url: { type: 'string', default: 'mqtt://public:public@localhost:1883' },
        'client-id': { type: 'string', default: 'bot' },
        interval: { type: 'string', default: '3000' },
        topics: { type: 'string', default: 'temperatura,umidade,luminosidade' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    console.error(`error: ${(error as Error).message}\n${USAGE}`);
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
  const bot = startSensorBot({ url: values.url, clientId: values['client-id'], interval, topics, print: (line) => console.log(line) });
  onShutdown(() => bot.stop());
  void bot.done.then((code) => process.exit(code));
}

main();
