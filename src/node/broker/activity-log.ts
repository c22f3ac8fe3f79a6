import type { EventEmitter } from 'node:events';
import type { AedesPublishPacket, Client, Subscription } from 'aedes';
import { profileOf } from './client-state.js';
import { quoteId, type BrokerContext } from './context.js';
import { previewPayload } from './log.js';

// aedes marks refused subscriptions with the SUBACK failure code.
const SUBACK_FAILURE = 128;

/**
 * Turns aedes events into the broker's log lines and keeps `ctx.live` (connected clients
 * by id) current. Denied and dropped messages are logged by the hooks that decide them.
 */
export function logBrokerActivity(ctx: BrokerContext): void {
  const { aedes, logger, states, live } = ctx;

  // 'client' fires once registered and before the CONNACK, so the line precedes anything the client does.
  aedes.on('client', (client: Client) => {
    live.set(client.id, client);
    const state = states.get(client);
    logger.info(`connect ${quoteId(client.id)} as ${profileOf(client)?.username ?? 'nobody'} from ${state?.address ?? 'unknown address'}`);
    if (state?.replacedOlder) logger.info(`client ${quoteId(client.id)} replaced an older connection with the same id`);
  });

  aedes.on('clientDisconnect', (client: Client) => {
    if (live.get(client.id) === client) live.delete(client.id);
    const state = states.get(client);
    const reason = state?.replacedByNewer ? 'replaced by a newer connection' : state?.lastError;
    logger.info(`disconnect ${quoteId(client.id)}${reason ? ` (${reason})` : ''}`);
  });

  aedes.on('clientError', (client: Client, error: Error) => {
    const state = states.get(client);
    if (state) state.lastError = error.message;
    logger.verbose(`client ${quoteId(client.id)}: ${error.message}`);
  });

  // Errors before a CONNECT was accepted: garbage bytes, an HTTP request on the MQTT port, a timeout.
  aedes.on('connectionError', (client: Client, error: Error) => {
    logger.info(`connection from ${states.get(client)?.address ?? 'unknown address'} failed: ${error.message}`);
  });

  aedes.on('subscribe', (subscriptions: Subscription[], client: Client) => {
    // Typed as QoS 0–2, but aedes puts the failure code in the same field.
    const granted = subscriptions.filter((sub) => (sub.qos as number) !== SUBACK_FAILURE);
    if (granted.length === 0) return;
    logger.info(`subscribe ${quoteId(client.id)} to ${granted.map((sub) => `${sub.topic} (qos ${sub.qos})`).join(', ')}`);
  });

  aedes.on('unsubscribe', (topics: string[], client: Client) => {
    // aedes also reports the subscriptions a closing clean session drops; the disconnect line covers those.
    if (client.closed) return;
    logger.info(`unsubscribe ${quoteId(client.id)} from ${topics.join(', ')}`);
  });

  aedes.on('publish', (packet: AedesPublishPacket, client: Client | null) => {
    // No client: aedes' own $SYS messages.
    if (!client) return;
    if (states.get(client)?.will === packet) {
      logger.info(`published the will of ${quoteId(client.id)} to '${packet.topic}'`);
      return;
    }
    if (!logger.verboseEnabled) return;
    const flags = `qos ${packet.qos}${packet.retain ? ', retained' : ''}`;
    logger.verbose(`message ${quoteId(client.id)} → ${packet.topic} (${flags}): ${previewPayload(packet.payload)}`);
  });

  // Without a listener an 'error' event would throw and take the process down.
  // aedes' typings omit 'error'; it is an EventEmitter, so listen through that type.
  (aedes as EventEmitter).on('error', (error: unknown) => {
    logger.error(`broker error: ${error instanceof Error ? error.message : String(error)}`);
  });
}
