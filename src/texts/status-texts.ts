/**
 * Why a connection is where it is, as data: the code and what the sentence needs. The
 * transport (in a worker or in Node) sends it with the status, and each side words it in its
 * own language — English in Node and the console, the browser's on the HUD and the kit's pages.
 */
export type StatusReason =
  | { code: 'connecting'; display: string }
  | { code: 'connected'; where: string; clientId: string }
  | { code: 'reconnecting'; where: string; attempt: number }
  | { code: 'lost'; where: string }
  | { code: 'disconnected'; display: string }
  /** `remote`: a broker on the internet (shiftr.io), nearly always up: this computer or its network is the likelier cause. */
  | { code: 'unreachable'; display: string; everConnected: boolean; hint?: string; remote?: boolean }
  /** `refusal`: the CONNACK's return code; `retrying`: a kiosk client that tries again anyway. */
  | { code: 'refused'; display: string; refusal: number; username?: string; clientId: string; loginHint?: string; retrying?: boolean }
  | { code: 'kick-loop'; display: string; clientId: string; retryEveryMs?: number }
  /** The transport itself broke (a worker that failed to load or crashed). */
  | { code: 'broken'; why: string }
  /** A message with no code of its own (a library's error, a bad URL): shown as it is. */
  | { code: 'other'; text: string };

export type StatusWording = { [C in StatusReason['code']]: (reason: Extract<StatusReason, { code: C }>) => string };

const en: StatusWording = {
  connecting: (r) => `Connecting to ${r.display}…`,
  connected: (r) => `Connected to ${r.where} as '${r.clientId}'`,
  reconnecting: (r) => `Reconnecting to ${r.where} (attempt ${r.attempt})…`,
  lost: (r) => `Connection to ${r.where} lost; reconnecting…`,
  disconnected: (r) => `Disconnected from ${r.display}`,
  unreachable: (r) => {
    if (r.everConnected) return `Cannot reach ${r.display} again yet; retrying…`;
    if (r.remote && !r.hint) return `Could not connect to ${r.display}. Is this computer online? If websites open, this network may block the broker's port (school and venue networks often do): try another network, or a broker on this one.`;
    return `Could not connect to ${r.display}. Is the broker running?${r.hint ? ` ${r.hint}` : ''}`;
  },
  refused: (r) => {
    const who = r.username === undefined ? 'without a user name' : `as user '${r.username}'`;
    const check = r.loginHint ?? 'Check the user:password part of the URL, written as mqtt://user:password@host.';
    const then = r.retrying ? ' Retrying…' : '';
    switch (r.refusal) {
      case 1: return `${r.display} refused the connection: it does not speak MQTT 3.1.1. Check the URL points at an MQTT broker.${then}`;
      case 2: return `${r.display} rejected the client id '${r.clientId}'. Use a shorter id with plain letters, or omit it to get a random one.${then}`;
      case 3: return `${r.display} is unavailable right now (it refused the connection). Try again later, or use another broker.${then}`;
      case 4: return `${r.display} refused the user name or password (connecting ${who}). ${check}${then}`;
      case 5: return `${r.display} says you are not authorised (connecting ${who}): the login is wrong, or this profile may not connect. ${check}${then}`;
      default: return `${r.display} refused the connection (code ${r.refusal}). Check the URL, user name and password.${then}`;
    }
  },
  'kick-loop': (r) => `${r.display} keeps closing the connection right after it opens: another client is using the id '${r.clientId}'; use a unique id or omit it. ${r.retryEveryMs === undefined ? 'Stopped reconnecting.' : `Still trying, every ${Math.round(r.retryEveryMs / 1000)} s.`}`,
  broken: (r) => `The connection stopped working: ${r.why}. Reload the page to try again.`,
  other: (r) => r.text,
};

/**
 * The sentence for `reason` in English: what Node, the console and the MQTT worker say (they
 * never need the Portuguese, so their bundles leave it out; status-words.ts has both).
 */
export function statusInEnglish(reason: StatusReason): string {
  return (en[reason.code] as (r: StatusReason) => string)(reason);
}

export { en as ENGLISH_STATUS };
