// `npm run serve`: a piece for an installation — the built site (dist/), the embedded broker,
// and with --bot the sensor bot, in one small process without Vite.
import { explainFlagError, usageErrorText } from '../broker/flag-suggestions.js';
import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createBroker, createLogger, lanAddresses } from '../broker/index.js';
import { describeBroker } from '../broker/banner.js';
import { BROKER_FLAG_OPTIONS, BROKER_USAGE, FlagError, brokerFlagsFromValues } from '../broker/flags.js';
import { describePortHolder } from '../broker/port-holder.js';
import { listenWithFallback, trackSockets } from '../broker/server-lifecycle.js';
import { brokerSetupFromFlags } from '../broker/setup.js';
import { createBotAccount } from '../bot/bot-account.js';
import { findSketchPages } from '../dev/sketch-pages.js';
import { exposedProfilesProblem } from '../dev/served-paths.js';
import { isLoopback, parseBrokerUrl } from '../../mqtt/url.js';
import {
  PIECE_FILE, PieceFileError, buildSite, createStaticSite, describeServe, injectIntoPage, loadPieceFile, pageSettings, siteFreshness,
  type PieceFile, type ServeReport,
} from '../serve/index.js';
import { describeKit, type BotReport } from './kit-banner.js';
import { BOT_TOPICS, kitBotId, startKitBot } from './kit-bot.js';
import { announceThisKit } from './running-kit.js';
import { onShutdown } from './shutdown.js';

const DEFAULT_HTTP_PORT = 8080;
const root = fileURLToPath(new URL('../../..', import.meta.url));

const SERVE_OPTIONS = {
  ...BROKER_FLAG_OPTIONS,
  bot: { type: 'boolean' },
  'bot-interval': { type: 'string' },
  'http-port': { type: 'string' },
  config: { type: 'string' },
  dist: { type: 'string' },
  'no-build': { type: 'boolean' },
} as const;

const USAGE = `Usage: npm run serve -- [options]

Serves the built site (dist/) with the embedded broker, for an installation. Builds it
first (vite build, in a process of its own) when dist/ is missing or older than the sources.

  --http-port N         where the pages are served (default ${DEFAULT_HTTP_PORT}, or the next free
                        port if taken; a port given here must be free, 0 takes any)
  --config FILE         the piece config (default ./${PIECE_FILE} when there is one)
  --dist DIR            the built site to serve (default dist/)
  --no-build            serve dist/ as it is, even when older than the sources
  --bot                 also run the sensor bot (its topics from the piece config)
  --bot-interval MS     how often the bot publishes (default 3000)
${BROKER_USAGE.split('\n').slice(2).join('\n')}`;

async function main(argv: string[]): Promise<void> {
  let values;
  let flags;
  try {
    ({ values } = parseArgs({ args: argv, options: SERVE_OPTIONS, strict: true, allowPositionals: false }));
    flags = brokerFlagsFromValues(values);
  } catch (error) {
    if (error instanceof FlagError || (error as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS')) {
      return usageError(explainFlagError(error, SERVE_OPTIONS));
    }
    throw error;
  }
  if (values.help) return void console.log(USAGE);
  const httpPort = values['http-port'] === undefined ? DEFAULT_HTTP_PORT : Number(values['http-port']);
  if (!Number.isInteger(httpPort) || httpPort < 0 || httpPort > 65535) return usageError(`--http-port must be a port number, got '${values['http-port']}'`);

  const configFile = values.config ?? PIECE_FILE;
  const piece = await loadPieceFile(resolve(configFile), values.config !== undefined);
  const botInterval = Number(values['bot-interval'] ?? piece?.bot?.interval ?? 3000);
  if (!Number.isFinite(botInterval) || botInterval < 10) return usageError(`--bot-interval must be ≥ 10 ms, got '${values['bot-interval']}'`);

  const dist = resolve(values.dist ?? join(root, 'dist'));
  const exposed = flags.profilesPath && exposedProfilesProblem(root, flags.profilesPath, dist);
  if (exposed) throw new Error(exposed);
  // As the user would name it: dist, or the folder given; never a path climbing out of here.
  const nearby = relative(process.cwd(), dist);
  const site = nearby === '' ? '.' : nearby.startsWith('..') ? dist : nearby;
  const build = await prepareSite(dist, site, values['no-build'] ?? false);
  if (piece?.page && !existsSync(join(dist, piece.page, piece.page.endsWith('/') ? 'index.html' : ''))) {
    const pages = findSketchPages(root).map((page) => page.href);
    throw new PieceFileError(`${configFile}: "page" '${piece.page}' is not in ${site}/ (sketch pages: ${pages.join(', ') || 'none'})`);
  }

  const setup = await brokerSetupFromFlags(flags);
  const botTopics = piece?.bot?.topics ?? BOT_TOPICS;
  const botAccount = values.bot ? createBotAccount(botTopics, setup.options.profiles) : undefined;
  const broker = await createBroker({ ...setup.options, profiles: [...setup.options.profiles, ...(botAccount ? [botAccount] : [])] });
  const stops: (() => Promise<unknown>)[] = [() => broker.close()];
  onShutdown(async () => {
    console.log('\nStopping…');
    for (const stop of stops.reverse()) await stop().catch(() => {});
  });

  const pages = pageSettings(piece);
  const server = createStaticSite({
    dir: dist,
    ...(piece?.page ? { home: piece.page } : {}),
    transformHtml: (html) => injectIntoPage(html, { wsPort: broker.wsPort, tcpPort: broker.tcpPort, piece: pages }),
  });
  const pagePort = await listenPages(server, httpPort, flags.lan ? '0.0.0.0' : '127.0.0.1', values['http-port'] !== undefined && httpPort !== 0);
  stops.push(trackSockets(server));
  const pagesMoved = httpPort !== 0 && pagePort !== httpPort ? `port ${httpPort} is in use ${await describePortHolder(httpPort)}, so they are on ${pagePort}` : undefined;

  let botReport: BotReport = { state: 'off' };
  if (botAccount) {
    // The bot publishes where the pages listen: the piece's broker when it names another.
    const url = pagesUseThisBroker(piece?.broker, broker.wsPort) ? `mqtt://${botAccount.username}:${botAccount.password}@127.0.0.1:${broker.tcpPort}` : piece!.broker!;
    const bot = startKitBot({
      url, clientId: kitBotId(broker), interval: botInterval, topics: botTopics, level: flags.logLevel,
      // Retained as npm start's: a kiosk page that reloads shows the readings at once.
      retain: true,
      ...(piece?.bot?.pattern ? { pattern: piece.bot.pattern } : {}),
    });
    stops.push(bot.stop);
    botReport = await bot.report;
  }

  // `npm run bot`, record and replay find this broker as they find npm start's.
  stops.push(await announceThisKit(root, broker, pagePort, setup.profilesSource === 'defaults', setup.options.profiles, 'npm run serve'));

  const addresses = lanAddresses();
  const report: ServeReport = { site: `${site}/`, build, pagePort, ...(piece ? { piece: { file: configFile, settings: piece } } : {}) };
  const kit = {
    broker, setup, pages: findSketchPages(root), pagePort, bot: botReport,
    // With --lan the banner shows a QR code of the gallery, as npm start's does.
    colour: process.stdout.isTTY === true && !process.env.NO_COLOR,
    botSwitch: values.bot ? '(npm run serve without --bot turns it off)' : '(npm run serve -- --bot runs it)',
    ...(pagesMoved ? { pagesMoved } : {}), ...(flags.lan ? { lanAddresses: addresses } : {}),
  };
  console.log(['', ...describeBroker(broker, setup, addresses), '', ...describeServe(report), '', ...describeKit(kit)].join('\n'));
}

/** Builds the site when it is missing or stale (unless told not to); says which it did. */
async function prepareSite(dist: string, site: string, noBuild: boolean): Promise<ServeReport['build']> {
  const freshness = await siteFreshness(root, dist);
  if (freshness.fresh) return 'fresh';
  if (noBuild) {
    if (!existsSync(join(dist, 'index.html'))) throw new Error(`${freshness.why}, and --no-build was given. Build it: npm run build`);
    console.log(`${freshness.why}; serving it as it is (--no-build).`);
    return 'stale';
  }
  console.log(`${freshness.why}: building it first (vite build, in a process of its own)…`);
  await buildSite(root, dist);
  console.log(`Built ${site}/.`);
  return 'built';
}

/** The pages' port, moving off a taken default as `npm start` does; a port given by number is held to. */
async function listenPages(server: Server, port: number, host: string, strict: boolean): Promise<number> {
  // Said in the banner's heading instead of a log line of its own.
  const silent = createLogger(() => {}, 'quiet');
  return listenWithFallback(server, { port, host, strict, label: 'web pages', logger: silent });
}

/** Whether pages given `pieceBroker` (if any) end up at the embedded broker, as `localhost` does. */
function pagesUseThisBroker(pieceBroker: string | undefined, wsPort: number): boolean {
  if (!pieceBroker) return true;
  const target = parseBrokerUrl(pieceBroker, { runtime: 'browser', pageBroker: { host: '127.0.0.1', wsPort } });
  return isLoopback(target.host) && target.port === wsPort;
}

function usageError(message: string): void {
  console.error(usageErrorText(message, USAGE, 'npm run serve -- --help'));
  process.exit(2);
}

main(process.argv.slice(2)).catch((error: Error) => {
  // Expected failures (a bad piece config or profiles file, a taken port, a failed build)
  // have readable messages. Exit at once: what started before would keep the process alive.
  console.error(error.message);
  process.exit(1);
});
