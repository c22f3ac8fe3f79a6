import { connect } from '../mqtt/connect.js';
import type { MqttClient } from '../mqtt/client.js';
import type { ClientOptions } from '../mqtt/types.js';
import { chooseBrokerUrl } from './broker-choice.js';
import { pageBroker, unreachableHint } from './page-broker.js';

/** Options of `connectInPage`: the client's, and whether the page's address may choose the broker. */
export interface PageClientOptions extends ClientOptions {
  /**
   * Let `?broker=URL` in the page's address replace the URL in the code. Default: on for the
   * kit's own pages (gallery, sketches, bench — every page the kit serves or builds carries
   * its broker meta), off anywhere else, so a sketch shipped in an npm build or with the
   * script tag talks to the broker its code names, whatever link it was opened from.
   */
  brokerFromPage?: boolean;
}

/**
 * `connect()` for a page served by the kit: `?broker=` in the page address (see
 * `brokerFromPage`), the piece's kit.config.json and `VITE_MQTT_URL` apply (see
 * `chooseBrokerUrl`), `localhost` in the URL means the kit's broker that served the page (on a
 * classroom LAN too), and "Try: npm start" is suggested where it helps.
 * The p5 addon connects through it.
 *
 * @example
 * const client = connectInPage('mqtt://public:public@localhost', 'inspector');
 */
export function connectInPage(written?: string, clientId?: string, options: PageClientOptions = {}): MqttClient {
  const { brokerFromPage, ...clientOptions } = options;
  const broker = clientOptions.pageBroker ?? pageBroker();
  const fromAddress = brokerFromPage ?? broker !== undefined;
  const url = chooseBrokerUrl(written, fromAddress ? undefined : '');
  const hint = clientOptions.unreachableHint ?? unreachableHint(url, broker);
  return connect(url, clientId, {
    ...clientOptions,
    ...(broker ? { pageBroker: broker } : {}),
    ...(hint ? { unreachableHint: hint } : {}),
  });
}
