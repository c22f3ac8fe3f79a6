import type { Redis } from 'ioredis';
import createRedisEmitter from 'mqemitter-redis';
import type { InternalMember } from './internals.js';

type Message = Record<string, unknown> & { topic: string };
type Emit = (message: Message, done?: (error?: Error) => void) => void;

/** The members of an mqemitter-redis 7 emitter this module reads or replaces. */
export const CLUSTER_BUS_INTERNALS: readonly InternalMember[] = [
  // mqemitter's own emit, kept by mqemitter-redis as `_emit`; its Redis handler calls it.
  { on: 'an mqemitter-redis emitter', name: '_emit', shape: 2 },
  // mqemitter's own close, kept as `_close`: closes the emitter, leaves the connections.
  { on: 'an mqemitter-redis emitter', name: '_close', shape: 1 },
  // Where mqemitter-redis re-emits its connections' errors; unheard, an error would throw.
  { on: 'an mqemitter-redis emitter', name: 'state', shape: 'object' },
];

interface EmitterInternals {
  emit: Emit;
  _emit: Emit;
  state: { on(event: 'error', listener: (error: Error) => void): void };
  close(done: () => void): void;
  _close(done: () => void): void;
}

/** Marks a message on its way through Redis with the node that sent it. */
const ORIGIN = 'kitNode';
/** aedes' subscription broadcasts: they must go round Redis (see below). */
const SUBSCRIPTION_BROADCAST = '$SYS/sub/';

/**
 * aedes' message bus for a cluster node: mqemitter-redis, except that a message published
 * on this node reaches this node's subscribers at once and other nodes through Redis.
 *
 * Why: stock mqemitter-redis delivers even a node's own messages only once they come back
 * from Redis, so a node whose Redis is away delivers nothing, not even between two of its
 * own clients. Here a node keeps serving its own clients while Redis is away; what it sends
 * meanwhile waits in the connection's queue and reaches the other nodes when Redis returns.
 * Its own copies coming back are recognised by the `kitNode` mark and skipped.
 *
 * A node's birth (`$SYS/<id>/birth`, sent when aedes starts) is sent as a heartbeat too.
 * aedes' survivors publish the wills of every node whose heartbeat they have not seen
 * lately, so until the first heartbeat (5 s after start) the other nodes would publish the
 * wills of this node's clients while they are still connected.
 *
 * aedes' subscription broadcasts (`$SYS/sub/…`) still go round Redis: a node waits for its
 * own broadcast to come back before it acknowledges a subscription, and so, as in stock
 * aedes, every node knows a persistent subscription (and queues messages for it) before its
 * SUBACK leaves.
 *
 * @example
 * const mq = createClusterBus(publisher, subscriber, aedesId);
 * const aedes = await Aedes.createBroker({ id: aedesId, mq, persistence });
 */
export function createClusterBus(pubConn: Redis, subConn: Redis, nodeId: string): unknown {
  const bus = createRedisEmitter({ pubConn, subConn }) as unknown as EmitterInternals;
  const viaRedis = bus.emit.bind(bus);
  const local = bus._emit.bind(bus);
  // The connections' errors are logged where they are made (cluster.ts).
  bus.state.on('error', () => {});

  const birth = `$SYS/${nodeId}/birth`;
  bus.emit = (message, done) => {
    if (message.topic.startsWith(SUBSCRIPTION_BROADCAST)) return viaRedis(message, done);
    local(message, done);
    // A failed publish only means other nodes miss it: the local delivery stands.
    viaRedis({ ...message, [ORIGIN]: nodeId }, () => {});
    if (message.topic === birth) {
      // Without aedes' number: it is a message of its own, not a second copy of the birth.
      bus.emit({ cmd: 'publish', topic: `$SYS/${nodeId}/heartbeat`, payload: message.payload, qos: 0, retain: false });
    }
  };
  // The connections are cluster.ts' to close: mqemitter-redis' own close QUITs them and
  // waits, forever if Redis is away and publishes are queued.
  bus.close = (done) => bus._close(done);
  // What arrives from Redis.
  bus._emit = (message, done) => {
    if (message[ORIGIN] === nodeId) return done?.();
    delete message[ORIGIN];
    local(message, done);
  };
  return bus;
}
