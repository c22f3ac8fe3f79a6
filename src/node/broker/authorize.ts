import type { AedesPublishPacket, Client, PublishPacket, Subscription } from 'aedes';
import { canPublish, canReceive, canSubscribe } from './acl.js';
import { isWillOf, profileOf, type ConnectionState } from './client-state.js';
import { quoteId, type BrokerContext } from './context.js';
import { deliveryQos } from './delivery-qos.js';
import { isStoredWill, storedWillProblem } from './will-guard.js';

const RATE_WINDOW_MS = 1000;

/**
 * aedes `authorizePublish`: rate limit, topic and payload size, then the profile's publish
 * filters. A refused message is acknowledged and dropped (see PolicedAedes), and logged at
 * most once a second per client and reason.
 */
export function createAuthorizePublish(ctx: BrokerContext) {
  const { aedes, options } = ctx;
  return (client: Client | null, packet: PublishPacket, done: (error?: Error | null) => void): void => {
    // aedes passes no client for wills left by a broker that died: another node of the
    // cluster, or this folder's previous process (--persist). The same wills come with a
    // client when one has taken the id since; either way, the profile is the stored one.
    if (!client || (isStoredWill(packet) && !isWillOf(client, packet))) return authorizeStoredWill(ctx, packet, done);
    const state = ctx.states.get(client);
    const who = describeClient(client);
    const drop = (reason: string, line: string): void => {
      aedes.drop(packet);
      logThrottled(ctx, state, reason, line);
      done(null);
    };
    const isWill = isWillOf(client, packet);
    // The activity log tells a will from the client's last messages by this mark.
    if (isWill && state) state.will = packet;
    // A will is not part of a flood.
    if (options.rateLimit && state && !isWill && overRate(state, options.rateLimit)) {
      return drop('rate', `rate limit: dropping messages from ${who} (more than ${options.rateLimit} per second)`);
    }
    const topicBytes = Buffer.byteLength(packet.topic);
    if (topicBytes > options.maxTopicLength) {
      return drop('topic', `dropped a message from ${who}: its topic is ${topicBytes} bytes long; the limit is ${options.maxTopicLength}`);
    }
    const payloadBytes = byteLength(packet.payload);
    if (payloadBytes > options.maxPayloadBytes) {
      return drop('payload', `dropped a message from ${who} on '${packet.topic}': its payload is ${payloadBytes} bytes; the limit is ${options.maxPayloadBytes}`);
    }
    const profile = profileOf(client);
    if (!profile || !canPublish(profile, packet.topic)) {
      return drop('publish', `denied: ${who} may not publish to '${packet.topic}'`);
    }
    done(null);
  };
}

/**
 * aedes `authorizeSubscribe`: a filter the profile does not cover gets the SUBACK failure
 * code 0x80 (aedes does that when we answer with no subscription); the connection stays.
 */
export function createAuthorizeSubscribe(ctx: BrokerContext) {
  const { options } = ctx;
  return (client: Client, sub: Subscription, done: (error: Error | null, sub?: Subscription | null) => void): void => {
    const state = ctx.states.get(client);
    const who = describeClient(client);
    const filterBytes = Buffer.byteLength(sub.topic);
    if (filterBytes > options.maxTopicLength) {
      logThrottled(ctx, state, 'subscribe', `refused a subscription of ${who}: the filter is ${filterBytes} bytes long; the limit is ${options.maxTopicLength}`);
      return done(null, null);
    }
    const profile = profileOf(client);
    if (!profile || !canSubscribe(profile, sub.topic)) {
      logThrottled(ctx, state, 'subscribe', `denied: ${who} may not subscribe to '${sub.topic}'`);
      return done(null, null);
    }
    done(null, sub);
  };
}

/**
 * aedes `authorizeForward`, run for every message about to be written to a client: the
 * profile must still allow the topic (a persistent session can outlive a profile change),
 * and `deliveryQos` fixes QoS and DUP where aedes 1.2 gets them wrong.
 */
export function createAuthorizeForward() {
  return (client: Client, packet: AedesPublishPacket): AedesPublishPacket | null => {
    const profile = profileOf(client);
    if (profile && !canReceive(profile, packet.topic)) return null;
    return deliveryQos(client, packet) ? packet : null;
  };
}

function authorizeStoredWill(ctx: BrokerContext, packet: PublishPacket, done: (error?: Error | null) => void): void {
  const problem = storedWillProblem(packet, ctx.options.profiles);
  if (problem) {
    ctx.aedes.drop(packet);
    const owner = (packet as { clientId?: string }).clientId;
    ctx.logger.info(`did not publish the will of ${quoteId(owner)} on '${packet.topic}', left by a broker that stopped: ${problem}`);
  }
  done(null);
}

function overRate(state: ConnectionState, limit: number): boolean {
  const now = Date.now();
  if (now - state.rateWindowStart >= RATE_WINDOW_MS) {
    state.rateWindowStart = now;
    state.rateCount = 0;
  }
  state.rateCount++;
  return state.rateCount > limit;
}

function logThrottled(ctx: BrokerContext, state: ConnectionState | undefined, reason: string, line: string): void {
  const pass = state ? state.throttle.take(reason) : { suppressed: 0 };
  if (!pass) return;
  ctx.logger.info(pass.suppressed > 0 ? `${line} (and ${pass.suppressed} more since the last report)` : line);
}

function describeClient(client: Client): string {
  const profile = profileOf(client);
  return profile ? `${quoteId(client.id)} (${profile.username})` : quoteId(client.id);
}

function byteLength(payload: PublishPacket['payload'] | undefined): number {
  if (payload === undefined) return 0;
  return typeof payload === 'string' ? Buffer.byteLength(payload) : payload.length;
}
