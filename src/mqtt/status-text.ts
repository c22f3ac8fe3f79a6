import type { TransportConfig } from './transport.js';

/**
 * Status texts people can act on. They end up on the HUD and in the console, so they
 * say what to check, not what the protocol said.
 */
export function explainRefusal(code: number, config: Pick<TransportConfig, 'display' | 'username' | 'clientId' | 'loginHint'>): string {
  const who = config.username === undefined ? 'without a user name' : `as user '${config.username}'`;
  const check = config.loginHint ?? 'Check the user:password part of the URL, written as mqtt://user:password@host.';
  switch (code) {
    case 1:
      return `${config.display} refused the connection: it does not speak MQTT 3.1.1. Check the URL points at an MQTT broker.`;
    case 2:
      return `${config.display} rejected the client id '${config.clientId}'. Use a shorter id with plain letters, or omit it to get a random one.`;
    case 3:
      return `${config.display} is unavailable right now (it refused the connection). Try again later, or use another broker.`;
    case 4:
      return `${config.display} refused the user name or password (connecting ${who}). ${check}`;
    case 5:
      return `${config.display} says you are not authorised (connecting ${who}): the login is wrong, or this profile may not connect. ${check}`;
    default:
      return `${config.display} refused the connection (code ${code}). Check the URL, user name and password.`;
  }
}

/**
 * `hint`, if given, says where to start the broker, e.g. "Try: npm start" (the kit's).
 * `remote`: the broker is out on the internet (a cloud broker such as shiftr.io), which is
 * nearly always running — this computer being offline, or a school network blocking the
 * port, is the likelier cause.
 */
export function explainUnreachable(display: string, everConnected: boolean, hint?: string, remote = false): string {
  if (everConnected) return `Cannot reach ${display} again yet; retrying…`;
  if (remote && !hint) return `Could not connect to ${display}. Is this computer online? If websites open, this network may block the broker's port (school and venue networks often do): try another network, or a broker on this one.`;
  return `Could not connect to ${display}. Is the broker running?${hint ? ` ${hint}` : ''}`;
}

/** With `retryEveryMs` (a client that never gives up), says how often it still tries instead of that it stopped. */
export function explainKickLoop(display: string, clientId: string, retryEveryMs?: number): string {
  const then = retryEveryMs === undefined ? 'Stopped reconnecting.' : `Still trying, every ${Math.round(retryEveryMs / 1000)} s.`;
  return `${display} keeps closing the connection right after it opens: another client is using the id '${clientId}'; use a unique id or omit it. ${then}`;
}
