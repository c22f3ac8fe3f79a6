import type { AedesPublishPacket, Client } from 'aedes';
import { matchTopic } from '../../mqtt/topics.js';
import type { InternalMember } from './internals.js';

type Deliver = (packet: AedesPublishPacket, done: () => void) => void;

/** `ClientInternals` as a list, checked against the installed aedes. */
export const DELIVERY_QOS_INTERNALS: readonly InternalMember[] = [
  { on: 'an aedes client', name: 'subscriptions', shape: 'object' },
  { on: 'an aedes client', name: 'deliver0', shape: 2 },
  { on: 'an aedes client', name: 'deliverQoS', shape: 2 },
];

/**
 * The parts of an aedes 1.2 client this module relies on. They are not in aedes' typings,
 * so the one cast lives here; test/node/broker/internals.test.ts checks they are still
 * there, test/node/broker/standard.test.ts that they still behave.
 */
interface ClientInternals {
  /** Topic filter → the subscription aedes granted. */
  subscriptions: Record<string, { qos: number }>;
  deliver0: Deliver;
  deliverQoS: Deliver;
}

const internals = (client: Client) => client as unknown as ClientInternals;

/**
 * The highest QoS `client` was granted among its subscriptions matching `topic`, or -1
 * when none matches (for example a message queued before an unsubscribe).
 */
export function maxGrantedQos(client: Client, topic: string): number {
  let max = -1;
  const subscriptions = internals(client).subscriptions;
  for (const filter in subscriptions) {
    const qos = subscriptions[filter]?.qos ?? 0;
    if (qos > max && matchTopic(filter, topic)) max = qos;
  }
  return max;
}

/**
 * Makes a client's QoS 0 subscriptions hand a message to the QoS path when another of the
 * client's subscriptions matching it was granted QoS 1 or 2.
 *
 * Why: aedes delivers one copy per message per client (it dedupes by broker counter) and
 * that copy takes the QoS of whichever matching subscription fires first. When the QoS 0
 * one wins, the client gets QoS 0 although it holds a QoS 1 subscription for the topic,
 * which breaks [MQTT-3.3.5-1] ("respecting the maximum QoS of all the matching
 * subscriptions"; aedes issue #1074). The QoS itself is then set by `deliveryQos` in
 * `authorizeForward`. Must run before the client's first subscription (aedes captures the
 * delivery function when subscribing), so we call it from `preConnect`.
 */
export function deliverAtMaxQos(client: Client): void {
  const target = internals(client);
  const deliver0 = target.deliver0;
  const deliverQoS = target.deliverQoS;
  target.deliver0 = function deliverMaxQos(packet, done) {
    // Only a QoS>0 message can be upgraded; checking it first keeps QoS 0 floods cheap.
    if (packet.qos > 0 && maxGrantedQos(client, packet.topic) > 0) deliverQoS(packet, done);
    else deliver0(packet, done);
  };
}

/**
 * Adjusts an outgoing PUBLISH in place (aedes writes the very object `authorizeForward`
 * sees on every path) so it follows MQTT 3.1.1. Returns false when the message should not
 * be sent at all.
 *
 * - QoS is at most the highest one granted among the matching subscriptions
 *   [MQTT-3.8.4-6]. aedes 1.2 only downgrades when the filter equals the topic, so a QoS 2
 *   publish reached a QoS 1 `sensors/#` subscriber at QoS 2, and retained and queued
 *   messages kept their original QoS.
 * - A QoS>0 message that already carries a packet identifier comes from the session queue
 *   and may have been sent before: it gets DUP=1 [MQTT-3.3.1-1]. aedes resends such
 *   messages with DUP=0.
 */
export function deliveryQos(client: Client, packet: AedesPublishPacket): boolean {
  if (packet.qos === 0) return true;
  const fromQueue = packet.messageId !== undefined;
  const max = maxGrantedQos(client, packet.topic);
  if (max >= 0 && max < packet.qos) {
    // A queued message sent at QoS 0 would never be acknowledged and so never leave the
    // queue; QoS 0 allows losing it, and returning false makes aedes remove it.
    if (max === 0 && fromQueue) return false;
    packet.qos = max as AedesPublishPacket['qos'];
  }
  if (fromQueue) packet.dup = true;
  return true;
}
