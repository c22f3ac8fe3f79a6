/**
 * The WebSocket side of the public brokers a class meets, so `mqtt://broker.hivemq.com`
 * written the Processing way still works in a browser. Each broker publishes these in its
 * own documentation; a host not listed here needs its WebSocket URL written out.
 */
export interface WebSocketEndpoint {
  /** For `mqtt://` (plain). */
  readonly ws?: number;
  /** For `mqtts://` (TLS), and for `mqtt://` where the broker has no plain WebSocket. */
  readonly wss: number;
  readonly path: string;
}

export const PUBLIC_BROKERS: Readonly<Record<string, WebSocketEndpoint>> = {
  'test.mosquitto.org': { ws: 8080, wss: 8081, path: '' },
  'broker.hivemq.com': { ws: 8000, wss: 8884, path: '/mqtt' },
  'broker.emqx.io': { ws: 8083, wss: 8084, path: '/mqtt' },
  // shiftr.io's cloud speaks WebSocket only over TLS, on 443, for every instance.
  'shiftr.io': { wss: 443, path: '' },
};

/** The endpoint of a known public broker (`*.shiftr.io` included), or undefined. */
export function publicBroker(host: string): WebSocketEndpoint | undefined {
  if (host === 'shiftr.io' || host.endsWith('.shiftr.io')) return PUBLIC_BROKERS['shiftr.io'];
  return Object.hasOwn(PUBLIC_BROKERS, host) ? PUBLIC_BROKERS[host] : undefined;
}
