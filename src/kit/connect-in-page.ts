import { connect } from '../mqtt/connect.js';
import type { MqttClient } from '../mqtt/client.js';
import type { ClientOptions } from '../mqtt/types.js';
import { chooseBrokerUrl } from './broker-choice.js';
import { pageBroker, unreachableHint } from './page-broker.js';

/**
 * `connect()` for a page served by the kit: `?broker=` in the page address, the piece's
 * kit.config.json and `VITE_MQTT_URL` apply (see `chooseBrokerUrl`), `localhost` in the URL
 * means the kit's broker that served the page (on a classroom LAN too), and "Try: npm start"
 * is suggested where it helps.
 * The p5 addon connects through it.
 *
 * @example
 * const client = connectInPage('mqtt://public:public@localhost', 'inspector');
 */
export function connectInPage(written?: string, clientId?: string, options: ClientOptions = {}): MqttClient {
  const url = chooseBrokerUrl(written);
  const broker = options.pageBroker ?? pageBroker();
  const hint = options.unreachableHint ?? unreachableHint(url, broker);
  return connect(url, clientId, {
    ...options,
    ...(broker ? { pageBroker: broker } : {}),
    ...(hint ? { unreachableHint: hint } : {}),
  });
}
