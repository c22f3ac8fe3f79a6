import type { RunningBroker } from '../broker/options.js';
import { KIT_PAGES, kitPagePath } from '../dev/kit-pages.js';
import { ANONYMOUS_PROFILE } from '../broker/profiles.js';
import type { BrokerSetup } from '../broker/setup.js';
import { qrTerminal } from '../../kit/qr-code.js';

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
  /** How to switch the bot, after its line (default: npm start's `--no-bot`, when it runs). */
  botSwitch?: string;
  /** This machine's network addresses when serving the LAN (--lan); undefined otherwise. */
  lanAddresses?: readonly string[];
  /** The terminal shows ANSI colours: the QR code then sets its own white on black. */
  colour?: boolean;
}

/**
 * The lines `npm start` prints under `describeBroker`'s: where the pages are, how to
 * connect from elsewhere, whether the bot runs, and the Ready line.
 *
 * @example
 * console.log([...describeBroker(broker, setup), '', ...describeKit({ broker, setup, pages, pagePort, bot })].join('\n'));
 */
export function describeKit(kit: KitReport): string[] {
  const { broker, lanAddresses } = kit;
  // One column for the addresses, however long a sketch's name (lesson-4-sensors…).
  const width = Math.max(10, ...kit.pages.map((page) => page.name.length + 1));
  const pageLines = (host: string) => {
    const gallery = `http://${host}:${kit.pagePort}/`;
    const tools = KIT_PAGES.filter((page) => page.name !== 'gallery').map((page) => `  ${page.name.padEnd(width)} ${gallery}${kitPagePath(page).slice(1)}`);
    return [`  ${'gallery'.padEnd(width)} ${gallery}`, ...tools, ...kit.pages.map((page) => `  ${page.name.padEnd(width)} ${gallery}${page.href}`)];
  };
  const lines = [kit.pagesMoved ? `Sketch pages (${kit.pagesMoved}):` : 'Sketch pages:', ...pageLines('127.0.0.1')];
  // Students need the address of this machine on the network: 127.0.0.1 would be their own.
  const [lan, ...otherNetworks] = lanAddresses ?? [];
  if (lanAddresses) {
    lines.push('', 'Sketch pages for other computers on the network:');
    if (lan) lines.push(...pageLines(lan));
    else lines.push('  (no network address found; is this computer on a network?)');
    for (const address of otherNetworks) lines.push(`  ${'also'.padEnd(width)} http://${address}:${kit.pagePort}/   (another network of this computer)`);
    // Phones join by camera rather than by typing an address; the gallery shows the same code.
    if (lan) {
      lines.push('', `The gallery on a phone (same network), scan: http://${lan}:${kit.pagePort}/`);
      lines.push(...qrTerminal(`http://${lan}:${kit.pagePort}/`, { colour: kit.colour === true }).map((line) => `  ${line}`));
    }
  }
  // Reachable from this machine and, with --lan, from the others.
  const host = lan ?? 'localhost';
  const { user, password, note } = hintCredentials(kit.setup);
  lines.push(
    '',
    'Connect from elsewhere:',
    `  Processing   client.connect("mqtt://${urlPart(user)}:${urlPart(password)}@${host}:${broker.tcpPort}", "processing");`,
    `  Terminal     mosquitto_sub -h ${host} -p ${broker.tcpPort} -u ${shellWord(user)} -P ${shellWord(password)} -t '#' -v`,
    ...(note ? [`               ${note}`] : []),
    `  Sensor bot   ${describeBot(kit.bot, kit.botSwitch)}`,
    '',
    `Ready: http://127.0.0.1:${kit.pagePort}/${lan ? `  (other computers: http://${lan}:${kit.pagePort}/)` : ''}  — press Ctrl-C to stop.`,
  );
  return lines;
}

/**
 * The login the hints show: the 'public' profile's password where the kit knows it (the
 * defaults, or a profiles file holding it in plain text), a placeholder where it does not
 * (hashed, or no 'public' profile): printing 'public' for a password a teacher changed
 * sends every student to "bad user name or password".
 */
function hintCredentials(setup: BrokerSetup): { user: string; password: string; note?: string } {
  const profile = setup.options.profiles.find((p) => p.username === ANONYMOUS_PROFILE);
  if (!profile) return { user: '<user>', password: '<password>', note: `(a user name and password from ${setup.profilesSource})` };
  if (profile.password.startsWith('scrypt:')) {
    return { user: profile.username, password: '<password>', note: `(${setup.profilesSource} keeps only a hash of the password of '${profile.username}')` };
  }
  return { user: profile.username, password: profile.password };
}

/** A user name or password inside an mqtt:// URL; placeholders stay readable. */
function urlPart(text: string): string {
  return /^<\w+>$/.test(text) ? text : encodeURIComponent(text);
}

/** A word for a POSIX shell: quoted when it holds anything the shell would act on. */
function shellWord(text: string): string {
  if (/^<\w+>$/.test(text) || /^[\w@%+=:,./-]+$/.test(text)) return text;
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

function describeBot(bot: BotReport, botSwitch?: string): string {
  switch (bot.state) {
    case 'off':
      return botSwitch ? `off ${botSwitch}` : 'off';
    case 'running': {
      const every = bot.interval % 1000 === 0 ? `${bot.interval / 1000} s` : `${bot.interval} ms`;
      return `running as '${bot.clientId}': ${bot.topics.join(', ')} every ${every} ${botSwitch ?? '(npm start -- --no-bot turns it off)'}`;
    }
    case 'refused':
      return `NOT running: ${bot.reason}`;
    case 'connecting':
      return `not connected yet (${bot.status}); its lines below say when it is`;
  }
}
