// `npm start`: the whole kit in one process — embedded broker, sensor bot, sketch pages.
import { explainFlagError, usageErrorText } from '../broker/flag-suggestions.js';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { createServer, type ViteDevServer } from 'vite';
import type { AddressInfo } from 'node:net';
import { createBroker } from '../broker/index.js';
import { describeBroker } from '../broker/banner.js';
import { BROKER_FLAG_OPTIONS, BROKER_USAGE, FlagError, brokerFlagsFromValues } from '../broker/flags.js';
import { brokerSetupFromFlags } from '../broker/setup.js';
import { createBotAccount } from '../bot/bot-account.js';
import { describeKit, type BotReport } from './kit-banner.js';
import { BOT_TOPICS, kitBotId, startKitBot } from './kit-bot.js';
import { onShutdown } from './shutdown.js';
import { findSketchPages } from '../dev/sketch-pages.js';
import { exposedProfilesProblem } from '../dev/served-paths.js';
import { DEFAULT_PAGE_PORT, announceThisKit } from './running-kit.js';
import { describePortHolder } from '../broker/port-holder.js';
import { lanAddresses } from '../broker/network.js';
import { parseBridgeList, startKitBridges } from '../bridges/start-bridge.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));

const START_OPTIONS = {
  ...BROKER_FLAG_OPTIONS,
  'no-bot': { type: 'boolean' },
  'bot-interval': { type: 'string' },
  'http-port': { type: 'string' },
  bridge: { type: 'string' },
} as const;

const USAGE = `Usage: npm start -- [options]

  --no-bot              don't run the sensor bot
  --bot-interval MS     how often the bot publishes (default 3000)
  --http-port N         where the sketch pages are served (default 5173, or the next free
                        port if taken; a port given here must be free, 0 takes any)
  --bridge http,osc     also run these bridges for tools without MQTT, with their defaults
                        (HTTP on 8080, OSC in on UDP 9000; npm run bridge -- --help for more)
${BROKER_USAGE.split('\n').slice(2).join('\n')}`;

async function main(argv: string[]): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({ args: argv, options: START_OPTIONS, strict: true, allowPositionals: false }));
  } catch (error) {
    return usageError(explainFlagError(error, START_OPTIONS));
  }
  if (values.help) return void console.log(USAGE);
  let flags;
  let bridgeKinds: ReturnType<typeof parseBridgeList> = [];
  try {
    flags = brokerFlagsFromValues(values);
    if (values.bridge !== undefined) bridgeKinds = parseBridgeList(values.bridge);
  } catch (error) {
    if (error instanceof FlagError) return usageError(error.message);
    throw error;
  }
  const exposed = flags.profilesPath && exposedProfilesProblem(root, flags.profilesPath);
  if (exposed) {
    console.error(exposed);
    process.exit(1);
  }
  const httpPort = values['http-port'] === undefined ? DEFAULT_PAGE_PORT : Number(values['http-port']);
  const botInterval = values['bot-interval'] === undefined ? 3000 : Number(values['bot-interval']);
  if (!Number.isInteger(httpPort) || httpPort < 0 || httpPort > 65535) return usageError(`--http-port must be a port number, got '${values['http-port']}'`);
  if (!Number.isFinite(botInterval) || botInterval < 10) return usageError(`--bot-interval must be ≥ 10 ms, got '${values['bot-interval']}'`);

  const setup = await brokerSetupFromFlags(flags);
  // The bot's own account, beside the teacher's profiles, so --profiles and --no-anonymous
  // don't lock it out. Kept out of `setup`, which the banner lists.
  const botAccount = values['no-bot'] ? undefined : createBotAccount(BOT_TOPICS, setup.options.profiles);
  const broker = await createBroker({ ...setup.options, profiles: [...setup.options.profiles, ...(botAccount ? [botAccount] : [])] });
  const stops: (() => Promise<unknown>)[] = [() => broker.close()];
  onShutdown(async () => {
    console.log('\nStopping…');
    for (const stop of stops.reverse()) await stop().catch(() => {});
  });

  // The plugin in vite.config.ts writes these ports into every page it serves.
  process.env.P5_MQTT_WS_PORT = String(broker.wsPort);
  process.env.P5_MQTT_TCP_PORT = String(broker.tcpPort);
  const pageHost = flags.lan ? '0.0.0.0' : '127.0.0.1';
  // As with the broker's ports: only the default moves when taken.
  const strictPort = values['http-port'] !== undefined && httpPort !== 0;
  const vite: ViteDevServer = await createServer({
    root,
    configFile: `${root}/vite.config.ts`,
    logLevel: 'warn',
    server: { host: pageHost, port: httpPort, strictPort, open: false },
  });
  stops.push(() => vite.close());
  try {
    await vite.listen();
  } catch (error) {
    if (!strictPort || !/already in use/i.test((error as Error).message)) throw error;
    throw new Error(
      `The sketch pages' port ${httpPort} on ${pageHost} is in use ${await describePortHolder(httpPort)}. Stop it, choose another port, or leave --http-port out to take the next free one.`,
    );
  }
  const pagePort = (vite.httpServer?.address() as AddressInfo).port;
  const addresses = lanAddresses();
  // The plugin writes it into pages for the gallery's QR code; it reads it per request, so it can come after listen().
  if (flags.lan && addresses[0]) process.env.P5_MQTT_LAN_URL = `http://${addresses[0]}:${pagePort}/`;
  const pagesMoved = httpPort !== 0 && pagePort !== httpPort ? `port ${httpPort} is in use ${await describePortHolder(httpPort)}, so they are on ${pagePort}` : undefined;

  let botReport: BotReport = { state: 'off' };
  if (botAccount) {
    const bot = startKitBot({
      url: `mqtt://${botAccount.username}:${botAccount.password}@127.0.0.1:${broker.tcpPort}`,
      clientId: kitBotId(broker),
      interval: botInterval,
      topics: BOT_TOPICS,
      // Kept by the broker, so a sensors page opened later shows values at once.
      retain: true,
      level: flags.logLevel,
    });
    stops.push(bot.stop);
    botReport = await bot.report;
  }

  // Anonymous, like a sketch (the `public` profile); a request may log in as another.
  const bridges = bridgeKinds.length === 0 ? undefined : await startKitBridges(bridgeKinds, {
    url: `mqtt://127.0.0.1:${broker.tcpPort}`,
    known: setup.options.profiles,
    lan: flags.lan,
    logLevel: flags.logLevel,
  });
  if (bridges) stops.push(() => bridges.close());

  // `npm run bot` and others find this kit's real ports here (1883 may be mosquitto's).
  stops.push(await announceThisKit(root, broker, pagePort, setup.profilesSource === 'defaults', setup.options.profiles));

  const pages = findSketchPages(root);
  const colour = process.stdout.isTTY === true && !process.env.NO_COLOR;
  const kit = { broker, setup, pages, pagePort, bot: botReport, colour, ...(pagesMoved ? { pagesMoved } : {}), ...(flags.lan ? { lanAddresses: addresses } : {}) };
  const kitLines = describeKit(kit);
  // Above the Ready line, which stays last.
  if (bridges) kitLines.splice(-2, 0, '', ...bridges.lines);
  console.log(['', ...describeBroker(broker, setup, addresses), '', ...kitLines].join('\n'));
}

function usageError(message: string): void {
  console.error(usageErrorText(message, USAGE, 'npm start -- --help'));
  process.exit(2);
}

main(process.argv.slice(2)).catch((error: Error) => {
  // Expected failures (bad profiles file, unreadable certificate, a taken port) have readable
  // messages. Exit at once: what started before the failure would keep the process alive.
  console.error(error.message);
  process.exit(1);
});
