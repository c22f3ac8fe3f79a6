// The p5 side of the kit. Re-exports only.
export { mqttAddon, type SketchMqttOptions } from './addon.js';
export { chooseBrokerUrl } from './broker-choice.js';
export { mqttSketch, type MqttSketch } from './sketch-types.js';
export { StatusHud, DEFAULT_HUD_KEY } from './hud.js';
export * from '../index.js';
