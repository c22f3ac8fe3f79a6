import { MqttClient } from './client.js';
import { resolveClientId } from './client-id.js';
import { DEFAULT_TCP_PORT } from './defaults.js';
import { FallbackTransport } from './fallback-transport.js';
import { LazyTransport } from './lazy-transport.js';
import { parseBrokerList, toBrokerServer } from './broker-list.js';
import { WorkerTransport } from './worker/worker-transport.js';
import type { ClientOptions } from './types.js';
import { isLocalNetworkHost } from './url.js';
import type { Transport } from './transport.js';

const isBrowser = typeof window !== 'undefined' && typeof document !== 'undefined';

/**
 * Connects to an MQTT broker the way Processing users do, and returns the client at once
 * (it connects in the background and reconnects by itself). In a browser `mqtt://` URLs go
 * over WebSocket and the connection runs in a Web Worker; in Node over TCP, directly.
 * A bad URL or client id does not throw: the client's status is `error` and says why.
 *
 * Several URLs (an array, or one string with commas: `ws://a:9001,ws://b:9001`) name the
 * nodes of one cluster: the client starts with the first and, whenever a connection fails
 * or drops, tries the next.
 *
 * @example
 * const client = connect('mqtt://public:public@public.cloud.shiftr.io', 'processing');
 * client.subscribe('hello', (m) => console.log(`${m.topic}: ${m.text}`));
 * client.publish('hello', 'world');
 * connect(['ws://a.local:9001', 'ws://b.local:9001'], 'installation');
 */
export function connect(url?: string | readonly string[], clientId?: string, options: ClientOptions = {}): MqttClient {
  // Handed over as they arrive unless asked otherwise: only a frame loop that calls drain()
  // (the p5 addon's connectMqtt) may queue them, or a plain page would never see a message.
  const deliver = options.deliver ?? 'immediate';
  let config;
  try {
    const targets = parseBrokerList(url ?? defaultUrl(), {
      runtime: isBrowser ? 'browser' : 'node',
      ...(options.pageBroker ? { pageBroker: options.pageBroker } : {}),
      ...(isBrowser ? { securePage: location.protocol === 'https:' } : {}),
    });
    const target = targets[0]!;
    const reconnect = options.reconnect === false
      ? undefined
      : { min: options.reconnect?.min ?? 1000, max: options.reconnect?.max ?? 10_000, forever: options.reconnect?.forever === true };
    config = {
      url: target.url,
      clientId: resolveClientId(clientId),
      idChosen: typeof clientId === 'string' && clientId !== '',
      clean: options.clean ?? true,
      keepalive: options.keepalive ?? 30,
      connectTimeout: options.connectTimeout ?? 10_000,
      display: targets.map((each) => each.display).join(', '),
      ...(targets.length > 1 ? { servers: targets.map(toBrokerServer) } : {}),
      ...(options.unreachableHint ? { unreachableHint: options.unreachableHint } : {}),
      ...(options.loginHint ? { loginHint: options.loginHint } : {}),
      ...(targets.every((each) => !isLocalNetworkHost(each.host)) ? { remote: true } : {}),
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
  const direct = () => new LazyTransport(async () => new (await import('./direct-transport.js')).DirectTransport());
  const useWorker = isBrowser && choice !== 'direct' && typeof Worker !== 'undefined';
  return useWorker ? new FallbackTransport(() => WorkerTransport.spawn(), direct) : direct();
}

function defaultUrl(): string {
  return isBrowser ? 'mqtt://localhost' : `mqtt://localhost:${DEFAULT_TCP_PORT}`;
}
