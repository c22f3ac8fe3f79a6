import { Redis, type RedisOptions } from 'ioredis';
import persistenceRedis from 'aedes-persistence-redis';
import { createClusterBus } from './cluster-bus.js';
import type { Logger } from './log.js';
import { orderedPersistence, type AedesPersistence } from './persistence-order.js';
import { maskRedisUrl } from './redis-url.js';

/** What a cluster node hands aedes, and how to leave the cluster. */
export interface OpenCluster {
  /** For aedes' `mq` option. */
  mq: unknown;
  /** For aedes' `persistence` option. */
  persistence: unknown;
  /** The Redis URL with its password masked, for banners and logs. */
  url: string;
  close(): Promise<void>;
}

/** How long the first connection may take before `--cluster` gives up. */
const CONNECT_TIMEOUT_MS = 5000;
/** How long closing waits for queued commands before it drops the connections. */
const QUIT_TIMEOUT_MS = 1000;

/**
 * Joins the cluster whose state lives in the Redis at `url`: aedes' message bus
 * (mqemitter-redis, see cluster-bus.ts) and its persistence (aedes-persistence-redis:
 * sessions, subscriptions, retained and queued messages) both go through it, so brokers
 * started with the same URL act as one broker.
 *
 * A Redis that cannot be reached now is an error naming the URL. One that goes away later
 * is logged once, and once more when it is back: meanwhile the node keeps serving its own
 * clients, and whatever needs Redis waits in the connections' queues until it returns.
 *
 * The Redis persistence is wrapped by `orderedPersistence`, as the LevelDB one is: its
 * writes take Redis round trips and finish in any order, and aedes would skip live QoS 1/2
 * messages overtaken by later ones (see persistence-order.ts).
 *
 * @example
 * const cluster = await openCluster('redis://127.0.0.1:6379', aedesId, logger);
 * const aedes = await Aedes.createBroker({ id: aedesId, mq: cluster.mq, persistence: cluster.persistence });
 */
export async function openCluster(url: string, nodeId: string, logger: Logger): Promise<OpenCluster> {
  const shown = maskRedisUrl(url);
  const options: RedisOptions = {
    lazyConnect: true,
    connectionName: 'p5-mqtt-kit',
    // Commands wait for Redis to come back rather than fail after 20 retries.
    maxRetriesPerRequest: null,
    retryStrategy: (attempt) => Math.min(250 * attempt, 2000),
  };
  // Three connections: a subscribed one can send nothing else, and the persistence's
  // commands should not queue behind the flood of publishes.
  const connections = {
    store: new Redis(url, options),
    publisher: new Redis(url, options),
    subscriber: new Redis(url, options),
  };
  const all = Object.values(connections);
  const watch = watchConnections(all, shown, logger);

  try {
    await withTimeout(Promise.all(all.map((connection) => connection.connect())), CONNECT_TIMEOUT_MS);
  } catch (error) {
    for (const connection of all) connection.disconnect();
    const reason = watch.lastError() ?? (error as Error).message;
    throw new Error(`Could not reach Redis at ${shown} for --cluster: ${reason}. Is redis-server running there? Start it (e.g. redis-server --port 6379), or check the URL.`);
  }

  const { persistence, settled } = orderedPersistence(persistenceRedis({ conn: connections.store }) as AedesPersistence);
  return {
    mq: createClusterBus(connections.publisher, connections.subscriber, nodeId),
    persistence,
    url: shown,
    async close() {
      watch.closing();
      await settled();
      // QUIT lets commands already queued go out; a Redis that is away would keep it waiting.
      const quit = Promise.allSettled(all.map((connection) => connection.quit()));
      await withTimeout(quit, QUIT_TIMEOUT_MS).catch(() => {});
      for (const connection of all) connection.disconnect();
    },
  };
}

/**
 * Logs Redis going away and coming back, once each (ioredis reports every failed retry),
 * and keeps the last error for the start-up message.
 */
function watchConnections(connections: Redis[], shown: string, logger: Logger) {
  let lastError: string | undefined;
  let state: 'starting' | 'up' | 'away' | 'closing' = 'starting';
  const lost = (reason: string) => {
    if (state !== 'up') return;
    state = 'away';
    logger.error(`lost the connection to Redis at ${shown} (${reason}); this node keeps serving its own clients, and catches up with the cluster when Redis is back`);
  };
  for (const connection of connections) {
    connection.on('error', (error: Error & { code?: string }) => {
      lastError = error.code === 'ECONNREFUSED' ? 'connection refused' : error.message;
      lost(lastError);
    });
    connection.on('close', () => lost('connection closed'));
    connection.on('ready', () => {
      if (state === 'closing' || !connections.every((c) => c.status === 'ready')) return;
      if (state === 'away') logger.info(`Redis at ${shown} is back; this node is in the cluster again`);
      state = 'up';
    });
  }
  return {
    lastError: () => lastError,
    closing: () => void (state = 'closing'),
  };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
