import { connect } from '../mqtt/connect.js';
import type { MqttClient } from '../mqtt/client.js';
import type { ClientOptions } from '../mqtt/types.js';
import { chooseBrokerUrl } from './broker-choice.js';
import { rememberKitLogin, withKitLogin } from './kit-login.js';
import { pageBroker, unreachableHint } from './page-broker.js';

/** Options of `connectInPage`: the client's, whether the page's address may choose the broker, and whether a class login may stand in for `public`. */
export interface PageClientOptions extends ClientOptions {
  /**
   * Let `?broker=URL` in the page's address replace the URL in the code. Default: on for the
   * kit's own pages (gallery, sketches, bench — every page the kit serves or builds carries
   * its broker meta), off anywhere else, so a sketch shipped in an npm build or with the
   * script tag talks to the broker its code names, whatever link it was opened from.
   */
  brokerFromPage?: boolean;
  /** false: connect with exactly the login given (a page whose User and Password fields say it). */
  kitLogin?: boolean;
}

/**
 * `connect()` for a page served by the kit: `?broker=` in the page address (see
 * `brokerFromPage`), the piece's kit.config.json and `VITE_MQTT_URL` apply (see
 * `chooseBrokerUrl`), `localhost` in the URL means the kit's broker that served the page (on a
 * classroom LAN too), and "Try: npm start" is suggested where it helps. A class login this tab
 * was given (kit-login.ts) replaces the kit's default `public` account.
 * The p5 addon connects through it.
 *
 * @example
 * const client = connectInPage('mqtt://public:public@localhost', 'inspector');
 */
export function connectInPage(written?: string, clientId?: string, options: PageClientOptions = {}): MqttClient {
  const { brokerFromPage, kitLogin = true, ...clientOptions } = options;
  const broker = clientOptions.pageBroker ?? pageBroker();
  const fromAddress = brokerFromPage ?? broker !== undefined;
  // A class card's login, given once as ?broker=, serves every page of this kit in this tab.
  if (fromAddress) rememberKitLogin(globalThis.location?.search ?? '', broker);
  const chosen = chooseBrokerUrl(written, fromAddress ? undefined : '');
  const url = kitLogin ? withKitLogin(chosen, broker) : chosen;
  const hint = clientOptions.unreachableHint ?? unreachableHint(url, broker);
  return connect(url, clientId, {
    ...clientOptions,
    ...(broker ? { pageBroker: broker } : {}),
    ...(hint ? { unreachableHint: hint } : {}),
  });
}
