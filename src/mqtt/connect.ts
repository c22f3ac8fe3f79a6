import { MqttClient } from './client.js';
import { resolveClientId } from './client-id.js';
import { BROKER_PORT_META, DEFAULT_TCP_PORT } from './defaults.js';
import { LazyTransport } from './lazy-transport.js';
import { parseBrokerUrl } from './url.js';
import { WorkerTransport } from './worker/worker-transport.js';
import type { ClientOptions } from './types.js';
import type { Transport } from './transport.js';

const isBrowser = typeof window !== 'undefined' && typeof document !== 'undefined';

/**
 * Connects to an MQTT broker the way Processing users do, and returns the client at once
 * (it connects in the background and reconnects by itself). In a browser `mqtt://` URLs go
 * over WebSocket and the connection runs in a Web Worker; in Node over TCP, directly.
 * A bad URL or client id does not throw: the client's status is `error` and says why.
 *
 * @example
 * const client = connect('mqtt://public:public@public.cloud.shiftr.io', 'processing');
 * client.subscribe('hello', (m) => console.log(`${m.topic}: ${m.text}`));
 * client.publish('hello', 'world');
 */
export function connect(url?: string, clientId?: string, options: ClientOptions = {}): MqttClient {
  const deliver = options.deliver ?? (isBrowser ? 'drain' : 'immediate');
  let config;
  try {
    const localWebSocketPort = options.localWebSocketPort ?? pageBrokerPort();
    const target = parseBrokerUrl(url ?? defaultUrl(), {
      runtime: isBrowser ? 'browser' : 'node',
      ...(localWebSocketPort ? { localWebSocketPort } : {}),
      ...(isBrowser ? { pageHost: location.hostname } : {}),
    });
    const reconnect = options.reconnect === false ? undefined : { min: options.reconnect?.min ?? 1000, max: options.reconnect?.max ?? 10_000 };
    config = {
      url: target.url,
      clientId: resolveClientId(clientId),
      idChosen: typeof clientId === 'string' && clientId !== '',
      clean: options.clean ?? true,
      keepalive: options.keepalive ?? 30,
      connectTimeout: options.connectTimeout ?? 10_000,
      display: target.display,
      ...(reconnect ? { reconnect } : {}),
      ...(target.username === undefined ? {} : { username: target.username }),
      ...(target.password === undefined ? {} : { password: target.password }),
    };
  } catch (error) {
    return new MqttClient(undefined, undefined, deliver, { failure: error as Error });
  }
  const transport = chooseTransport(options.transport);
  return new MqttClient(transport, config, deliver, options.will ? { will: options.will } : {});
}

function chooseTransport(choice: ClientOptions['transport']): Transport {
  if (typeof choice === 'object') return choice;
  const useWorker = isBrowser && choice !== 'direct' && typeof Worker !== 'undefined';
  if (useWorker) return WorkerTransport.spawn();
  return new LazyTransport(async () => new (await import('./direct-transport.js')).DirectTransport());
}

/** The embedded broker's WebSocket port, written into the page by the kit's Vite plugin. */
function pageBrokerPort(): number | undefined {
  if (!isBrowser) return undefined;
  const port = Number(document.querySelector(`meta[name="${BROKER_PORT_META}"]`)?.getAttribute('content'));
  return Number.isInteger(port) && port > 0 && port < 65536 ? port : undefined;
}

function defaultUrl(): string {
  return isBrowser ? `mqtt://${location.hostname || 'localhost'}` : `mqtt://localhost:${DEFAULT_TCP_PORT}`;
}
