// The inspector's login form keeps the broker's address, the user and the password in three
// fields; connect() takes them as one URL (`mqtt://user:pass@host`). No DOM in this file.

export interface BrokerLogin {
  /** The URL without credentials, e.g. `ws://127.0.0.1:9001`. */
  address: string;
  username: string;
  password: string;
}

const SCHEME = /^([a-z][a-z0-9+.-]*:\/\/)?(.*)$/is;

/**
 * Splits a URL's credentials off. The last '@' ends them, as the kit's URL parser reads it,
 * so a password may hold '@', '/' or '#'.
 */
export function splitLogin(url: string, defaults: { username: string; password: string }): BrokerLogin {
  const [, scheme = '', rest = ''] = SCHEME.exec(url.trim()) ?? [];
  const at = rest.lastIndexOf('@');
  if (at < 0) return { address: `${scheme}${rest}`, ...defaults };
  const userInfo = rest.slice(0, at);
  const colon = userInfo.indexOf(':');
  return {
    address: `${scheme}${rest.slice(at + 1)}`,
    username: decode(colon < 0 ? userInfo : userInfo.slice(0, colon)),
    password: colon < 0 ? '' : decode(userInfo.slice(colon + 1)),
  };
}

/**
 * The one URL to connect with; no user name means no credentials at all. Credentials typed
 * into the address too are replaced by the fields'.
 */
export function joinLogin({ address, username, password }: BrokerLogin): string {
  const [, scheme = '', rest = ''] = SCHEME.exec(splitLogin(address, { username: '', password: '' }).address) ?? [];
  if (username === '') return `${scheme}${rest}`;
  const credentials = password === '' ? encodeURIComponent(username) : `${encodeURIComponent(username)}:${encodeURIComponent(password)}`;
  return `${scheme}${credentials}@${rest}`;
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    // A broken %-escape is kept as written; the URL parser explains it on connecting.
    return text;
  }
}
