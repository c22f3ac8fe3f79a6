import type { LogLevel } from '../broker/log.js';
import { summariseBot } from '../bot/bot-summary.js';
import { startSensorBot, type RunningBot, type SensorBotOptions } from '../bot/sensor-bot.js';
import type { BotReport } from './kit-banner.js';

/** The id of the bot `npm start` and `npm run serve -- --bot` run; not the tutorial's 'bot', which stays free for `npm run bot -- --client-id bot`. */
export const KIT_BOT_ID = 'kit-bot';
/**
 * The kit bot's id beside `broker`: one per node in a cluster, where a second 'kit-bot'
 * would take over the first's connection on the other node, and back, forever.
 *
 * @example
 * startKitBot({ url, clientId: kitBotId(broker), … })
 */
export function kitBotId(broker: { cluster?: { nodeId: string } | undefined }): string {
  return broker.cluster ? `${KIT_BOT_ID}-${broker.cluster.nodeId.slice(0, 8)}` : KIT_BOT_ID;
}
/** The tutorial's topics. */
export const BOT_TOPICS = ['temperatura', 'umidade', 'luminosidade'];
// How long the banner waits for the bot's first connection before saying it is not up yet.
const BOT_WAIT_MS = 5000;
const BOT_SUMMARY_MS = 60_000;

/**
 * The kit's own sensor bot beside its broker, its readings summed up in `[bot]` lines at
 * `level`. `stop` is there at once, so a Ctrl-C during the wait for `report` stops it too.
 *
 * @example
 * const bot = startKitBot({ url, clientId: KIT_BOT_ID, interval: 3000, topics: BOT_TOPICS, level: 'normal' });
 * stops.push(bot.stop);
 * const report = await bot.report;
 */
export function startKitBot(options: Omit<SensorBotOptions, 'print'> & { level: LogLevel }): { report: Promise<BotReport>; stop(): Promise<void> } {
  const { level, ...botOptions } = options;
  const summary = summariseBot((line) => console.log(`[bot] ${line}`), { everyMs: BOT_SUMMARY_MS, level });
  const bot = startSensorBot({ ...botOptions, print: summary.print });
  return {
    report: reportBot(bot, options.interval, options.topics),
    async stop() {
      await bot.stop();
      summary.stop();
    },
  };
}

/**
 * What the banner may say about the bot: it waits for the first connection (on loopback,
 * milliseconds), so "running" is never printed for a bot the broker refused.
 */
async function reportBot(bot: RunningBot, interval: number, topics: readonly string[]): Promise<BotReport> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), BOT_WAIT_MS)));
  const first = await Promise.race([bot.firstConnection, late]);
  clearTimeout(timer);
  if (!first) return { state: 'connecting', status: bot.client.statusText };
  if (!first.ok) return { state: 'refused', reason: first.reason };
  return { state: 'running', clientId: bot.client.clientId, topics, interval };
}
