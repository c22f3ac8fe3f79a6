import type { RunningBroker } from '../broker/options.js';
import type { BrokerSetup } from '../broker/setup.js';

/** The kit's own sensor bot, as the banner reports it: only what is known to be true. */
export type BotReport =
  | { state: 'off' }
  | { state: 'running'; clientId: string; topics: readonly string[]; interval: number }
  | { state: 'refused'; reason: string }
  | { state: 'connecting'; status: string };

/** What `npm start` got, for the lines it prints below the broker's. */
export interface KitReport {
  broker: Pick<RunningBroker, 'host' | 'tcpPort' | 'wsPort'>;
  setup: BrokerSetup;
  pages: readonly { name: string; href: string }[];
  pagePort: number;
  /** Why the pages are not on the port asked for, when the default one was taken. */
  pagesMoved?: string;
  bot: BotReport;
}

/**
 * The lines `npm start` prints under `describeBroker`'s: where the pages are, how to
 * connect from elsewhere, whether the bot runs, and the Ready line.
 *
 * @example
 * console.log([...describeBroker(broker, setup), '', ...describeKit({ broker, setup, pages, pagePort, bot })].join('\n'));
 */
export function describeKit(kit: KitReport): string[] {
  const { broker } = kit;
  const gallery = `http://127.0.0.1:${kit.pagePort}/`;
  return [
    kit.pagesMoved ? `Sketch pages (${kit.pagesMoved}):` : 'Sketch pages:',
    `  ${'gallery'.padEnd(10)} ${gallery}`,
    ...kit.pages.map((page) => `  ${page.name.padEnd(10)} ${gallery}${page.href}`),
    '',
    'Connect from elsewhere:',
    `  Processing   client.connect("mqtt://public:public@localhost:${broker.tcpPort}", "processing");`,
    `  Terminal     mosquitto_sub -h localhost -p ${broker.tcpPort} -u public -P public -t '#' -v`,
    `  Sensor bot   ${describeBot(kit.bot)}`,
    '',
    `Ready: ${gallery}  — press Ctrl-C to stop.`,
  ];
}

function describeBot(bot: BotReport): string {
  switch (bot.state) {
    case 'off':
      return 'off';
    case 'running': {
      const every = bot.interval % 1000 === 0 ? `${bot.interval / 1000} s` : `${bot.interval} ms`;
      return `running as '${bot.clientId}': ${bot.topics.join(', ')} every ${every} (npm start -- --no-bot turns it off)`;
    }
    case 'refused':
      return `NOT running: ${bot.reason}`;
    case 'connecting':
      return `not connected yet (${bot.status}); its lines below say when it is`;
  }
}
