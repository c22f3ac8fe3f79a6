import type { MqttClient } from '../../mqtt/client.js';
import type { PageBroker } from '../../mqtt/url.js';
import { BROKER_PORT_META } from '../page-broker.js';

/** How often an unreachable kiosk asks its server where the broker is now. */
export const MOVED_CHECK_MS = 5000;

/**
 * The WebSocket port a kit page names in its `<meta name="p5-mqtt-ws-port">`, read from the
 * page's HTML as text (no DOM needed), or undefined when it names none.
 */
export function brokerPortIn(html: string): number | undefined {
  const tag = new RegExp(`<meta[^>]*name=["']${BROKER_PORT_META}["'][^>]*>`, 'i').exec(html)?.[0];
  const port = Number(tag && /content=["'](\d+)["']/i.exec(tag)?.[1]);
  return Number.isInteger(port) && port > 0 && port <= 65535 ? port : undefined;
}

/** Fetches this page afresh from its server: what a reload would get. */
async function thisPageAfresh(): Promise<string> {
  const response = await fetch(location.href, { cache: 'no-store' });
  return response.ok ? response.text() : '';
}

/**
 * A kiosk page keeps the broker's port it was served with. When `npm run serve` restarts and
 * its broker gets another port (the last one was taken, or is now free again), the page
 * would retry the old one forever, and the watchdog cannot help: frames are still drawn.
 * So while `client` cannot reach its broker, the page asks its server every `everyMs` where
 * the broker is now, and calls `moved(port)` once that differs from the port it was served
 * with. Returns the function that stops it.
 *
 * @example
 * followMovedBroker(client, pageBroker(), () => location.reload());
 */
export function followMovedBroker(
  client: MqttClient,
  served: PageBroker | undefined,
  moved: (port: number) => void,
  everyMs = MOVED_CHECK_MS,
  fetchPage: () => Promise<string> = thisPageAfresh,
): () => void {
  if (!served) return () => {};
  let timer: ReturnType<typeof setInterval> | undefined;
  let done = false;
  const check = async () => {
    let port: number | undefined;
    try {
      port = brokerPortIn(await fetchPage());
    } catch {
      // The server is down too (serve restarting): ask again next time.
      return;
    }
    if (done || port === undefined || port === served.wsPort || client.connected) return;
    stop();
    moved(port);
  };
  const follow = () => {
    // Trying and failing; not 'offline' (the sketch hung up) nor 'error' (a refused login).
    const lost = client.status === 'connecting' || client.status === 'reconnecting';
    if (lost && timer === undefined && !done) timer = setInterval(() => void check(), everyMs);
    if (!lost && timer !== undefined) {
      clearInterval(timer);
      timer = undefined;
    }
  };
  const off = client.on('status', follow);
  follow();
  function stop(): void {
    done = true;
    off();
    clearInterval(timer);
    timer = undefined;
  }
  return stop;
}
