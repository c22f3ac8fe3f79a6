import { mqttAddon, callbacksOf } from './addon.js';
import { beforeDraw, closeSketch, connectSketch, sketchOf, type P5Class, type SketchMqttOptions } from './sketch-connections.js';
import { reportIfNoSketchStarts } from './silent-page.js';
import type { MqttClient } from '../mqtt/client.js';

/** What the addon needs of p5 1.x's class (`@types/p5` would describe all of 1.x for these three). */
interface P5v1 extends P5Class {
  prototype: Record<string, unknown> & {
    registerMethod(hook: 'init' | 'pre' | 'remove', method: (this: object) => void): void;
  };
}

/** What the addon needs of p5 2.x's class. */
interface P5v2 {
  registerAddon(addon: typeof mqttAddon): void;
}

/**
 * Registers the addon on the p5 it is given, whichever major version: p5 2.x through
 * `registerAddon` and its lifecycles, p5 1.x (1.9 and newer) through `registerMethod`'s
 * `pre` and `remove` hooks — chosen by what the class has, as p5play and p5.capture do.
 * Returns which, or undefined for something that is not p5.
 *
 * @example
 * import p5 from 'p5'; // 1.x or 2.x
 * registerOnP5(p5);
 */
export function registerOnP5(p5class: unknown): '1.x' | '2.x' | undefined {
  const candidate = p5class as Partial<P5v2> & Partial<P5v1>;
  if (typeof candidate?.registerAddon === 'function') {
    candidate.registerAddon(mqttAddon as never);
    return '2.x';
  }
  if (typeof candidate?.prototype?.registerMethod !== 'function') return undefined;
  const proto = candidate.prototype;
  const p5v1 = candidate as P5v1;
  let started = false;
  proto['connectMqtt'] = function (this: object, url?: string, clientId?: string, options?: SketchMqttOptions): MqttClient {
    const sketch = sketchOf(this, p5v1);
    return connectSketch(sketch, () => callbacksOf(sketch), url, clientId, options);
  };
  proto.registerMethod('init', function () {
    started = true;
  });
  // In global mode p5 1.x calls 'pre' with this = window: sketchOf finds the sketch itself.
  proto.registerMethod('pre', function (this: object) {
    const sketch = sketchOf(this, p5v1);
    beforeDraw(sketch, callbacksOf(sketch));
  });
  proto.registerMethod('remove', function (this: object) {
    void closeSketch(sketchOf(this, p5v1));
  });
  reportIfNoSketchStarts(() => started);
  return '1.x';
}
