import type { TransportConfig } from './transport.js';
import { statusInEnglish as describeStatus, type StatusReason } from '../texts/status-texts.js';

export { statusInEnglish as describeStatus, type StatusReason } from '../texts/status-texts.js';

/**
 * Status texts people can act on. They end up on the HUD and in the console, so they
 * say what to check, not what the protocol said. Worded in src/texts/status-texts.ts, in
 * English here (Node, the console); the HUD words the same reason in the page's language.
 */
export function refusalReason(code: number, config: Pick<TransportConfig, 'display' | 'username' | 'clientId' | 'loginHint'>, retrying = false): StatusReason {
  return {
    code: 'refused', display: config.display, refusal: code, clientId: config.clientId,
    ...(config.username === undefined ? {} : { username: config.username }),
    ...(config.loginHint === undefined ? {} : { loginHint: config.loginHint }),
    ...(retrying ? { retrying } : {}),
  };
}

export function explainRefusal(code: number, config: Pick<TransportConfig, 'display' | 'username' | 'clientId' | 'loginHint'>): string {
  return describeStatus(refusalReason(code, config));
}

/**
 * `hint`, if given, says where to start the broker, e.g. "Try: npm start" (the kit's).
 * `remote`: the broker is out on the internet (a cloud broker such as shiftr.io), which is
 * nearly always running — this computer being offline, or a school network blocking the
 * port, is the likelier cause.
 */
export function explainUnreachable(display: string, everConnected: boolean, hint?: string, remote = false): string {
  return describeStatus({ code: 'unreachable', display, everConnected, ...(hint ? { hint } : {}), ...(remote ? { remote } : {}) });
}

/** With `retryEveryMs` (a client that never gives up), says how often it still tries instead of that it stopped. */
export function explainKickLoop(display: string, clientId: string, retryEveryMs?: number): string {
  return describeStatus({ code: 'kick-loop', display, clientId, ...(retryEveryMs === undefined ? {} : { retryEveryMs }) });
}
