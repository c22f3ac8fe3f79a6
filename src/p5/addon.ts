import type p5 from 'p5';
import { connect } from '../mqtt/connect.js';
import type { MqttClient } from '../mqtt/client.js';
import type { MqttMessage } from '../mqtt/payload.js';
import type { ClientOptions } from '../mqtt/types.js';
import { chooseBrokerUrl } from './broker-choice.js';
import { StatusHud } from './hud.js';

/** Options of `connectMqtt`, beyond the client's own. */
export interface SketchMqttOptions extends Omit<ClientOptions, 'deliver'> {
  /** Show the status HUD (default true); it can still be toggled with `hudKey`. */
  hud?: boolean;
  /** The key that toggles the HUD (default 'Escape'); the sketch never receives it. */
  hudKey?: string;
}

/** Callbacks a sketch may define, found by name like Processing's library does. */
interface SketchCallbacks {
  messageReceived?: (topic: string, message: MqttMessage) => void;
  clientConnected?: () => void;
  connectionLost?: () => void;
}

interface Connection {
  client: MqttClient;
  hud?: StatusHud;
  /** Connection events waiting for the next frame, so callbacks run inside the draw loop. */
  events: ('connected' | 'lost')[];
}

const connections = new WeakMap<object, Connection[]>();

/**
 * The p5 2.x addon: `p5.registerAddon(mqttAddon)` gives every sketch `connectMqtt()`.
 * Messages are drained once per frame before `draw()`, and `messageReceived(topic, message)`,
 * `clientConnected()` and `connectionLost()` are called by name if the sketch defines them —
 * in global and instance mode alike. The connection closes on `remove()`.
 *
 * @example
 * p5.registerAddon(mqttAddon);
 * let client;
 * function setup() {
 *   client = connectMqtt('mqtt://public:public@localhost', 'p5');
 *   client.subscribe('hello');
 * }
 * function keyPressed() { client.publish('hello', 'world'); }
 * function messageReceived(topic, message) { print(`${topic}: ${message}`); }
 */
export function mqttAddon(_p5: typeof p5, fn: Record<string, unknown>, lifecycles: Record<string, () => unknown>): void {
  fn['connectMqtt'] = function (this: p5, url?: string, clientId?: string, options: SketchMqttOptions = {}): MqttClient {
    const { hud = true, hudKey, ...clientOptions } = options;
    const client = connect(chooseBrokerUrl(url), clientId, { ...clientOptions, deliver: 'drain' });
    const connection: Connection = { client, events: [] };
    client.on('connected', () => connection.events.push('connected'));
    client.on('lost', () => connection.events.push('lost'));
    // Messages only arrive through drain(), which runs in predraw: inside the draw loop.
    client.on('message', (message) => {
      const { messageReceived } = callbacksOf(this);
      if (messageReceived) safely(() => messageReceived.call(this, message.topic, message), 'messageReceived()');
    });
    connection.hud = new StatusHud(client, { visible: hud, ...(hudKey ? { key: hudKey } : {}) });
    const list = connections.get(this) ?? [];
    list.push(connection);
    connections.set(this, list);
    return client;
  };

  lifecycles['predraw'] = function (this: p5) {
    const list = connections.get(this);
    if (!list) return;
    const sketch = callbacksOf(this);
    for (const connection of list) deliverFrame(connection, sketch);
  };

  lifecycles['remove'] = async function (this: p5) {
    const list = connections.get(this) ?? [];
    connections.delete(this);
    await Promise.all(list.map(({ client, hud }) => (hud?.remove(), client.disconnect())));
  };
}

function deliverFrame(connection: Connection, sketch: SketchCallbacks): void {
  const { client, events } = connection;
  for (const event of events.splice(0)) {
    const callback = event === 'connected' ? sketch.clientConnected : sketch.connectionLost;
    safely(() => callback?.(), `${event === 'connected' ? 'clientConnected' : 'connectionLost'}()`);
  }
  connection.hud?.update(client.drain());
}

/** Global mode keeps the sketch's functions on window; instance mode on the instance. */
function callbacksOf(instance: p5): SketchCallbacks {
  const context = (instance as unknown as { _isGlobal?: boolean })._isGlobal ? globalThis : instance;
  return context as SketchCallbacks;
}

const reported = new Set<string>();
function safely(run: () => void, where: string): void {
  try {
    run();
  } catch (error) {
    // One bad message must not stop the sketch; say it once per place and kind of error.
    const key = `${where}:${(error as Error)?.message}`;
    if (reported.has(key)) return;
    reported.add(key);
    console.error(`Error in your ${where}:`, error);
  }
}
