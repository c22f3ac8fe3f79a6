// The p5 side of the kit: what sketches call and the types they need. Re-exports only.
export { mqttAddon, type SketchMqttOptions, type SketchCallbacks } from './addon.js';
export { registerOnP5 } from './register-on-p5.js';
export { mqttSketch, type MqttSketch } from './sketch-types.js';
export type { KioskOptions, KioskStatus } from '../kit/kiosk/index.js';
// The helper, so a sketch needs one import.
export {
  connect, parseBrokerUrl, maskUrl, BrokerUrlError, matchTopic, topicProblem, filterProblem, assertTopic, assertFilter,
  createMessage, encodePayload, resolveClientId,
} from '../index.js';
export type {
  MqttClient, ClientStats, BrokerTarget, UrlContext, MqttMessage, Payload,
  ClientEvents, ClientOptions, ClientStatus, DeliveryMode, MessageHandler, PublishOptions, QoS, SubscribeOptions, Will,
} from '../index.js';
