// The p5 side of the kit. Re-exports only.
export { mqttAddon, type SketchMqttOptions, type SketchCallbacks } from './addon.js';
export { registerOnP5 } from './register-on-p5.js';
export { mqttSketch, type MqttSketch } from './sketch-types.js';
export { StatusHud, DEFAULT_HUD_KEY } from './hud.js';
export * from '../index.js';
export { chooseBrokerUrl, connectInPage, pageBroker } from '../kit/index.js';
export type { KioskOptions, KioskStatus } from '../kit/kiosk/index.js';
