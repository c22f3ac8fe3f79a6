import type p5 from 'p5';
import type { MqttClient } from '../mqtt/client.js';
import { beforeDraw, closeSketch, connectSketch, sketchOf, type P5Class, type SketchCallbacks, type SketchMqttOptions } from './sketch-connections.js';
import { reportIfNoSketchStarts } from './silent-page.js';

export type { SketchMqttOptions, SketchCallbacks };

/**
 * The p5 2.x addon: `p5.registerAddon(mqttAddon)` gives every sketch `connectMqtt()`.
 * Messages are drained once per frame before `draw()`, and `messageReceived(topic, message)`
 * (the payload as text; the full view third), `clientConnected()` and `connectionLost()` are
 * called by name if the sketch defines them — in global and instance mode alike. The
 * connection closes on `remove()`.
 *
 * @example
 * p5.registerAddon(mqttAddon);
 * let client;
 * function setup() {
 *   client = connectMqtt('mqtt://public:public@localhost', 'p5');
 *   client.subscribe('hello');
 * }
 * function keyPressed() { client.publish('hello', 'world'); }
 * function messageReceived(topic, message) { print(topic + ': ' + message); }
 */
export function mqttAddon(p5class: typeof p5, fn: Record<string, unknown>, lifecycles: Record<string, () => unknown>): void {
  // The same lookup as on p5 1.x, so "this sketch's connections" means one thing everywhere.
  const sketchFor = (self: unknown) => sketchOf(self, p5class as unknown as P5Class);
  fn['connectMqtt'] = function (this: p5, url?: string, clientId?: string, options?: SketchMqttOptions): MqttClient {
    const sketch = sketchFor(this);
    return connectSketch(sketch, () => callbacksOf(sketch), url, clientId, options);
  };

  let started = false;
  lifecycles['presetup'] = function () {
    started = true;
  };
  reportIfNoSketchStarts(() => started);

  lifecycles['predraw'] = function (this: p5) {
    const sketch = sketchFor(this);
    beforeDraw(sketch, callbacksOf(sketch));
  };

  lifecycles['remove'] = function (this: p5) {
    return closeSketch(sketchFor(this));
  };
}

/** Global mode keeps the sketch's functions on window; instance mode on the instance. */
export function callbacksOf(instance: object): SketchCallbacks {
  const context = (instance as { _isGlobal?: boolean })._isGlobal ? globalThis : instance;
  return context as SketchCallbacks;
}
