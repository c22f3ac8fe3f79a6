// Types for global-mode sketches: `import type {} from '…/src/p5/global.js'` (beside
// `import type {} from 'p5/global'` for p5's own functions) lets TypeScript know what the
// addon puts on window. Declarations only; nothing here runs.
import type { MqttClient } from '../mqtt/client.js';
import type { MqttMessage } from '../mqtt/payload.js';
import type { SketchMqttOptions } from './sketch-connections.js';

declare global {
  /**
   * Connects to an MQTT broker, the way Processing's `client.connect(uri, clientId)` does.
   * @example let client = connectMqtt('mqtt://public:public@localhost');
   */
  function connectMqtt(url?: string, clientId?: string, options?: SketchMqttOptions): MqttClient;

  interface Window {
    /** Every message no per-topic handler took, once per frame before draw(): the payload as text, the full view third. */
    messageReceived?: (topic: string, message: string, details: MqttMessage) => void;
    /** After every (re)connection. */
    clientConnected?: () => void;
    /** When the connection drops; the client reconnects by itself. */
    connectionLost?: () => void;
  }
}

export {};
