import type p5 from 'p5';
import type { MqttClient } from '../mqtt/client.js';
import type { MqttMessage } from '../mqtt/payload.js';
import type { SketchMqttOptions } from './addon.js';

/**
 * A p5 instance with what `p5.registerAddon(mqttAddon)` adds. p5's types export the class
 * as a default export, which TypeScript cannot augment, hence this type and `mqttSketch`.
 */
export type MqttSketch = p5 & {
  /**
   * Connects to an MQTT broker, the way Processing's `client.connect(uri, clientId)` does.
   * @example const client = p.connectMqtt('mqtt://public:public@localhost', 'p5');
   */
  connectMqtt(url?: string, clientId?: string, options?: SketchMqttOptions): MqttClient;
  /**
   * Define it to receive every message no per-topic handler took, once per frame before
   * draw(): the payload as text, and the full view (`number`, `json`, `bytes`…) third.
   */
  messageReceived?: (topic: string, message: string, details: MqttMessage) => void;
  /** Define it to hear of every (re)connection. */
  clientConnected?: () => void;
  /** Define it to hear when the connection drops (the client reconnects by itself). */
  connectionLost?: () => void;
};

/**
 * Types an instance-mode sketch as an MqttSketch.
 *
 * @example
 * p5.registerAddon(mqttAddon);
 * new p5(mqttSketch((p) => { p.setup = () => { p.connectMqtt(); }; }));
 */
export function mqttSketch(body: (p: MqttSketch) => void): (p: p5) => void {
  return body as (p: p5) => void;
}
