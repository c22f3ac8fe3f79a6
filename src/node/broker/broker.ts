import type { AedesOptions } from 'aedes';
import memoryPersistence from 'aedes-persistence';
import { randomUUID } from 'node:crypto';
import type { Server } from 'node:net';
import { limitPacketSize } from './packet-limit.js';
import { openPersistence } from './persistence.js';
import { startActivityFeed } from './activity-feed.js';
import { logBrokerActivity } from './activity-log.js';
import { createAuthenticate, createPreConnect } from './auth.js';
import { createAuthorizeForward, createAuthorizePublish, createAuthorizeSubscribe } from './authorize.js';
import { ConnectionStates } from './client-state.js';
import type { BrokerContext } from './context.js';
import { createMqttServer, createMqttWebSocketServer, readTlsMaterial, type AcceptConnection } from './listeners.js';
import { createLogger } from './log.js';
import { tlsUrlHost, urlHost } from './network.js';
import { resolveBrokerOptions, type BrokerListener, type BrokerOptions, type RunningBroker } from './options.js';
import { PolicedAedes } from './policed-aedes.js';
import { openCluster } from './cluster.js';
import { ResumeGates } from './session-resume.js';
import { WillGuard } from './will-guard.js';
import { listenWithFallback, trackSockets } from './server-lifecycle.js';

/**
 * Starts the kit's MQTT 3.1.1 broker (aedes) on TCP and WebSocket, plus TLS and WSS when
 * given a certificate, with username/password profiles, topic permissions and limits.
 * A taken port moves to the next free one unless `strictPorts` names its listener.
 *
 * @example
 * const broker = await createBroker({ tcpPort: 0, wsPort: 0 });
 * console.log(broker.urls.ws); // ws://127.0.0.1:40123
 * await broker.close();
 */
export async function createBroker(options: BrokerOptions = {}): Promise<RunningBroker> {
  const resolved = resolveBrokerOptions(options);
  const logger = createLogger(resolved.log, resolved.logLevel);
  const tls = resolved.tls ? await readTlsMaterial(resolved.tls.cert, resolved.tls.key) : undefined;

  const aedesOptions: AedesOptions = {};
  // Only when given: aedes merges with Object.assign, so an undefined would erase its default.
  if (resolved.heartbeatIntervalMs !== undefined) aedesOptions.heartbeatInterval = resolved.heartbeatIntervalMs;
  // aedes' own default id, chosen here so the cluster's message bus knows it too.
  const nodeId = randomUUID();
  aedesOptions.id = nodeId;
  const cluster = resolved.cluster ? await openCluster(resolved.cluster, nodeId, logger) : undefined;
  if (cluster) aedesOptions.mq = cluster.mq as AedesOptions['mq'];
  const store = cluster ?? (resolved.persistDir ? await openPersistence(resolved.persistDir) : undefined);
  const resumeGates = new ResumeGates();
  const wills = new WillGuard(logger);
  aedesOptions.persistence = resumeGates.persistence(wills.persistence((store?.persistence ?? memoryPersistence()) as object)) as AedesOptions['persistence'];
  const aedes = new PolicedAedes(aedesOptions);
  const ctx: BrokerContext = { aedes, options: resolved, logger, states: new ConnectionStates(), live: new Map() };
  aedes.preConnect = createPreConnect(ctx);
  aedes.authenticate = createAuthenticate(ctx);
  aedes.authorizePublish = createAuthorizePublish(ctx);
  aedes.authorizeSubscribe = createAuthorizeSubscribe(ctx);
  aedes.authorizeForward = createAuthorizeForward();
  logBrokerActivity(ctx);
  const feed = resolved.activityFeed ? startActivityFeed(ctx) : undefined;
  await aedes.listen();
  // Well above the payload limit, so oversized messages still reach the payload check
  // (dropped and logged); only absurd packets are cut off before they are buffered.
  const maxPacketBytes = Math.max(64 * resolved.maxPayloadBytes, 4 << 20);
  const accept: AcceptConnection = (connection, remoteAddress, request) => {
    const client = aedes.handle(connection, request);
    resumeGates.hold(client);
    const state = ctx.states.open(client, remoteAddress);
    limitPacketSize(client, maxPacketBytes, (declared) =>
      logger.error(`closed the connection from ${state.address}${client.id ? ` ('${client.id}')` : ''}: it sent a packet of ${declared} bytes; the limit is ${maxPacketBytes}`),
    );
  };

  const closers: Array<() => Promise<void>> = [];
  const start = async (server: Server, port: number, listener: BrokerListener, label: string): Promise<number> => {
    closers.push(trackSockets(server));
    const strict = resolved.strictPorts.has(listener);
    const bound = await listenWithFallback(server, { port, host: resolved.host, strict, label, logger });
    // After listening, a server error (say, out of file descriptors) is logged, never thrown.
    server.on('error', (error: Error) => logger.error(`${label} listener: ${error.message}`));
    return bound;
  };
  const closeAll = async (): Promise<void> => {
    feed?.close();
    await new Promise<void>((resolve) => aedes.close(() => resolve()));
    await Promise.all(closers.map((close) => close()));
    await store?.close();
  };

  // Bounds one WebSocket frame well above the payload limit, so oversized messages still
  // reach the payload check (dropped and logged) while absurd frames are refused early.
  const maxFrameBytes = Math.max(4 * resolved.maxPayloadBytes, 1 << 20);
  try {
    const tcpPort = await start(createMqttServer(accept), resolved.tcpPort, 'tcp', 'MQTT (TCP)');
    const wsPort = await start(createMqttWebSocketServer(accept, maxFrameBytes), resolved.wsPort, 'ws', 'MQTT over WebSocket');
    const host = urlHost(resolved.host);
    const running: RunningBroker = {
      aedes,
      host: resolved.host,
      tcpPort,
      wsPort,
      urls: { tcp: `mqtt://${host}:${tcpPort}`, ws: `ws://${host}:${wsPort}` },
      close: once(closeAll),
    };
    if (cluster) running.cluster = { redis: cluster.url, nodeId };
    if (tls && resolved.tls) {
      const tlsHost = tlsUrlHost(resolved.host);
      running.tlsPort = await start(createMqttServer(accept, tls), resolved.tls.tcpPort, 'tls', 'MQTT over TLS');
      running.wssPort = await start(createMqttWebSocketServer(accept, maxFrameBytes, tls), resolved.tls.wsPort, 'wss', 'MQTT over secure WebSocket');
      running.urls.mqtts = `mqtts://${tlsHost}:${running.tlsPort}`;
      running.urls.wss = `wss://${tlsHost}:${running.wssPort}`;
    }
    return running;
  } catch (error) {
    await closeAll();
    throw error;
  }
}

/** Later calls share the first call's promise, so close() is safe to call twice. */
function once(action: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  return () => (running ??= action());
}
