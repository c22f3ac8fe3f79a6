import { isLoopback, parseBrokerUrl, type PageBroker } from '../mqtt/url.js';

/**
 * A class login that follows a student across the kit's pages. A class card's link opens a
 * page with `?broker=mqtt://aluno05:…@teacher-laptop.local`; the lessons and most sketches
 * connect with the kit's default account (`mqtt://public:public@localhost`), which a class's
 * profiles do not have. So the card's login is remembered for this tab (sessionStorage: it
 * ends with the tab, and a shared lab computer does not hand it to the next class), and a
 * sketch that connects to the kit's broker as `public` — or with no login — connects as the
 * student instead. A sketch that names another account (lesson 5's `viewer`) keeps it.
 */
export interface KitLogin {
  /** The page host the login was given for: a login for one kit never goes to another. */
  host: string;
  username: string;
  password: string;
}

const KEY = 'p5-mqtt-kit:login';
/** The kit's default account: what sketches write when they mean "the kit's broker, as anyone". */
const DEFAULT_ACCOUNT = { username: 'public', password: 'public' };

/** sessionStorage, or undefined where touching it throws (privacy modes, sandboxed frames). */
export function tabStorage(): Storage | undefined {
  try {
    return globalThis.sessionStorage;
  } catch {
    return undefined;
  }
}

/** The login this tab was given for the kit that served the page, if any. */
export function kitLogin(broker: PageBroker | undefined, storage = tabStorage()): KitLogin | undefined {
  if (!broker) return undefined;
  let saved: unknown;
  try {
    saved = JSON.parse(storage?.getItem(KEY) ?? 'null');
  } catch {
    return undefined;
  }
  const login = saved as Partial<KitLogin> | null;
  if (typeof login?.host !== 'string' || typeof login.username !== 'string' || typeof login.password !== 'string') return undefined;
  return login.host === broker.host.toLowerCase() ? (login as KitLogin) : undefined;
}

/**
 * Remembers the login of a `?broker=` URL when it names the kit's broker that served this
 * page (its host, or this machine) and carries a user name; any other broker is left alone.
 * Returns what was remembered.
 */
export function rememberKitLogin(search: string, broker: PageBroker | undefined, storage = tabStorage()): KitLogin | undefined {
  const written = new URLSearchParams(search).get('broker')?.trim();
  if (!written || !broker) return undefined;
  const target = parsed(written);
  if (!target || !namesKit(target.host, broker) || target.username === undefined || isDefault(target)) return undefined;
  const login: KitLogin = { host: broker.host.toLowerCase(), username: target.username, password: target.password ?? '' };
  try {
    storage?.setItem(KEY, JSON.stringify(login));
  } catch {
    // Not remembered (storage blocked or full): this page still connects with its ?broker=.
  }
  return login;
}

/** Forgets this tab's login (the gallery's "log out"). */
export function forgetKitLogin(storage = tabStorage()): void {
  try {
    storage?.removeItem(KEY);
  } catch {
    // Nothing was stored where nothing can be.
  }
}

/**
 * `url` with the tab's class login in place of the kit's default account, when `url` names
 * the kit's broker as `public` or with no login at all; otherwise `url` unchanged.
 *
 * @example
 * // this tab opened aluno05's card link
 * withKitLogin('mqtt://public:public@localhost', broker) // 'mqtt://aluno05:lua-4821@localhost'
 */
export function withKitLogin(url: string | undefined, broker: PageBroker | undefined, storage = tabStorage()): string | undefined {
  const login = kitLogin(broker, storage);
  if (!login || !broker) return url;
  const written = url ?? 'mqtt://localhost';
  const target = parsed(written);
  if (!target || !namesKit(target.host, broker)) return url;
  if (target.username !== undefined && !isDefault(target)) return url;
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(written)?.[0] ?? '';
  const afterScheme = written.slice(scheme.length);
  // Credentials end at the last '@', as parseBrokerUrl reads them.
  const rest = target.username === undefined ? afterScheme : afterScheme.slice(afterScheme.lastIndexOf('@') + 1);
  return `${scheme}${encodeURIComponent(login.username)}:${encodeURIComponent(login.password)}@${rest}`;
}

function parsed(url: string): { host: string; username?: string; password?: string } | undefined {
  try {
    return parseBrokerUrl(url, { runtime: 'node' });
  } catch {
    // A broken URL is left for connect() to explain; an unusable ?broker= is not remembered.
    return undefined;
  }
}

function namesKit(host: string, broker: PageBroker): boolean {
  return isLoopback(host) || host === broker.host.toLowerCase();
}

function isDefault(target: { username?: string; password?: string }): boolean {
  return target.username === DEFAULT_ACCOUNT.username && target.password === DEFAULT_ACCOUNT.password;
}
