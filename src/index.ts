// The kit's public API. Re-exports only.
export { connect } from './mqtt/connect.js';
// A type only: clients come from connect(); the constructor is the kit's own.
export type { MqttClient, ClientStats } from './mqtt/client.js';
export { parseBrokerUrl, maskUrl, BrokerUrlError, type BrokerTarget, type UrlContext } from './mqtt/url.js';
export { matchTopic, topicProblem, filterProblem, assertTopic, assertFilter } from './mqtt/topics.js';
export { createMessage, encodePayload, type MqttMessage, type Payload } from './mqtt/payload.js';
export { resolveClientId } from './mqtt/client-id.js';
export type {
  ClientEvents, ClientOptions, ClientStatus, DeliveryMode, MessageHandler, PublishOptions, QoS, SubscribeOptions, Will,
} from './mqtt/types.js';
